// Jobs: the table (filtered by state, searched by id or text, paged, updated live) and one job's
// page (text, normalised preview, timings, errors, audio with the spoken sentence and word highlighted).

import { blobUrl, json, may, token } from "./api.js";
import { h, append, clear, time, duration } from "./dom.js";
import { act, confirmAction, live } from "./main.js";

const STATES = ["", "queued", "running", "succeeded", "failed", "cancelled"];

/** A caption cue as the captions JSON has it; words only when the engine reported them. */
type Cue = { start: number; end: number; text: string; words?: { start: number; end: number; text: [number, number] }[] };

export async function jobs(main: HTMLElement): Promise<() => void> {
  clear(main);
  const state = h("select", { id: "filter-state" }, ...STATES.map(s => h("option", { value: s }, s || "all")));
  const search = h("input", { id: "search", type: "search", placeholder: "id or words of the text", size: 30 });
  const body = h("tbody", { id: "jobs-body" });
  const prev = h("button", { class: "secondary", id: "prev" }, "← Newer");
  const next = h("button", { class: "secondary", id: "next" }, "Older →");
  const retryAll = h("button", {
    id: "retry-failed", class: "secondary", onclick: async () => {
      if (await confirmAction("Retry every failed job with a fresh set of attempts?")) {
        await act(async () => {
          const r = await json("POST", "/v1/jobs/retry-failed");
          return r;
        }, "Failed jobs are queued again");
        await load();
      }
    },
  }, "Retry all failed");
  main.append(h("h1", {}, "Jobs"),
    h("div", { class: "row" }, h("label", { for: "filter-state" }, "State"), state,
      h("label", { for: "search" }, "Search"), search, may("operator") ? retryAll : null),
    h("table", { "aria-label": "Jobs" },
      h("thead", {}, h("tr", {}, ...["Job", "State", "Voice", "Format", "Queued", "Progress", ""].map(t => h("th", { scope: "col" }, t)))),
      body),
    h("div", { class: "row" }, prev, next));

  const cursors: (string | null)[] = [null];
  let page = 0;
  let nextCursor: string | null = null;

  let generation = 0;
  const load = async () => {
    // a slower, older answer (a reload from an event, say) must not replace a newer one
    const mine = ++generation;
    const q = new URLSearchParams({ limit: "20" });
    if (state.value) q.set("state", state.value);
    if (search.value.trim()) q.set("q", search.value.trim());
    if (cursors[page]) q.set("cursor", cursors[page]!);
    const r = await json("GET", `/v1/jobs?${q}`);
    if (mine !== generation) return;
    nextCursor = r.nextCursor ?? null;
    clear(body);
    if (r.jobs.length === 0) body.append(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "no jobs")));
    for (const j of r.jobs) {
      const p = j.progress;
      body.append(h("tr", { "data-job": j.id },
        h("td", {}, h("a", { href: `#/jobs/${j.id}` }, j.id)),
        h("td", { class: `state-${j.state}` }, j.state),
        h("td", {}, j.voice), h("td", {}, j.format), h("td", {}, time(j.queuedAt)),
        h("td", {}, p && p.total ? `${p.done}/${p.total}` : ""),
        h("td", {}, !may("operator") ? null : j.state === "queued" || j.state === "running" ? h("button", {
          class: "danger", "aria-label": `Cancel job ${j.id}`, onclick: () => cancel(j.id).then(load),
        }, "Cancel") : j.state === "failed" || j.state === "cancelled" ? h("button", {
          class: "secondary", "aria-label": `Retry job ${j.id}`,
          onclick: () => act(() => json("POST", `/v1/jobs/${j.id}/retry`), "Queued again").then(load),
        }, "Retry") : null)));
    }
    (prev as HTMLButtonElement).disabled = page === 0;
    (next as HTMLButtonElement).disabled = !nextCursor;
  };
  const reset = () => { cursors.length = 1; page = 0; act(load); };
  state.addEventListener("change", reset);
  let typing: number | undefined;
  search.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(reset, 300); });
  prev.addEventListener("click", () => { page = Math.max(0, page - 1); act(load); });
  next.addEventListener("click", () => { if (nextCursor) { cursors[page + 1] = nextCursor; page++; act(load); } });

  await act(load);
  let pending: number | undefined;
  const listener = (name: string) => {
    if ((name === "job" || name === "batch") && pending === undefined) {
      // many jobs finishing at once: one reload per half second at most
      pending = setTimeout(() => { pending = undefined; act(load); }, 500);
    }
  };
  live.listeners.add(listener);
  return () => { live.listeners.delete(listener); clearTimeout(pending); };
}

