// Cluster: every node sharing the database (alive, lost or left; the leader marked) with its
// workers and engines, and, for operators, the controls of every node and each node's worker count.
// GET /v1/cluster every 2 s: a node publishes its view with its beat, so faster would show nothing new.

import { json, may } from "./api.js";
import { h, append, clear, since } from "./dom.js";
import { act, confirmAction } from "./main.js";
import { workerCard } from "./overview.js";

const REFRESH_MS = 2000;

/** A node's panel: built once, so that its worker count keeps what the user types while the rest refreshes. */
interface NodePanel {
  panel: HTMLElement;
  heading: HTMLElement;
  body: HTMLElement;
  count?: HTMLInputElement;
  touched: boolean;
  desired: number;
}

export async function cluster(main: HTMLElement): Promise<() => void> {
  clear(main);
  const stateBox = h("div", { class: "stats", id: "cluster-state" });
  const drain = h("input", { id: "cluster-drain", type: "number", min: 0, max: 3600, value: 30, size: 5 });
  const control = (label: string, action: string) => h("button", {
    id: `btn-cluster-${action}`, onclick: () => act(() => json("POST", `/v1/cluster/${action}`), `${label}: done`).then(load),
  }, label);
  const controls = h("div", { class: "row", id: "cluster-controls" },
    control("Start all", "start"), control("Pause all", "pause"), control("Resume all", "resume"),
    h("label", { for: "cluster-drain" }, "Drain (s)"), drain,
    h("button", {
      id: "btn-cluster-stop", class: "danger", onclick: async () => {
        if (await confirmAction(`Stop the workers of every node? Running jobs get ${drain.value} s to finish, then go back to the queue.`)) {
          await act(() => json("POST", `/v1/cluster/stop?drain=${encodeURIComponent(drain.value)}s`), "Stopping every node");
          await load();
        }
      },
    }, "Stop all"));
  const nodesBox = h("div", { id: "nodes" });
  main.append(h("h1", {}, "Cluster"),
    h("section", { class: "panel", "aria-labelledby": "cluster-h" }, h("h2", { id: "cluster-h" }, "Every node"), stateBox,
      may("operator") ? controls : null),
    nodesBox);

  const panels = new Map<string, NodePanel>();

  const panelOf = (id: string): NodePanel => {
    let p = panels.get(id);
    if (p) return p;
    const n = panels.size;
    const heading = h("h2", { id: `node-h-${n}` });
    const body = h("div", {});
    const panel = h("section", { class: "panel node", "data-node": id, "aria-labelledby": `node-h-${n}` }, heading, body);
    p = { panel, heading, body, touched: false, desired: 0 };
    if (may("operator")) {
      const count = h("input", { id: `node-count-${n}`, type: "number", min: 1, max: 1024, size: 5 });
      const mine = p;
      count.addEventListener("input", () => (mine.touched = true));
      panel.append(h("div", { class: "row" }, h("label", { for: `node-count-${n}` }, `Worker count of ${id}`), count,
        h("button", {
          class: "secondary", "aria-label": `Apply the worker count of ${id}`, onclick: async () => {
            const wanted = Number(count.value);
            if (wanted < mine.desired && !(await confirmAction(`Go from ${mine.desired} to ${wanted} workers on ${id}? Busy workers finish their job first.`))) return;
            if (await act(() => json("PUT", `/v1/cluster/nodes/${encodeURIComponent(id)}/workers`, { count: wanted }), `${id}: ${wanted} workers`)) {
              mine.touched = false;
            }
          },
        }, "Apply")));
      p.count = count;
    }
    panels.set(id, p);
    return p;
  };

  const showNode = (node: any) => {
    const p = panelOf(node.id);
    p.panel.dataset.status = node.status;
    p.panel.dataset.leader = String(node.leader);
    clear(p.heading);
    append(p.heading, [node.id, " ",
      h("span", { class: `node-status status-${node.status}` },
        node.status === "lost" ? "⚠ lost: its jobs go to other nodes" : node.status),
      node.leader ? h("span", { class: "leader-mark", title: "runs the maintenance: lease recovery, pruning" }, "★ leader") : null]);
    const busy = node.workers.filter((w: any) => w.jobId).length;
    clear(p.body);
    p.body.append(
      h("div", { class: "stats" },
        h("div", { class: "stat" }, h("b", { class: "node-state" }, node.state ?? "–"), "state"),
        h("div", { class: "stat" }, h("b", {}, `${busy}/${node.desiredWorkers}`), "busy/workers"),
        h("div", { class: "stat" }, h("b", {}, since(node.lastBeatAt)), "last beat"),
        h("div", { class: "stat" }, h("b", {}, node.url ? h("a", { href: node.url }, node.url) : "–"), "URL"),
        h("div", { class: "stat" }, h("b", {}, node.version ?? "–"), "version")),
      h("p", { class: "engines" }, "Engines: ", ...(node.engines ?? []).flatMap((e: any, i: number) => [i ? ", " : "",
        e.available ? `${e.name} ${e.version}` : h("span", { class: "error", title: e.detail ?? "" }, `${e.name} ⚠ unavailable`)])),
      h("div", { class: "workers", role: "list", "aria-label": `Workers of ${node.id}` },
        ...node.workers.map((w: any) => workerCard(w, node.id))));
    p.desired = node.desiredWorkers;
    if (p.count && !p.touched) p.count.value = String(node.desiredWorkers);
    return p.panel;
  };

  const load = async () => {
    const c = await json("GET", "/v1/cluster");
    const jobs = c.jobs ?? {};
    const count = (status: string) => c.nodes.filter((n: any) => n.status === status).length;
    clear(stateBox);
    stateBox.append(
      h("div", { class: "stat", title: "what every node is asked to do; a node's own state is in its panel" },
        h("b", { id: "cluster-state-value" }, c.state ?? "not set"), "desired state"),
      h("div", { class: "stat" }, h("b", { id: "leader-value" }, c.leader ? `${c.leader.node} (term ${c.leader.term})` : "none"), "leader"),
      h("div", { class: "stat" }, h("b", {}, `${count("alive")} alive` + (count("lost") ? `, ⚠ ${count("lost")} lost` : "")), "nodes"),
      ...["queued", "running", "succeeded", "failed"].map(s => h("div", { class: "stat" }, h("b", {}, String(jobs[s] ?? "–")), s)));
    const shown = new Set<string>();
    for (const node of c.nodes) {
      shown.add(node.id);
      const panel = showNode(node);
      // appended once: moving it would take the focus from its worker count
      if (!panel.isConnected) nodesBox.append(panel);
    }
    for (const [id, p] of panels) {
      if (!shown.has(id)) {
        p.panel.remove();
        panels.delete(id);
      }
    }
  };

  await act(load);
  const timer = setInterval(() => act(load), REFRESH_MS);
  return () => clearInterval(timer);
}
