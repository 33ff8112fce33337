// The results benchmark: drives the release build of the results page in headless
// Chromium against a server holding many answers, and prints each figure beside its budget.
// Usage: node results.mjs URL EMAIL PASSWORD RESPONSES COMMENTS
import { readFileSync } from "node:fs";

import { launchBrowser, signIn } from "../../e2e/browser.mjs";

const AGGREGATE_JS = readFileSync(new URL("aggregate.mjs", import.meta.url), "utf8");

const [url, email, password, responses, comments] = process.argv.slice(2);
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
// Themes: from the click that opens the section to its themes and contrast on screen (the
// comments downloaded, read and counted), then the Wasm part of it as the page timed it:
// reading the comments (pulse:themes-corpus) and counting themes and contrast (pulse:themes).
await page.goto(`${url}/results/demo`);
await page.getByTestId("nps").waitFor({ timeout: 60_000 });
const opening = await page.evaluate(async () => {
  performance.clearMeasures();
  const started = performance.now();
  [...document.querySelectorAll("button")].find((button) => button.textContent === "Show the themes").click();
  while (!document.querySelector(".theme-list > li") || !document.querySelector(".contrast-lists ol")) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const took = (name) => performance.getEntriesByName(name).map((entry) => entry.duration);
  const download = performance.getEntriesByType("resource").find((entry) => entry.name.endsWith("/demo/comments"));
  return {
    visible: performance.now() - started,
    corpus: took("pulse:themes-corpus")[0],
    themes: took("pulse:themes")[0],
    download: download.responseEnd - download.startTime,
    bytes: download.encodedBodySize,
  };
});
const shownComments = await page.evaluate(async () => {
  const buffer = await (await fetch("/api/v1/admin/surveys/demo/comments")).arrayBuffer();
  // After the comments' 11-byte header and their feed's 8, the feed's count of answers
  // (layouts in pulse_core::comments and pulse_core::feed).
  return new DataView(buffer).getUint32(11 + 8, true);
});

// A filter change with Themes open: from the change event to the next frame after the themes
// were redrawn, and the Wasm counting of themes and contrast in it.
const themeChanges = [];
for (let run = 0; run < RUNS; run++) {
  const value = segments[1 + (run % (segments.length - 1))];
  themeChanges.push(
    await page.evaluate(async (value) => {
      performance.clearMeasures();
      const select = document.querySelectorAll(".filters select")[1];
      const before = document.querySelector(".theme-list").textContent;
      const started = performance.now();
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      if (document.querySelector(".theme-list").textContent === before) throw new Error("themes not redrawn");
      return { redrawn: performance.now() - started, wasm: performance.getEntriesByName("pulse:themes")[0].duration };
    }, value),
  );
  await page.locator("select").nth(1).selectOption("");
}
await browser.close();

if (js.total !== shownResponses) throw new Error(`JavaScript counted ${js.total} answers, the page ${shownResponses}`);
const jsNps = Math.round(js.nps);
if (String(jsNps) !== wasmNps.replace("+", "")) throw new Error(`NPS differs: JavaScript ${jsNps}, Wasm ${wasmNps}`);

const wasm = median(wasmRuns);
const redrawn = median(themeChanges.map((change) => change.redrawn));
const plain = median(js.durations);
const rows = [
  ["responses in the feed", `${shownResponses}`, `${responses}`, shownResponses === Number(responses)],
  ["first feed request after the import", `${Math.round(cold)} ms`, "≤ 2000 ms", cold <= 2000],
  ["navigation to NPS visible (median of 3)", `${median(loads)} ms`, "≤ 1500 ms", median(loads) <= 1500],
  [`filter change redrawn (median of ${RUNS})`, `${median(filterChanges).toFixed(1)} ms`, "≤ 100 ms", median(filterChanges) <= 100],
  [`Wasm aggregation (median of ${wasmRuns.length})`, `${wasm.toFixed(1)} ms`, "≤ 15 ms", wasm <= 15],
  [`plain JavaScript aggregation (median of ${RUNS})`, `${plain.toFixed(1)} ms`, "", null],
  ["JavaScript time / Wasm time", `${(plain / wasm).toFixed(2)}×`, "≥ 2×", plain / wasm >= 2],
  ["comments sent for Themes", `${shownComments}`, `${comments}`, shownComments === Number(comments)],
  ["comments download, compressed", `${(opening.bytes / 1e6).toFixed(2)} MB`, "", null],
  ["comments download", `${Math.round(opening.download)} ms`, "", null],
  ["Themes open to themes visible", `${Math.round(opening.visible)} ms`, "", null],
  ["Wasm: comments read (Corpus::new)", `${opening.corpus.toFixed(1)} ms`, "", null],
  ["Wasm: themes and contrast counted", `${opening.themes.toFixed(1)} ms`, "", null],
  ["Wasm: Themes opened, read and counted", `${(opening.corpus + opening.themes).toFixed(1)} ms`, "≤ 300 ms", opening.corpus + opening.themes <= 300],
  [`filter change, themes redrawn (median of ${RUNS})`, `${redrawn.toFixed(1)} ms`, "≤ 100 ms", redrawn <= 100],
  [`Wasm: themes recounted (median of ${RUNS})`, `${median(themeChanges.map((change) => change.wasm)).toFixed(1)} ms`, "", null],
];
console.log(`${"figure".padEnd(44)} ${"value".padStart(10)} ${"budget".padStart(10)}  verdict`);
for (const [name, value, budget, met] of rows) {
  const verdict = met === null ? "" : met ? "met" : "MISSED";
  console.log(`${name.padEnd(44)} ${value.padStart(10)} ${budget.padStart(10)}  ${verdict}`);
}
if (rows.some(([, , , met]) => met === false)) process.exit(1);
