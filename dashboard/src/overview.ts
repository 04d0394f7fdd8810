// Overview: the service's state and controls, the workers, the chart, recent failures.

import { json, may } from "./api.js";
import { render } from "./chart.js";
import { h, clear, duration, since } from "./dom.js";
import { act, confirmAction, live } from "./main.js";

/** One worker (idle, busy or retiring): its job, stage, progress and since when it is busy; `node` names its node. */
export function workerCard(w: any, node?: string): HTMLElement {
  const p = w.progress;
  return h("div", { class: "worker", role: "listitem", "data-state": w.state, "data-worker": w.id },
    h("strong", {}, w.id), " ", h("span", {}, w.state),
    w.jobId ? h("div", {}, h("a", { href: `#/jobs/${w.jobId}`, "aria-label": `job ${w.jobId}` }, w.jobId.slice(0, 13) + "…"))
      : h("div", { class: "muted" }, "no job"),
    w.stage ? h("div", {}, w.stage, p && p.total ? ` ${p.done}/${p.total}` : "") : null,
    p && p.total ? h("progress", { max: p.total, value: p.done, "aria-label": `progress of ${node ? node + " " : ""}${w.id}` }) : null,
    w.busySince ? h("div", { class: "muted" }, "busy since ", since(w.busySince)) : null);
}

