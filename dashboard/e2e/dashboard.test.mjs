// The dashboard in a real browser: Debian's Chromium driven by playwright-core, against a running
// c2a whose URL and API tokens (an admin's and a viewer's) come from the environment
// (DashboardE2ETest starts it). Screenshots go to C2A_SCREENSHOTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const url = process.env.C2A_URL;
const token = process.env.C2A_TOKEN;
const viewerToken = process.env.C2A_VIEWER_TOKEN;
const shots = process.env.C2A_SCREENSHOTS ?? "screenshots";
mkdirSync(shots, { recursive: true });
let browser, page;
const consoleErrors = [];

async function api(method, path, body) {
  const r = await fetch(url + path, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.C2A_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on("console", m => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("response", r => { if (r.status() >= 400 && r.status() !== 401) consoleErrors.push(`${r.status()} ${r.url()}`); });
  const requests = [];
  page.on("request", r => requests.push(r.url()));
  await page.goto(url + "/");
  // the service has a token: the dashboard asks for it
  await page.getByLabel("Token", { exact: true }).fill(token);
  await page.getByRole("button", { name: "Use token" }).click();
  await page.locator("#live").filter({ hasText: "live" }).waitFor();
  assert.ok(requests.every(u => !u.includes(token)), "the token never appears in a URL");
});

after(async () => {
  await browser?.close();
  // the one expected failure: the first call, made before the token was given, is a 401
  const unexpected = consoleErrors.filter(e => !e.includes("401") && !e.startsWith("Failed to load resource: the server responded with a status of 401"));
  assert.deepEqual(unexpected, [], `no errors in the browser: ${consoleErrors.join(" | ")}`);
});

test("the overview shows the service, its workers and the chart, live", async () => {
  await page.locator("#state-value").filter({ hasText: "running" }).waitFor();
  assert.equal(await page.locator(".worker").count(), 2);
  assert.equal(await page.locator("#store-value").textContent(), "local");
  assert.match(await page.locator("#disk-value").textContent(), /^\d+(\.\d)? (MiB|GiB)$/);
  // the chart gets a point every 5 s
  await page.waitForFunction(() => (document.querySelector("svg.chart polyline")?.getAttribute("points") ?? "")
    .split(" ").length >= 2, null, { timeout: 15000 });
  await page.screenshot({ path: `${shots}/overview.png`, fullPage: true });
});

test("a submitted job finishes and its audio plays with the sentence highlighted", async () => {
  await page.locator("nav").getByRole("link", { name: "Submit" }).click();
  await page.getByLabel("Text").fill("The first sentence is here. The second sentence follows it. And a third one ends the text.");
  await page.getByLabel("Search").fill("slt");
  await page.locator("[data-voice='flite:slt']").click();
  await page.getByRole("button", { name: /Play a sample of slt/ }).click();
  await page.waitForFunction(() => document.getElementById("sample").currentTime > 0.3, null, { timeout: 20000 });
  await page.getByLabel("Format").selectOption("mp3");
  await page.screenshot({ path: `${shots}/submit.png`, fullPage: true });
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/#\/jobs\//);
  await page.locator("#job-state").filter({ hasText: "succeeded" }).waitFor({ timeout: 60000 });
  const audio = page.locator("#player");
  await audio.waitFor();
  await page.locator("#captions .cue").nth(2).waitFor();
  await page.evaluate(() => document.getElementById("player").play());
  await page.waitForFunction(() => document.getElementById("player").currentTime > 0.5, null, { timeout: 20000 });
  await page.locator(".cue.speaking").first().waitFor();
  await page.screenshot({ path: `${shots}/job.png`, fullPage: true });
  assert.ok(await page.locator("#spoken .spoken").count() >= 3, "the normalised preview is shown");
});

test("the word being spoken is highlighted, a number's words on the number as written", async () => {
  const job = await api("POST", "/v1/jobs", { text: "It cost $3.50 yesterday, and nothing today.", voice: "espeak-ng:en-us", format: "mp3" });
  await page.goto(`${url}/#/jobs/${job.id}`);
  await page.locator("#job-state").filter({ hasText: "succeeded" }).waitFor({ timeout: 60000 });
  await page.locator("#captions .cue .word").nth(4).waitFor();
  assert.ok(await page.locator("#captions .word", { hasText: "$3.50" }).count() === 1, "the number is one written word");
  await page.evaluate(() => document.getElementById("player").play());
  await page.locator("#captions .word.now").first().waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelector("#captions .word.now")?.textContent === "$3.50", null, { timeout: 20000 });
  await page.screenshot({ path: `${shots}/words.png`, fullPage: true });
});

