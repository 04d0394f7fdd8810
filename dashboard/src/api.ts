// Talking to the service: the token (kept in sessionStorage, sent as a header, never in a URL),
// what the token may do, JSON calls whose errors carry the service's own explanation, and the
// event stream.

const TOKEN_KEY = "c2a-token";

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

let askForToken: () => Promise<void> = async () => {};

/** The page's way of asking the user for a token when the service answers 401. */
export function onTokenNeeded(ask: () => Promise<void>): void {
  askForToken = ask;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const t = token();
  return t ? { ...extra, Authorization: `Bearer ${t}` } : extra;
}

export async function call(method: string, path: string, body?: BodyInit | object, contentType?: string): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const init: RequestInit = { method, headers: headers() };
    if (body instanceof FormData || typeof body === "string" || body instanceof Blob) {
      init.body = body;
      if (contentType) init.headers = headers({ "Content-Type": contentType });
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = headers({ "Content-Type": "application/json" });
    }
    const r = await fetch(path, init);
    if (r.status === 401 && attempt === 0) {
      await askForToken();
      continue;
    }
    if (!r.ok) {
      let detail = `${r.status} ${r.statusText}`;
      try {
        const p = await r.json();
        detail = p.detail ?? p.error?.message ?? detail;
      } catch { /* not JSON */ }
      throw new ApiError(r.status, detail);
    }
    return r;
  }
}

/** What a token may do; each role may do what the ones before it may (the service decides, this only hides). */
export type Role = "viewer" | "operator" | "admin";
const ROLES: Role[] = ["viewer", "operator", "admin"];
let me: { name: string; role: Role } = { name: "", role: "viewer" };

/** Asks the service whose token this is (GET /v1/whoami); until it answers, only reading is offered. */
export async function whoami(): Promise<{ name: string; role: Role }> {
  me = await json("GET", "/v1/whoami");
  return me;
}

/** Whether the caller's role covers `needed`: viewer reads, operator also changes jobs and workers. */
export function may(needed: Role): boolean {
  return ROLES.indexOf(me.role) >= ROLES.indexOf(needed);
}

export async function json<T = any>(method: string, path: string, body?: BodyInit | object): Promise<T> {
  return (await call(method, path, body)).json();
}

/** A file of the service (audio) as an object URL, fetched with the token rather than put in a link. */
export async function blobUrl(path: string): Promise<string> {
  return URL.createObjectURL(await (await call("GET", path)).blob());
}

export interface StreamHandlers {
  event(name: string, data: any): void;
  state(connected: boolean): void;
}

/**
 * Reads GET /v1/events with fetch (EventSource cannot send a header), and reconnects by itself
 * after a drop, waiting a little longer each time up to 10 s.
 */
export function stream(handlers: StreamHandlers): void {
  let delay = 500;
  const connect = async () => {
    try {
      const r = await call("GET", "/v1/events");
      handlers.state(true);
      delay = 500;
      const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = "message", data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) name = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (data) handlers.event(name, JSON.parse(data));
        }
      }
    } catch { /* dropped or refused: try again below */ }
    handlers.state(false);
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 10_000);
  };
  connect();
}
