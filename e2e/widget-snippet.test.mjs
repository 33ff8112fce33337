// The snippet as README.md gives it, `pulse.js?survey=ID` (fixtures/company-site.mjs with
// &src): the server puts the survey's configuration into the loader, so that a visitor it
// asks downloads the loader, then the widget, and one it does not ask the loader alone. A
// survey limited to some origins is given only to their pages, the others get its id and
// the API's refusal; `data-survey` still works, with a request for the configuration.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser } from "./browser.mjs";
import { startCompanySite } from "./fixtures/company-site.mjs";
import { startServer } from "./server.mjs";

let server;
let site;
let browser;

before(async () => {
  server = await startServer({ args: ["--widget-requests-per-minute", "100000"] });
  site = await startCompanySite(server.url);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
});

/** A survey on the server, open to the company site's pages unless `allowed_origins` says otherwise. */
function survey(id, fields = {}) {
  server.putSurvey({ id, company: "Northwind", allowed_origins: [site.origin], ...fields });
  return id;
}

/**
 * A new visitor on the shop with the snippet (`query`: `&src` for README's, `` for
 * data-survey), once the loader has decided: the paths of the Pulse server's files it
 * downloaded (GET), and the console's warnings.
 */
async function visit(id, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const fetched = [];
  const warnings = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin == server.url && request.method() == "GET") fetched.push(url.pathname + url.search);
  });
  page.on("console", (message) => message.type() == "warning" && warnings.push(message.text()));
  // The load event waits for the loader, an async script.
  await page.goto(`${site.origin}/shop?survey=${id}${query}`);
  await page.waitForTimeout(500);
  return { context, page, fetched, warnings };
}

const scale = (page) => page.locator("[data-placement]").getByRole("radiogroup");

test("a visitor asked downloads the loader with the configuration in it, then the widget", async () => {
  const id = survey("snippet-asked");
  const { context, page, fetched } = await visit(id, "&src");
  await scale(page).waitFor();
  assert.deepEqual(fetched.sort(), [
    `/widget/pulse.js?survey=${id}`,
    "/widget/pulse_widget.js",
    "/widget/pulse_widget_bg.wasm",
  ]);
  // Pulse.show() shows the snippet's survey from the loader, asking for nothing more.
  await page.evaluate(() => Pulse.hide());
  await page.evaluate(() => Pulse.show());
  await scale(page).waitFor();
  assert.equal(fetched.length, 3);
  await context.close();
});

test("a visitor not asked downloads the loader alone, or with data-survey the configuration too", async () => {
  for (const targeting of [{ sample_percent: 0 }, { include_urls: ["*/pricing*"] }]) {
    const id = survey(`snippet-not-asked-${targeting.sample_percent ?? "elsewhere"}`, { targeting });
    const inlined = await visit(id, "&src");
    assert.deepEqual(inlined.fetched, [`/widget/pulse.js?survey=${id}`], JSON.stringify(targeting));
    await inlined.context.close();
    const attribute = await visit(id, "");
    assert.deepEqual(attribute.fetched, ["/widget/pulse.js", `/api/v1/surveys/${id}`], JSON.stringify(targeting));
    await attribute.context.close();
  }
});

test("a survey limited to other origins is not shown on this site: its loader has only the id", async () => {
  const id = survey("snippet-elsewhere", { allowed_origins: ["https://shop.example"] });
  const { context, page, fetched, warnings } = await visit(id, "&src");
  // The loader asked the API, which refused this site's page.
  assert.deepEqual(fetched, [`/widget/pulse.js?survey=${id}`, `/api/v1/surveys/${id}`]);
  assert.equal(await page.locator("[data-placement]").count(), 0);
  assert.equal(warnings.length, 1, warnings.join("\n"));
  await context.close();
});