test("jobs are listed, filtered and searched", async () => {
  await api("POST", "/v1/jobs", { text: "A zebra crossed the road." });
  await page.locator("nav").getByRole("link", { name: "Jobs" }).click();
  await page.getByLabel("Search").fill("zebra");
  await page.locator("#jobs-body tr[data-job]").first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll("#jobs-body tr[data-job]").length === 1);
  await page.getByLabel("State").selectOption("failed");
  await page.locator("#jobs-body").filter({ hasText: "no jobs" }).waitFor();
  await page.screenshot({ path: `${shots}/jobs.png`, fullPage: true });
});

test("stop and start the service, and change the worker count", async () => {
  await page.locator("nav").getByRole("link", { name: "Overview" }).click();
  await page.locator("#drain").fill("5");
  await page.getByRole("button", { name: "Stop" }).click();
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.locator("#state-value").filter({ hasText: "stopped" }).waitFor({ timeout: 20000 });
  assert.equal((await api("GET", "/v1/service")).state, "stopped");
  await page.getByRole("button", { name: "Start" }).click();
  await page.locator("#state-value").filter({ hasText: "running" }).waitFor();
  await page.getByLabel("Worker count").fill("3");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".worker").length === 3, null, { timeout: 10000 });
  assert.equal((await api("GET", "/v1/service")).workers.desired, 3);
});

test("the cluster view shows this node alive and leading, and its controls reach every node", async () => {
  const { nodes } = await api("GET", "/v1/cluster");
  assert.equal(nodes.length, 1, "SQLite: a cluster of one");
  const id = nodes[0].id;
  await page.locator("nav").getByRole("link", { name: "Cluster" }).click();
  const node = page.locator(`.node[data-node='${id}']`);
  await node.waitFor();
  assert.equal(await node.getAttribute("data-status"), "alive");
  assert.equal(await node.locator(".node-status").textContent(), "alive");
  assert.equal(await node.locator(".leader-mark").count(), 1, "it leads");
  assert.match(await page.locator("#leader-value").textContent(), new RegExp(`^${id} \\(term \\d+\\)$`));
  await node.locator(".worker").first().waitFor();
  await page.getByRole("button", { name: "Pause all" }).click();
  await page.locator("#cluster-state-value").filter({ hasText: "paused" }).waitFor();
  assert.equal((await api("GET", "/v1/service")).state, "paused");
  await page.getByRole("button", { name: "Resume all" }).click();
  await page.locator("#cluster-state-value").filter({ hasText: "running" }).waitFor();
  assert.equal((await api("GET", "/v1/service")).state, "running");
  // the node shows the 3 workers of the test before with its next beat; going to 2 asks first
  const count = page.getByLabel(`Worker count of ${id}`, { exact: true });
  await page.waitForFunction(n => document.querySelector(`.node[data-node='${n}'] input`)?.value === "3", id, { timeout: 15000 });
  await count.fill("2");
  await page.getByRole("button", { name: `Apply the worker count of ${id}` }).click();
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.locator(`.node[data-node='${id}'] .worker`).nth(2).waitFor({ state: "detached", timeout: 15000 });
  assert.equal((await api("GET", "/v1/service")).workers.desired, 2);
  await page.screenshot({ path: `${shots}/cluster.png`, fullPage: true });
});

