// Measures the built widget (dist/widget) against its budgets and prints a table; exits
// with 1 when a budget is missed. Run by scripts/bench-widget, after the build.
//
// Sizes are brotli (quality 11) of what a visitor downloads. The timings come from
// headless Chromium on a sample page served from localhost, with the survey's
// configuration served beside it: from `Pulse.show()` (the trigger) to the card on screen,
// cold (configuration, glue and Wasm all fetched then), as the median of five visits; the
// longest main-thread task and the layout shift while the survey loads, shows and is
// answered.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

import { chromium } from "playwright-core";

const ROOT = new URL("../..", import.meta.url).pathname;
const WIDGET = join(ROOT, "dist/widget");
// "1.5 KB" and "20 KB" read strictly: 1 KB = 1,000 bytes.
const KB = 1000;
const CONFIG = JSON.stringify({
  id: "bench",
  company: "Northwind Outfitters",
  scale: "one_to_ten",
  theme: { brand_color: "#3146d6", mode: "auto", placement: "corner", shape: "rounded" },
  targeting: {
    delay_seconds: 0, exit_intent: false, min_page_views: 1, include_urls: [], exclude_urls: [],
    sample_percent: 100, days_after_answer: 90, days_after_dismiss: 30,
  },
  modules: { commitment: false, repeat_purchase: false },
});
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Northwind Outfitters</h1>${"<p>Clothing and gear for long walks in bad weather.</p>".repeat(40)}
<script async src="/widget/pulse.js"></script></body></html>`;

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function serve() {
  const types = { js: "text/javascript", wasm: "application/wasm" };
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://bench").pathname;
    if (path.startsWith("/widget/")) {
      const name = path.slice("/widget/".length);
      response.writeHead(200, { "content-type": types[name.split(".").pop()] });
      return response.end(readFileSync(join(WIDGET, name)));
    }
    if (path == "/api/v1/surveys/bench") {
      response.writeHead(200, { "content-type": "application/json" });
      return response.end(CONFIG);
    }
    if (request.method == "POST") {
      response.writeHead(204);
      return response.end();
    }
    response.writeHead(200, { "content-type": "text/html" });
    response.end(PAGE);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** One cold visit: trigger-to-visible, longest task and layout shift, in ms and CLS. */
async function visit(browser, origin) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    window.bench = { longest: 0, shift: 0 };
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) bench.longest = Math.max(bench.longest, task.duration);
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((list) => {
      for (const shift of list.getEntries()) if (!shift.hadRecentInput) bench.shift += shift.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.Pulse);
  const visible = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const start = performance.now();
        Pulse.show("bench");
        const check = () => {
          const card = document.querySelector("[data-placement]")?.shadowRoot?.querySelector("dialog");
          if (card?.getBoundingClientRect().height > 0) resolve(performance.now() - start);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
  const survey = page.locator("[data-placement]");
  await survey.getByRole("radio", { name: "9", exact: true }).click();
  await survey.getByRole("radio", { name: "4", exact: true }).click();
  await survey.getByRole("textbox").fill("Fast");
  await survey.getByRole("button", { name: "Send" }).click();
  await survey.getByText("Thank you for your feedback!").waitFor();
  await page.waitForTimeout(200);
  const { longest, shift } = await page.evaluate(() => bench);
  await page.close();
  return { visible, longest, shift };
}

const sizes = Object.fromEntries(
  ["pulse.js", "pulse_widget.js", "pulse_widget_bg.wasm"].map((name) => [name, brotli(readFileSync(join(WIDGET, name)))]),
);
const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
  ],
});
const visits = [];
for (let run = 0; run < 5; run++) visits.push(await visit(browser, origin));
await browser.close();
server.close();

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [
  ["loader pulse.js (brotli)", sizes["pulse.js"], 1.5 * KB, "B"],
  ["JS glue pulse_widget.js (brotli)", sizes["pulse_widget.js"], null, "B"],
  ["Wasm, CSS and texts (brotli)", sizes["pulse_widget_bg.wasm"], null, "B"],
  ["total to see the survey (brotli)", total, 20 * KB, "B"],
  ["survey configuration JSON (brotli)", brotli(Buffer.from(CONFIG)), null, "B"],
  ["trigger to visible, cold (median of 5)", median(visits.map((v) => v.visible)), 150, "ms"],
  ["longest main-thread task (worst of 5)", Math.max(...visits.map((v) => v.longest)), 50, "ms"],
  ["cumulative layout shift (worst of 5)", Math.max(...visits.map((v) => v.shift)), 0, ""],
];

let missed = 0;
console.log(`${"figure".padEnd(42)} ${"value".padStart(10)} ${"budget".padStart(10)}  verdict`);
for (const [name, value, budget, unit] of rows) {
  const shown = unit == "ms" ? value.toFixed(1) : String(Math.round(value * 1000) / 1000);
  const ok = budget === null || value <= budget;
  if (!ok) missed++;
  const limit = budget === null ? "" : `≤ ${budget}`;
  console.log(
    `${name.padEnd(42)} ${`${shown} ${unit}`.padStart(10)} ${`${limit} ${budget === null ? "" : unit}`.padStart(10)}  ${budget === null ? "" : ok ? "met" : "MISSED"}`,
  );
}
console.log("(a longest task of 0 ms: none reached the 50 ms at which browsers report a long task)");
process.exit(missed ? 1 : 0);