export async function overview(main: HTMLElement): Promise<() => void> {
  clear(main);
  const stateBox = h("div", { class: "stats", id: "service-state" });
  const drain = h("input", { id: "drain", type: "number", min: 0, max: 3600, value: 30, size: 5 });
  const count = h("input", { id: "worker-count", type: "number", min: 1, max: 1024, size: 5 });
  const control = (label: string, path: string, id: string) =>
    h("button", { id, onclick: () => act(() => json("POST", path), `${label}: done`) }, label);
  const controls = h("div", { class: "row" },
    control("Start", "/v1/service/start", "btn-start"),
    control("Pause", "/v1/service/pause", "btn-pause"),
    control("Resume", "/v1/service/resume", "btn-resume"),
    h("label", { for: "drain" }, "Drain (s)"), drain,
    h("button", {
      id: "btn-stop", class: "danger", onclick: async () => {
        if (await confirmAction(`Stop the workers? Running jobs get ${drain.value} s to finish, then go back to the queue.`)) {
          await act(() => json("POST", `/v1/service/stop?drain=${encodeURIComponent(drain.value)}s`), "Stopping");
        }
      },
    }, "Stop"),
    h("label", { for: "worker-count" }, "Worker count"), count,
    h("button", {
      id: "btn-resize", class: "secondary", onclick: async () => {
        const n = Number(count.value);
        const now = live.status?.workers?.desired ?? 0;
        if (n < now && !(await confirmAction(`Go from ${now} to ${n} workers? Busy workers finish their job first.`))) return;
        await act(() => json("PUT", "/v1/service/workers", { count: n }), `Workers: ${n}`);
      },
    }, "Apply"));
  const workers = h("div", { class: "workers", id: "workers", role: "list", "aria-label": "Workers" });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Queue depth and jobs finished per minute over the last minutes");
  const chartNote = h("p", { class: "muted", id: "chart-note" });
  const failures = h("ul", { id: "failures", class: "plain" });
  main.append(
    h("h1", {}, "Overview"),
    h("section", { class: "panel", "aria-labelledby": "svc-h" }, h("h2", { id: "svc-h" }, "Service"), stateBox,
      may("operator") ? controls : null),
    h("section", { class: "panel", "aria-labelledby": "w-h" }, h("h2", { id: "w-h" }, "Workers"), workers),
    h("section", { class: "panel", "aria-labelledby": "c-h" }, h("h2", { id: "c-h" }, "Queue and throughput"), svg, chartNote,
      h("p", { class: "legend" }, h("span", {}, h("span", { class: "swatch queued" }), "queued"),
        h("span", {}, h("span", { class: "swatch rate" }), "finished per minute"))),
    h("section", { class: "panel", "aria-labelledby": "f-h" }, h("h2", { id: "f-h" }, "Recent failures"), failures));

  let countTouched = false;
  count.addEventListener("input", () => (countTouched = true));

  const showStatus = (s: any) => {
    if (!s) return;
    clear(stateBox);
    const jobsCount = s.jobs ?? {};
    stateBox.append(
      h("div", { class: "stat" }, h("b", { id: "state-value" }, s.state), "state"),
      h("div", { class: "stat" }, h("b", {}, duration(s.uptimeSeconds)), "uptime"),
      h("div", { class: "stat" }, h("b", {}, String(jobsCount.queued ?? "–")), "queued"),
      h("div", { class: "stat" }, h("b", {}, String(jobsCount.running ?? "–")), "running"),
      h("div", { class: "stat" }, h("b", {}, String(jobsCount.succeeded ?? "–")), "succeeded"),
      h("div", { class: "stat" }, h("b", {}, String(jobsCount.failed ?? "–")), "failed"),
      h("div", { class: "stat" }, h("b", {}, (s.engines ?? []).map((e: any) => e.name + (e.available ? "" : " ⚠")).join(", ")), "engines"),
      ...(s.storage ? [storeStat(s.storage), diskStat(s.storage)] : []),
      ...(s.intake ?? []).map(intakeStat),
      h("div", { class: "stat" }, h("b", {}, s.version), "version"));
    if (!countTouched) count.value = String(s.workers.desired);
    clear(workers);
    for (const w of s.workers.list) workers.append(workerCard(w));
  };

  // where audio is kept, and whether this node can work with it (status.storage)
  const storeStat = (st: any) => h("div", { class: "stat", title: st.available ? st.location : `${st.location}: ${st.error}` },
    h("b", { id: "store-value" }, st.store + (st.available ? "" : " ⚠ unavailable")), "store");
  const diskStat = (st: any) => h("div", { class: "stat", title: st.claimsHeld ?? `min-free-disk ${mib(st.minFreeDiskBytes)}` },
    h("b", { id: "disk-value" }, st.freeDiskBytes < 0 ? "?" : mib(st.freeDiskBytes) + (st.diskLow ? " ⚠ low" : "")),
    st.diskLow ? "disk free: no new jobs" : "disk free");
  // an intake adapter (status.intake): its broker, whether it consumes, what waits there
  const intakeStat = (i: any) => h("div", { class: "stat", "data-intake": i.name,
    title: `${i.type}, ${i.mode}: ${i.accepted} accepted, ${i.duplicates} duplicates, ${i.deadLettered} dead-lettered,`
      + ` ${i.published} results` + (i.lastError ? `; last error ${i.lastErrorAt}: ${i.lastError}` : "") },
    h("b", {}, !i.connected ? "⚠ disconnected" : (i.consuming ? "consuming" : "held") + (i.lag >= 0 ? `, lag ${i.lag}` : "")),
    `intake ${i.name}`);
  const mib = (bytes: number) => bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(1)} GiB` : `${Math.round(bytes / (1 << 20))} MiB`;

  const loadFailures = async () => {
    const page = await json("GET", "/v1/jobs?state=failed&limit=8");
    clear(failures);
    if (page.jobs.length === 0) failures.append(h("li", { class: "muted" }, "none"));
    for (const j of page.jobs) {
      failures.append(h("li", {}, h("a", { href: `#/jobs/${j.id}` }, j.id.slice(0, 13) + "…"), " ",
        h("span", { class: "error" }, j.error?.message ?? "failed"), " ", h("span", { class: "muted" }, since(j.finishedAt))));
    }
  };

  showStatus(live.status);
  render(svg, chartNote, live.samples);
  await act(loadFailures);
  const listener = (name: string, data: any) => {
    if (name === "status") showStatus(data);
    if (name === "sample") render(svg, chartNote, live.samples);
    if (name === "job" && data.state === "failed") act(loadFailures);
  };
  live.listeners.add(listener);
  return () => live.listeners.delete(listener);
}
