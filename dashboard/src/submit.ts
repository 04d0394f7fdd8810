// Submit: text or a file, a voice picked from every engine's catalog (searchable, with a sample to
// hear), the format; then the new job's page.

import { blobUrl, call, json, may } from "./api.js";
import { h, clear } from "./dom.js";
import { act } from "./main.js";

const FORMATS = ["mp3", "wav", "ogg", "m4a", "flac", "m4b"];
const TYPES: Record<string, string> = { md: "text/markdown", markdown: "text/markdown", html: "text/html",
  htm: "text/html", ssml: "application/ssml+xml", epub: "application/epub+zip", txt: "text/plain" };

export async function submit(main: HTMLElement): Promise<() => void> {
  clear(main);
  if (!may("operator")) {
    main.append(h("h1", {}, "Submit"), h("p", { id: "submit-denied" },
      "This token has the viewer role: it may look at jobs, not submit them."));
    return () => {};
  }
  const text = h("textarea", { id: "text", rows: 8, cols: 80, placeholder: "Text to speak…" });
  const file = h("input", { id: "file", type: "file", accept: ".txt,.md,.markdown,.html,.htm,.ssml,.epub" });
  const format = h("select", { id: "format" }, ...FORMATS.map(f => h("option", { value: f }, f)));
  const filter = h("input", { id: "voice-search", type: "search", placeholder: "search voices: en, german, flite…", size: 30 });
  const chosen = h("output", { id: "voice-chosen" }, "automatic (the text's language)");
  const list = h("ul", { class: "voices plain", id: "voices", role: "listbox", "aria-label": "Voices" });
  const sample = h("audio", { id: "sample", hidden: true });
  let voice: string | null = null;

  const catalog = await json("GET", "/v1/voices");
  const draw = () => {
    clear(list);
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = catalog.voices.filter((v: any) => words.every(w =>
      `${v.id} ${v.language} ${v.name} ${v.gender ?? ""}`.toLowerCase().includes(w))).slice(0, 60);
    for (const v of shown) {
      list.append(h("li", { role: "option", "aria-selected": v.id === voice ? "true" : "false" },
        h("button", {
          class: "secondary", "data-voice": v.id, onclick: () => { voice = v.id; chosen.textContent = `${v.name} (${v.id})`; draw(); },
        }, `${v.name} · ${v.language}${v.gender ? " · " + v.gender : ""}`),
        h("button", {
          class: "secondary", "aria-label": `Play a sample of ${v.name}`, onclick: () => act(async () => {
            sample.src = await blobUrl(`/v1/voices/${encodeURIComponent(v.id)}/sample`);
            await sample.play();
          }),
        }, "▶ sample")));
    }
    if (shown.length === 0) list.append(h("li", { class: "muted" }, "no voice matches"));
  };
  filter.addEventListener("input", draw);
  draw();

  const go = h("button", {
    id: "btn-submit", onclick: () => act(async () => {
      const params = new URLSearchParams({ format: format.value });
      if (voice) params.set("voice", voice);
      let r: Response;
      const f = file.files?.[0];
      if (f) {
        const ext = f.name.split(".").pop()!.toLowerCase();
        r = await call("POST", `/v1/jobs?${params}`, f, TYPES[ext] ?? "text/plain");
      } else {
        r = await call("POST", "/v1/jobs", { text: text.value, format: format.value, ...(voice ? { voice } : {}) });
      }
      const created = await r.json();
      location.hash = `#/jobs/${created.id}`;
    }),
  }, "Submit");

  main.append(h("h1", {}, "Submit"),
    h("section", { class: "panel" },
      h("p", {}, h("label", { for: "text" }, "Text")), text,
      h("p", {}, h("label", { for: "file" }, "or a file"), " ", file, " ",
        h("span", { class: "muted" }, "(text, Markdown, HTML, SSML or EPUB)")),
      h("p", { class: "row" }, h("label", { for: "format" }, "Format"), format)),
    h("section", { class: "panel" },
      h("h2", {}, "Voice"), h("p", {}, "Chosen: ", chosen),
      h("p", {}, h("label", { for: "voice-search" }, "Search"), " ", filter), list, sample),
    go);
  return () => sample.pause();
}
