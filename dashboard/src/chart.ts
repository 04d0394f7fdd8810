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

export function render(svg: SVGSVGElement, samples: Sample[]): void {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const w = 600, hgt = 160, pad = 30;
  svg.setAttribute("viewBox", `0 0 ${w} ${hgt + 20}`);
  const queued = samples.map(s => s.queued);
  const rate = throughput(samples);
  const series: [number[], string, string][] = [[queued, "#0b57d0", "queued"], [rate, "#146c2e", "finished per minute"]];
  const n = Math.max(2, samples.length);
  for (const [values, color] of series) {
    const max = Math.max(1, ...values);
    const points = values.map((v, i) => `${pad + (i * (w - 2 * pad)) / (n - 1)},${hgt - (v / max) * (hgt - 20)}`).join(" ");
    if (values.length > 0) svg.appendChild(el("polyline", { points, fill: "none", stroke: color, "stroke-width": 2 }));
  }
  svg.appendChild(el("line", { x1: pad, y1: hgt, x2: w - pad, y2: hgt, stroke: "#767676" }));
  const minutes = samples.length > 1 ? (Date.parse(samples[samples.length - 1].at) - Date.parse(samples[0].at)) / 60000 : 0;
  const label = el("text", { x: pad, y: hgt + 16, "font-size": 12, fill: "#4a4a4a" });
  label.textContent = samples.length > 1 ? `last ${minutes.toFixed(1)} min · queued now ${queued[queued.length - 1]}, max ${Math.max(...queued)} · ${Math.round(rate[rate.length - 1])}/min now` : "collecting samples…";
  svg.appendChild(label);
}
