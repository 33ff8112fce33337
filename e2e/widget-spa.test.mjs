// The snippet in a single-page app (fixtures/company-site.mjs with &spa), as README.md gives
// it, the configuration inside the loader (&src): the URL changes through pushState,
// replaceState, the back button (popstate) and hash links, never with a page load, and the
// survey's URL rules are decided again at each change: it comes on the pages it targets,
// goes (without a dismissal) from those it does not, and a pending trigger is cancelled,
// also when another library wrapped pushState after Pulse.
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

/** A survey on the server with these targeting rules. */
function survey(id, targeting) {
  server.putSurvey({ id, company: "Northwind", allowed_origins: [site.origin], targeting });
  return id;
}

/** A new visitor on `path` of the app (`spa` as the fixture takes it), once the loader decided. */
async function open(id, path, spa = "") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const loader = page.waitForResponse((response) => response.url().endsWith(`/pulse.js?survey=${id}`));
  await page.goto(`${site.origin}${path}?survey=${id}&src&spa=${spa}`);
  await loader;
  await page.waitForTimeout(300);
  return { context, page };
}

const scale = (page) => page.locator("[data-placement]").getByRole("radiogroup");
const shown = (page) => page.locator("[data-placement]").count();
const events = (page) => page.evaluate(() => pulseEvents.map((event) => event.name));
const follow = (page, name) => page.getByRole("link", { name, exact: true }).click();

test("the survey comes on a page it targets and goes from one it does not, without a dismissal", async () => {
  const id = survey("spa-pages", { include_urls: ["*/pricing*"], exclude_urls: ["*#reviews"] });
  const { context, page } = await open(id, "/home");
  assert.equal(await shown(page), 0, "not on /home");

  await follow(page, "Pricing"); // pushState
  await scale(page).waitFor();
  await follow(page, "About"); // pushState
  await page.locator("[data-placement]").waitFor({ state: "detached" });
  assert.deepEqual(await events(page), ["pulse:shown"], "taken off, not dismissed");
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.pulse).dismissed), undefined);
  await context.close();

  const again = await open(id, "/home");
  await follow(again.page, "Pro plan"); // replaceState
  await scale(again.page).waitFor();
  await follow(again.page, "Reviews"); // a hash link: hashchange
  await again.page.locator("[data-placement]").waitFor({ state: "detached" });
  await again.context.close();
});

test("the back button decides again", async () => {
  const id = survey("spa-back", { include_urls: ["*/pricing*"] });
  const { context, page } = await open(id, "/pricing");
  await scale(page).waitFor();
  await follow(page, "About");
  await scale(page).waitFor({ state: "detached" });
  // Shown on /pricing, taken off on /about; the back button to /pricing (popstate) would
  // not show it again in the same visit, so the visit is over first.
  await page.evaluate(() => {
    const history = JSON.parse(localStorage.pulse);
    localStorage.pulse = JSON.stringify({ ...history, shown: 0 });
  });
  await page.goBack();
  assert.equal(new URL(page.url()).pathname, "/pricing");
  await scale(page).waitFor();
  await context.close();
});

test("a pending trigger is cancelled when the URL changes", async () => {
  const delayed = survey("spa-delay", { include_urls: ["*/pricing*"], delay_seconds: 1 });
  const { context, page } = await open(delayed, "/pricing");
  await follow(page, "About");
  await page.waitForTimeout(1500);
  assert.equal(await shown(page), 0, "the delay ran out on another page");
  await context.close();

  const scrolled = survey("spa-scroll", { include_urls: ["*/pricing*"], scroll_percent: 50 });
  const other = await open(scrolled, "/pricing");
  await follow(other.page, "About");
  await other.page.mouse.wheel(0, 20_000);
  await other.page.waitForTimeout(500);
  assert.equal(await shown(other.page), 0, "scrolled on another page");
  await other.context.close();

  // Still a page of the survey: the first trigger is cancelled, a new one waits for scrolling.
  const twice = await open(scrolled, "/pricing");
  await follow(twice.page, "Pro plan");
  await twice.page.mouse.wheel(0, 20_000);
  await scale(twice.page).waitFor();
  await twice.page.waitForTimeout(300);
  assert.equal(await shown(twice.page), 1, "one survey, not one per trigger");
  await twice.context.close();
});

test("another library that wraps pushState after Pulse keeps its wrapper, and the survey follows", async () => {
  const id = survey("spa-patched", { include_urls: ["*/pricing*"] });
  const { context, page } = await open(id, "/home", "patch");
  await page.waitForFunction(() => window.patch);
  await follow(page, "Pricing");
  await scale(page).waitFor();
  await follow(page, "About");
  await page.locator("[data-placement]").waitFor({ state: "detached" });
  assert.deepEqual(await page.evaluate(() => [history.pushState == patch, patched]), [true, 2]);
  await context.close();
});

test("a URL change as the survey shows, as a router tidying the URL makes, shows it once", async () => {
  const id = survey("spa-tidied", { include_urls: ["*/pricing*"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tidy = () => history.replaceState(null, "", location.pathname + "?tidied");
    addEventListener("pulse:shown", tidy, { once: true });
  });
  await page.goto(`${site.origin}/pricing?survey=${id}&src&spa=`);
  await scale(page).waitFor();
  await page.waitForTimeout(500);
  assert.equal(new URL(page.url()).search, "?tidied");
  assert.equal(await shown(page), 1);
  assert.deepEqual(await events(page), ["pulse:shown"]);
  await context.close();
});
