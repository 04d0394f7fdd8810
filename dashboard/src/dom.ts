// Building the page from data without innerHTML: every text the service returns (job text,
// errors, voice names) goes in as a text node, so it can never become markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function duration(seconds: number): string {
  if (!isFinite(seconds) || seconds < 0) return "–";
  const s = Math.floor(seconds % 60), m = Math.floor(seconds / 60) % 60, hr = Math.floor(seconds / 3600);
  return hr > 0 ? `${hr}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export function since(iso: string | undefined): string {
  if (!iso) return "–";
  return duration((Date.now() - Date.parse(iso)) / 1000) + " ago";
}

export function time(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "–";
}