async function cancel(id: string): Promise<void> {
  if (await confirmAction(`Cancel job ${id}? A running job stops at its next sentence.`)) {
    await act(() => json("POST", `/v1/jobs/${id}/cancel`), "Cancel requested");
  }
}

export async function job(main: HTMLElement, id: string): Promise<() => void> {
  clear(main);
  const box = h("div", { id: "job" });
  main.append(h("p", {}, h("a", { href: "#/jobs" }, "← Jobs")), box);
  let objectUrl: string | undefined;
  // job events can arrive while a previous rendering still waits for its audio: each rendering is
  // built apart and shown only if no newer one started meanwhile (else two players would appear)
  let generation = 0;

  const show = async () => {
    const mine = ++generation;
    const j = await json("GET", `/v1/jobs/${id}`);
    const view = h("div", {});
    const p = j.progress;
    append(view, [
      h("h1", {}, "Job ", h("code", {}, j.id)),
      h("div", { class: "row" },
        h("span", { class: `state-${j.state}`, id: "job-state" }, j.state),
        may("operator") && (j.state === "queued" || j.state === "running")
          ? h("button", { class: "danger", id: "btn-cancel", onclick: () => cancel(id).then(show) }, "Cancel job") : null,
        may("operator") && (j.state === "failed" || j.state === "cancelled")
          ? h("button", { id: "btn-retry", onclick: () => act(() => json("POST", `/v1/jobs/${id}/retry`), "Queued again").then(show) }, "Retry job") : null),
      h("table", { "aria-label": "Details" }, h("tbody", {},
        row("Voice", j.voice), row("Format", j.format), row("Content", `${j.contentType}, ${j.textLength} characters`),
        row("Attempts", `${j.attempts} of ${j.maxAttempts}`), row("Queued", time(j.queuedAt)),
        row("Started", time(j.startedAt)), row("Finished", time(j.finishedAt)),
        row("Took", j.startedAt && j.finishedAt ? duration((Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 1000) : "–"),
        p && p.total ? row("Progress", `${p.done}/${p.total} sentences${p.chapters > 1 ? `, chapter ${p.chapter} of ${p.chapters}` : ""}`) : null)),
      j.textPreview ? h("section", {}, h("h2", {}, "Text"), h("pre", { class: "text" }, j.textPreview)) : null]);
    if (j.errors?.length) {
      view.append(h("h2", {}, "Errors"), h("ol", { id: "errors" }, ...j.errors.map((e: any) =>
        h("li", {}, h("span", { class: "error" }, e.message), " ", h("span", { class: "muted" }, time(e.at)),
          e.stderr ? h("pre", { class: "text" }, e.stderr) : null))));
    }
    // the preview is a dry run, a POST: like every POST it needs the operator role
    if (may("operator") && j.textPreview && j.contentType === "text/plain") {
      const preview = h("div", { id: "spoken" }, h("p", { class: "muted" }, "reading…"));
      view.append(h("h2", {}, "As it is spoken"), preview);
      act(async () => {
        const plan = await json("POST", "/v1/jobs/dry-run", { text: j.textPreview, voice: j.voice });
        clear(preview);
        for (const ch of plan.chapters) for (const s of ch.sentences) for (const piece of s.spoken) {
          preview.append(h("div", { class: "spoken" }, piece.text, " ", h("span", { class: "muted" }, `(${piece.voice.id})`)));
        }
      });
    }
    const url = j.result ? await player(view, j) : undefined;
    if (mine !== generation) {
      if (url) URL.revokeObjectURL(url);
      return;
    }
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = url;
    clear(box);
    box.append(view);
  };

  /** A cue's text, each written word that has spoken words in a span of its own, so it can be highlighted. */
  const written = (c: Cue): (Node | string)[] => {
    const starts = [...new Set((c.words ?? []).map(w => w.text[0]))].filter(at => at >= 0).sort((a, b) => a - b);
    const out: (Node | string)[] = [];
    let from = 0;
    for (const at of starts) {
      const word = (c.words ?? []).find(w => w.text[0] === at)!;
      const end = Math.max(at, Math.min(c.text.length, word.text[1]));
      if (at < from) continue;
      if (at > from) out.push(c.text.slice(from, at));
      out.push(h("span", { class: "word", "data-at": at }, c.text.slice(at, end)));
      from = end;
    }
    if (from < c.text.length) out.push(c.text.slice(from));
    return out;
  };

  /** Adds the player and captions; returns the object URL of the audio when it was fetched with the token. */
  const player = async (into: HTMLElement, j: any): Promise<string | undefined> => {
    const audio = h("audio", { controls: true, id: "player", preload: "auto" });
    // with a token the file is fetched with it (an <audio src> cannot send a header)
    const url = token() ? await blobUrl(j.result.audioUrl) : undefined;
    audio.src = url ?? j.result.audioUrl;
    const cues = (await json("GET", j.result.captions.json)).cues as Cue[];
    const list = h("ol", { class: "captions plain", id: "captions", "aria-label": "Captions" },
      ...cues.map((c, i) => h("li", {}, h("button", {
        class: "cue secondary", "data-cue": i, onclick: () => { audio.currentTime = c.start; audio.play(); },
      }, ...written(c)))));
    audio.addEventListener("timeupdate", () => {
      const t = audio.currentTime;
      list.querySelectorAll(".cue").forEach((el, i) => {
        const on = t >= cues[i].start && t < cues[i].end;
        el.classList.toggle("speaking", on);
        if (on) el.setAttribute("aria-current", "true"); else el.removeAttribute("aria-current");
        // the word being spoken: the written word its spoken word was read from ("$3.50" for "dollars")
        const word = on ? (cues[i].words ?? []).find(w => t >= w.start && t < w.end) : undefined;
        el.querySelectorAll(".word").forEach(span => span.classList.toggle("now",
          word !== undefined && (span as HTMLElement).dataset.at === `${word.text[0]}`));
      });
    });
    const downloads = h("p", { class: "row" }, "Download:",
      h("a", { href: "#", id: "dl-audio", onclick: (e: Event) => { e.preventDefault(); download(j.result.audioUrl, `${j.id}.${j.format}`); } }, `audio (${j.format}, ${duration(j.result.durationSeconds)})`),
      ...["vtt", "srt", "json"].map(x => h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); download(j.result.captions[x], `${j.id}.${x}`); } }, `captions .${x}`)));
    into.append(h("h2", {}, "Listen"), audio, list, downloads);
    return url;
  };

  await act(show);
  const listener = (name: string, data: any) => {
    if (name === "job" && data.id === id) act(show);
    if (name === "status") {
      const w = data.workers.list.find((x: any) => x.jobId === id);
      const el = document.getElementById("job-state");
      if (w && el) el.textContent = `running: ${w.stage} ${w.progress?.total ? `${w.progress.done}/${w.progress.total}` : ""}`;
    }
  };
  live.listeners.add(listener);
  return () => { live.listeners.delete(listener); if (objectUrl) URL.revokeObjectURL(objectUrl); };
}

function row(label: string, value: string | null | undefined): HTMLTableRowElement {
  return h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, value ?? "–"));
}

async function download(path: string, name: string): Promise<void> {
  await act(async () => {
    const url = await blobUrl(path);
    const a = h("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}
