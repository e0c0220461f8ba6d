// A process for the RPC tests (bundled to out/test/support/rpcTestProcess.js): the same script runs
// as a worker thread or a forked child, like every src/processes/<name>/main.ts.
import { RemoteError, serve } from '../../src/processes/rpc/server';

export interface TestMethods {
  echo: { params: { value: number }; result: { value: number; pid: number } };
  hang: { params: Record<string, never>; result: null };
  crash: { params: { code: number }; result: null };
  /** Reports `steps` progress messages, then answers; stops early (rejects) when cancelled. */
  count: { params: { steps: number; delayMs: number }; result: { counted: number }; progress: { step: number } };
  fail: { params: { fatal: boolean }; result: null };
}

serve<TestMethods>({
  echo: ({ value }) => ({ value, pid: process.pid }),
  hang: () => new Promise<never>(() => undefined),
  crash: ({ code }) => {
    process.stderr.write('about to crash\n');
    process.exit(code);
  },
  count: async ({ steps, delayMs }, { signal, progress }) => {
    for (let step = 1; step <= steps; step++) {
      if (signal.aborted) throw new RemoteError('stopped', 'cancelled');
      progress({ step });
      await new Promise((r) => setTimeout(r, delayMs));
    }
    return { counted: steps };
  },
  fail: ({ fatal }) => {
    throw new RemoteError('the instance aborted', 'abort', fatal);
  },
}, { validate: (method, params) => typeof params === 'object' && params !== null && (method !== 'echo' || typeof (params as { value?: unknown }).value === 'number') });
