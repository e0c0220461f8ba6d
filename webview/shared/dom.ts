// A tiny element builder. Every string a panel shows can come from a model file (node names, op
// types, error messages), so text only ever goes through textContent and attributes through
// setAttribute: no innerHTML anywhere, nothing a model can inject.

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string | number | boolean | undefined> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | number | boolean | undefined> | null, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs?: Record<string, string | number | boolean | undefined> | null, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

/** Shows `text` in a page's dismissable error bar (`.notice`, role alert), with an icon of `iconClass`. */
export function showNotice(notice: HTMLElement, text: string, iconClass: string): void {
  clear(notice);
  const close = h('button', { class: 'link notice-close', title: 'Dismiss', 'aria-label': 'Dismiss' }, '✕');
  close.addEventListener('click', () => { notice.hidden = true; });
  notice.append(h('span', { class: iconClass, 'aria-hidden': 'true' }, '✖'), h('span', null, text), close);
  notice.hidden = false;
}
