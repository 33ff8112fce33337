// The snippet behind a proxy (fixtures/fault-proxy.mjs) that answers an answer's post with a
// page of its own instead of the server's JSON, with CORS headers so that the page can read
// it: a 408, a 404 while a release rolls out, a 502. None of them is the server refusing the
// answer, so the answer waits and is stored once the proxy passes requests on again. A
// firewall's 403 page would come again: that answer is dropped. Either way, the answers
// waiting behind it go on.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser } from "./browser.mjs";
import { startCompanySite } from "./fixtures/company-site.mjs";
import { startFaultProxy } from "./fixtures/fault-proxy.mjs";
import { startServer } from "./server.mjs";

let server;
let proxy;
let site;
let browser;

before(async () => {
  server = await startServer({ args: ["--widget-requests-per-minute", "100000"] });
  proxy = await startFaultProxy(server.url, { hold: 0 });
  site = await startCompanySite(proxy.origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await server?.stop();
});

for (const status of [408, 404, 502]) {
  test(`an answer refused with a proxy's ${status} page is sent again and stored once`, async () => {
    const id = `e2e-proxy-${status}`;
    server.putSurvey({ id, company: "Northwind", allowed_origins: [site.origin] });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.origin}/shop?survey=${id}`);
    const nine = page.locator("[data-placement]").getByRole("radio", { name: "9", exact: true });
    await nine.waitFor();

    await proxy.set("page", { status });
    const refused = page.waitForResponse((response) => response.url().endsWith("/responses"));
    await nine.click();
    assert.equal((await refused).status(), status);
    await proxy.set("pass");

    for (let wait = 0; ; wait += 200) {
      const answers = await server.stored(id);
      if (answers.length) {
        assert.deepEqual(answers.map((answer) => answer.nps), [9]);
        break;
      }
      assert.ok(wait < 10_000, "the answer never arrived");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await context.close();
  });
}

/** Waits until survey `id` has an answer stored, and returns its answers. */
async function storedSoon(id) {
  for (let wait = 0; ; wait += 200) {
    const answers = await server.stored(id);
    if (answers.length) return answers;
    assert.ok(wait < 10_000, `no answer to ${id} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const status of [403, 502]) {
  test(`an answer refused with a proxy's ${status} page does not hold back the answers after it`, async () => {
    const [first, second] = [`e2e-proxy-first-${status}`, `e2e-proxy-second-${status}`];
    for (const id of [first, second]) server.putSurvey({ id, company: "Northwind", allowed_origins: [site.origin] });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.origin}/shop?survey=${first}`);
    const radio = (score) => page.locator("[data-placement]").getByRole("radio", { name: score, exact: true });
    await radio("9").waitFor();

    // Only the first survey's answers meet the proxy's page, every time they are sent.
    await proxy.set("page", { status, path: `/${first}/responses` });
    const refused = page.waitForResponse((response) => response.url().endsWith(`/${first}/responses`));
    await radio("9").click();
    assert.equal((await refused).status(), status);

    // The next page shows the second survey; its answer waits behind the first one.
    await page.goto(`${site.origin}/pricing`);
    await page.waitForFunction(() => window.Pulse);
    await page.evaluate((id) => Pulse.show(id), second);
    await radio("6").click();
    assert.deepEqual((await storedSoon(second)).map((answer) => answer.nps), [6]);
    assert.deepEqual(await server.stored(first), []);

    await proxy.set("pass");
    if (status == 403) {
      // Final: the answer no longer waits (it was dropped), and is never stored.
      const waiting = await page.evaluate(() => Object.values(JSON.parse(localStorage["pulse:outbox"] ?? "{}")));
      assert.deepEqual(waiting.filter(({ url }) => url.includes(first)), []);
      assert.deepEqual(await server.stored(first), []);
    } else {
      assert.deepEqual((await storedSoon(first)).map((answer) => answer.nps), [9]);
    }
    await context.close();
  });
}