test("a job is cancelled from its page, after a confirmation", async () => {
  await api("POST", "/v1/service/pause");
  const job = await api("POST", "/v1/jobs", { text: "This job waits in the queue until it is cancelled." });
  await page.goto(`${url}/#/jobs/${job.id}`);
  await page.locator("#job-state").filter({ hasText: "queued" }).waitFor();
  await page.getByRole("button", { name: "Cancel job" }).click();
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  assert.equal((await api("GET", `/v1/jobs/${job.id}`)).state, "queued", "declining the confirmation changes nothing");
  await page.getByRole("button", { name: "Cancel job" }).click();
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.locator("#job-state").filter({ hasText: "cancelled" }).waitFor();
  assert.equal((await api("GET", `/v1/jobs/${job.id}`)).state, "cancelled");
  await api("POST", "/v1/service/resume");
});

test("busy workers show their job, stage and progress as it happens", async () => {
  const text = Array.from({ length: 150 }, (_, i) => `Sentence number ${i + 1} keeps one of the workers busy for a little while.`).join(" ");
  for (let i = 0; i < 4; i++) await api("POST", "/v1/jobs", { text, voice: "flite:slt" });
  await page.locator("nav").getByRole("link", { name: "Overview" }).click();
  await page.locator(".worker[data-state='busy'] progress").first().waitFor({ timeout: 30000 });
  await page.waitForFunction(() => [...document.querySelectorAll(".worker progress")].some(p => p.value > 2), null, { timeout: 30000 });
  const link = page.locator(".worker[data-state='busy'] a").first();
  assert.match(await link.getAttribute("href"), /^#\/jobs\//, "a busy worker links its job");
  await page.screenshot({ path: `${shots}/overview-busy.png`, fullPage: true });
});

test("everything can be reached with the keyboard", async () => {
  await page.goto(`${url}/#/`);
  await page.locator("#state-value").waitFor();
  const reached = new Set();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("Tab");
    reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim()));
  }
  for (const want of ["Jobs", "Submit", "btn-start", "btn-stop", "worker-count"]) {
    assert.ok(reached.has(want), `Tab reaches ${want}: ${[...reached].join(", ")}`);
  }
});

test("a viewer sees the service and its jobs but no control its role may not use", async () => {
  await api("POST", "/v1/service/pause");
  const job = await api("POST", "/v1/jobs", { text: "A viewer may look at this job, not retry it." });
  await api("POST", `/v1/jobs/${job.id}/cancel`);
  await api("POST", "/v1/service/resume");
  // a tab of its own: the token is kept per tab
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const viewer = await context.newPage();
  const forbidden = [];
  viewer.on("response", r => { if (r.status() === 403) forbidden.push(r.url()); });
  await viewer.goto(url + "/");
  await viewer.getByLabel("Token", { exact: true }).fill(viewerToken);
  await viewer.getByRole("button", { name: "Use token" }).click();
  await viewer.locator("#who").filter({ hasText: "viewer" }).waitFor();
  await viewer.locator("#state-value").waitFor();
  assert.equal(await viewer.locator("#btn-start, #btn-pause, #btn-resume, #btn-stop, #btn-resize, #worker-count").count(), 0);
  assert.ok(await viewer.locator("nav a[data-nav='submit']").isHidden(), "no way to submit");
  await viewer.screenshot({ path: `${shots}/viewer.png`, fullPage: true });
  await viewer.locator("nav").getByRole("link", { name: "Jobs" }).click();
  await viewer.locator(`#jobs-body tr[data-job='${job.id}']`).waitFor();
  assert.equal(await viewer.locator("#retry-failed, #jobs-body button").count(), 0, "no cancel or retry in the table");
  await viewer.goto(`${url}/#/jobs/${job.id}`);
  await viewer.locator("#job-state").filter({ hasText: "cancelled" }).waitFor();
  assert.equal(await viewer.locator("#btn-retry, #btn-cancel").count(), 0, "no retry on the job's page");
  await viewer.goto(`${url}/#/submit`);
  await viewer.locator("#submit-denied").waitFor();
  await viewer.locator("nav").getByRole("link", { name: "Cluster" }).click();
  await viewer.locator(".node[data-status='alive'] .leader-mark").waitFor();
  assert.equal(await viewer.locator("#cluster-controls, #nodes input, #nodes button").count(), 0, "no cluster control");
  assert.deepEqual(forbidden, [], "the dashboard asks nothing of the service a viewer may not");
  await context.close();
});
