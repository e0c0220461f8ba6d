// The part of playwright-core's API the VS Code runners use. playwright-core is not a dependency of
// the project (it never ships): setup.sh installs it beside code-server and harness.ts loads it
// from there, so its own type declarations are not available to the type-check.

export interface Box { x: number; y: number; width: number; height: number }

export interface WaitOptions { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }

export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  locator(selector: string, options?: { hasText?: string }): Locator;
  waitFor(options?: WaitOptions): Promise<void>;
  click(options?: { timeout?: number }): Promise<void>;
  fill(value: string): Promise<void>;
  press(key: string): Promise<void>;
  hover(options?: { force?: boolean }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  isVisible(): Promise<boolean>;
  count(): Promise<number>;
  boundingBox(): Promise<Box | null>;
  selectOption(value: string): Promise<string[]>;
  evaluate<R, E = unknown>(fn: (element: E) => R): Promise<R>;
}

export interface Frame {
  locator(selector: string, options?: { hasText?: string }): Locator;
  parentFrame(): Frame | null;
  url(): string;
  evaluate<R>(fn: () => R): Promise<R>;
}

export interface JSHandle { jsonValue(): Promise<unknown> }

export interface ConsoleMessage {
  type(): string;
  text(): string;
  args(): JSHandle[];
}

export interface Page {
  locator(selector: string, options?: { hasText?: string }): Locator;
  frames(): Frame[];
  mainFrame(): Frame;
  goto(url: string): Promise<unknown>;
  on(event: 'console', listener: (message: ConsoleMessage) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  waitForFunction(fn: () => unknown, arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  screenshot(options: { path: string; clip?: Box }): Promise<unknown>;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  mouse: { move(x: number, y: number): Promise<void> };
}

export interface CDPSession {
  send(method: string, params?: object): Promise<unknown>;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  newCDPSession(page: Page): Promise<CDPSession>;
}

export interface Browser {
  newContext(options: { viewport: { width: number; height: number }; deviceScaleFactor: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
}

/** The browser page's globals, for the functions that run there (the type-check has no DOM lib). */
export interface PageGlobals {
  document: {
    body: { innerText: string } | null;
    querySelector(selector: string): unknown;
  };
}
