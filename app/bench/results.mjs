// The results benchmark: drives the release build of the results page in headless
// Chromium against a server holding many answers, and prints each figure beside its budget.
// Usage: node results.mjs URL EMAIL PASSWORD RESPONSES
import { readFileSync } from "node:fs";

import { launchBrowser, signIn } from "../../e2e/browser.mjs";

const AGGREGATE_JS = readFileSync(new URL("aggregate.mjs", import.meta.url), "utf8");

const [url, email, password, responses] = process.argv.slice(2);
const RUNS = 7;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launchBrowser();
const page = await browser.newPage();
await signIn(page, url, { email, password });

// The import builds the feed's day blocks of the days it added answers to, so the first
// request after it only joins them.
const cold = await page.evaluate(async () => {
  const started = performance.now();
  await (await fetch("/api/v1/admin/surveys/demo/feed")).arrayBuffer();
  return performance.now() - started;
});

// Navigation to the NPS on screen.
const loads = [];
for (let run = 0; run < 3; run++) {
  const started = Date.now();
  await page.goto(`${url}/results/demo`);
  await page.getByTestId("nps").waitFor({ timeout: 60_000 });
  loads.push(Date.now() - started);
}
const shownResponses = Number(await page.getByTestId("responses").textContent());
const wasmNps = await page.getByTestId("nps").textContent();

// A filter change: from the change event to the next frame after the figures were redrawn.
const segments = await page.locator("select").nth(1).locator("option").evaluateAll((options) => options.map((option) => option.value));
const filterChanges = [];
for (let run = 0; run < RUNS; run++) {
  const value = segments[1 + (run % (segments.length - 1))];
  filterChanges.push(
    await page.evaluate(async (value) => {
      const select = document.querySelectorAll(".filters select")[1];
      const before = document.querySelector("[data-testid=responses]").textContent;
      const started = performance.now();
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      if (document.querySelector("[data-testid=responses]").textContent === before) throw new Error("figures not redrawn");
      return performance.now() - started;
    }, value),
  );
  await page.locator("select").nth(1).selectOption("");
}

// The Wasm aggregation of every answer, as the page timed it ("Everyone", all time).
const wasmRuns = await page.evaluate(() => {
  const everyone = performance.getEntriesByName("pulse:aggregate").filter((_, index) => index % 2 === 0);
  return everyone.map((entry) => entry.duration);
});

// The same aggregation in plain JavaScript, on the same feed, in the same page.
const js = await page.evaluate(async ([source, runs]) => {
  const module = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const { decodeFeed, aggregate } = await import(module);
  const buffer = await (await fetch("/api/v1/admin/surveys/demo/feed")).arrayBuffer();
  const feed = decodeFeed(buffer);
  const offset = -new Date().getTimezoneOffset();
  const durations = [];
  let result;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = aggregate(feed, offset);
    durations.push(performance.now() - started);
  }
  return { durations, total: result.total, nps: result.nps };
}, [AGGREGATE_JS, RUNS]);
await browser.close();

if (js.total !== shownResponses) throw new Error(`JavaScript counted ${js.total} answers, the page ${shownResponses}`);
const jsNps = Math.round(js.nps);
if (String(jsNps) !== wasmNps.replace("+", "")) throw new Error(`NPS differs: JavaScript ${jsNps}, Wasm ${wasmNps}`);

const wasm = median(wasmRuns);
const plain = median(js.durations);
const rows = [
  ["responses in the feed", `${shownResponses}`, `${responses}`, shownResponses === Number(responses)],
  ["first feed request after the import", `${Math.round(cold)} ms`, "≤ 2000 ms", cold <= 2000],
  ["navigation to NPS visible (median of 3)", `${median(loads)} ms`, "≤ 1500 ms", median(loads) <= 1500],
  [`filter change redrawn (median of ${RUNS})`, `${median(filterChanges).toFixed(1)} ms`, "≤ 100 ms", median(filterChanges) <= 100],
  [`Wasm aggregation (median of ${wasmRuns.length})`, `${wasm.toFixed(1)} ms`, "≤ 15 ms", wasm <= 15],
  [`plain JavaScript aggregation (median of ${RUNS})`, `${plain.toFixed(1)} ms`, "", null],
  ["JavaScript time / Wasm time", `${(plain / wasm).toFixed(2)}×`, "≥ 2×", plain / wasm >= 2],
];
console.log(`${"figure".padEnd(44)} ${"value".padStart(10)} ${"budget".padStart(10)}  verdict`);
for (const [name, value, budget, met] of rows) {
  const verdict = met === null ? "" : met ? "met" : "MISSED";
  console.log(`${name.padEnd(44)} ${value.padStart(10)} ${budget.padStart(10)}  ${verdict}`);
}
if (rows.some(([, , , met]) => met === false)) process.exit(1);
