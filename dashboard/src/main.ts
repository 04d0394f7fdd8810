// The dashboard's shell: routes (#/, #/cluster, #/jobs, #/jobs/{id}, #/submit), the live event
// stream, the token and confirmation dialogs, and the messages.

import { ApiError, may, onTokenNeeded, setToken, stream, json, whoami } from "./api.js";
import { overview } from "./overview.js";
import { cluster } from "./cluster.js";
import { jobs, job } from "./jobs.js";
import { submit } from "./submit.js";
import type { Sample } from "./chart.js";

export interface Live {
  status: any;
  samples: Sample[];
  listeners: Set<(name: string, data: any) => void>;
}

export const live: Live = { status: null, samples: [], listeners: new Set() };

export function toast(message: string): void {
  const t = document.getElementById("toast")!;
  t.textContent = message;
  t.hidden = false;
  clearTimeout((t as any).timer);
  (t as any).timer = setTimeout(() => (t.hidden = true), 6000);
}

/** Runs an action, showing what went wrong in the service's own words. */
export async function act(what: () => Promise<unknown>, done?: string): Promise<boolean> {
  try {
    await what();
    if (done) toast(done);
    return true;
  } catch (e) {
    toast(e instanceof ApiError ? e.message : String(e));
    return false;
  }
}

/** Asks before a dangerous action; resolves true only on Confirm. */
export function confirmAction(text: string): Promise<boolean> {
  const dialog = document.getElementById("confirm-dialog") as HTMLDialogElement;
  document.getElementById("confirm-text")!.textContent = text;
  return new Promise(resolve => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    (document.getElementById("confirm-no") as HTMLButtonElement).focus();
  });
}

function askToken(): Promise<void> {
  const dialog = document.getElementById("token-dialog") as HTMLDialogElement;
  const input = document.getElementById("token-input") as HTMLInputElement;
  return new Promise(resolve => {
    dialog.addEventListener("close", () => {
      setToken(input.value.trim());
      input.value = "";
      resolve();
    }, { once: true });
    if (!dialog.open) dialog.showModal();
    input.focus();
  });
}

let leave: (() => void) | undefined;

async function route(): Promise<void> {
  leave?.();
  leave = undefined;
  const main = document.getElementById("main")!;
  const path = location.hash.replace(/^#/, "") || "/";
  const section = path.startsWith("/jobs") ? "jobs" : path.startsWith("/submit") ? "submit"
    : path.startsWith("/cluster") ? "cluster" : "overview";
  for (const a of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
    if (a.dataset.nav === section) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const m = path.match(/^\/jobs\/([A-Za-z0-9-]+)$/);
  if (m) leave = await job(main, m[1]);
  else if (section === "jobs") leave = await jobs(main);
  else if (section === "submit") leave = await submit(main);
  else if (section === "cluster") leave = await cluster(main);
  else leave = await overview(main);
}

async function start(): Promise<void> {
  onTokenNeeded(askToken);
  try {
    live.samples = (await json("GET", "/v1/service/history")).samples;
  } catch { /* the stream brings them */ }
  // the pages offer only what the token's role may do (asked once: a new token comes with a reload)
  await act(async () => {
    const me = await whoami();
    document.getElementById("who")!.textContent = `${me.name} · ${me.role}`;
    document.querySelector<HTMLElement>("nav a[data-nav='submit']")!.hidden = !may("operator");
  });
  const liveLabel = document.getElementById("live")!;
  stream({
    state: connected => (liveLabel.textContent = connected ? "● live" : "○ reconnecting…"),
    event: (name, data) => {
      if (name === "status") live.status = data;
      if (name === "sample") {
        live.samples.push(data);
        if (live.samples.length > 180) live.samples.shift();
      }
      for (const l of live.listeners) l(name, data);
    },
  });
  window.addEventListener("hashchange", route);
  await route();
}

start();
