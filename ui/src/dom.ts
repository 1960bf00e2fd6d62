// A tiny element builder: the UI is plain DOM (no framework), and text always goes in as text, so
// nothing the API returns can become markup.
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value as EventListener);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the element's content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A unique id for label/for and aria-describedby pairs. */
export const uid = (prefix: string) => `${prefix}-${++ids}`;

/** A labelled form field: the label, the control, and a slot for its validation message. */
export function field(
  label: string,
  control: HTMLElement,
  opts: { hint?: string; required?: boolean } = {},
): { wrap: HTMLElement; error: HTMLElement; control: HTMLElement } {
  const id = control.id || uid('f');
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = opts.hint ? `${id}-hint` : undefined;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (opts.required) control.setAttribute('aria-required', 'true');
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' });
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, opts.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    opts.hint ? h('p', { class: 'hint', id: hintId }, opts.hint) : null,
    control,
    error,
  );
  return { wrap, error, control };
}

/** Shows (or clears) a field's message and marks the control invalid for assistive technology. */
export function setError(f: { error: HTMLElement; control: HTMLElement }, message: string | null): void {
  f.error.textContent = message ?? '';
  if (message) f.control.setAttribute('aria-invalid', 'true');
  else f.control.removeAttribute('aria-invalid');
}
