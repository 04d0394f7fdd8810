// The overview's chart: queue depth and jobs finished per minute over the last minutes, as SVG
// (no library), from the service's samples (one every 5 s).

const NS = "http://www.w3.org/2000/svg";

export interface Sample { at: string; queued: number; running: number; succeeded: number; failed: number; }

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Jobs finished per minute between each sample and the one before it. */
export function throughput(samples: Sample[]): number[] {
  return samples.map((s, i) => {
    if (i === 0) return 0;
    const p = samples[i - 1];
    const seconds = Math.max(1, (Date.parse(s.at) - Date.parse(p.at)) / 1000);
    return Math.max(0, (s.succeeded + s.failed - p.succeeded - p.failed) * 60 / seconds);
  });
}

/** Draws the samples across the whole width (the SVG stretches; its lines keep their width). */
export function render(svg: SVGSVGElement, note: HTMLElement, samples: Sample[]): void {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const w = 600, hgt = 160, pad = 4;
  svg.setAttribute("viewBox", `0 0 ${w} ${hgt + 4}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const queued = samples.map(s => s.queued);
  const rate = throughput(samples);
  const series: [number[], string, string][] = [[queued, "#0b57d0", "queued"], [rate, "#146c2e", "finished per minute"]];
  const n = Math.max(2, samples.length);
  for (const [values, color] of series) {
    const max = Math.max(1, ...values);
    const points = values.map((v, i) => `${pad + (i * (w - 2 * pad)) / (n - 1)},${hgt - (v / max) * (hgt - 10)}`).join(" ");
    if (values.length > 0) {
      svg.appendChild(el("polyline", { points, fill: "none", stroke: color, "stroke-width": 2, "vector-effect": "non-scaling-stroke" }));
    }
  }
  svg.appendChild(el("line", { x1: 0, y1: hgt, x2: w, y2: hgt, stroke: "#767676", "vector-effect": "non-scaling-stroke" }));
  const minutes = samples.length > 1 ? (Date.parse(samples[samples.length - 1].at) - Date.parse(samples[0].at)) / 60000 : 0;
  note.textContent = samples.length > 1
    ? `Last ${minutes.toFixed(1)} min: queued now ${queued[queued.length - 1]} (most ${Math.max(...queued)}), finishing ${Math.round(rate[rate.length - 1])} a minute (most ${Math.round(Math.max(...rate))}).`
    : "Collecting samples (one every 5 s)…";
}
