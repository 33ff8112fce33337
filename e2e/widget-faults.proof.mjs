// Proof, issue #6: faults seen by the widget. The snippet on a company's page reaches
// pulse-server through a proxy that fails on demand (fixtures/fault-proxy.mjs): the server
// down, too slow for the widget's 10 s timeout (before and after storing the answer),
// answering 500 (from the proxy, or instead of the server's reply), dropping connections
// (before and after storing). In each, a visitor answers (score, ease of use, comment) while
// it fails, then reloads the page, or closes it and opens it again, before it heals: the
// visitor sees only the survey's thanks, never an error, and each answer is stored exactly
// once, whole, once the server is reachable again. When every test passed, writes the
// proof's summary (target/proof/widget-faults.json) with what the proxy and the server saw.
// Run by scripts/proof, not by `node --test e2e/`: it takes about a minute.
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";

import { launchBrowser } from "./browser.mjs";
import { startCompanySite } from "./fixtures/company-site.mjs";
import { startFaultProxy } from "./fixtures/fault-proxy.mjs";
import { startServer } from "./server.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const THANKS = "Thank you for your feedback!";
// Words a visitor should never read on the page because of a fault.
const ALARMING = /error|fail|problem|wrong|try again|offline|network|unavailable|connection|time(d)? ?out|\b5\d\d\b/i;

let server;
let proxy;
let site;
let browser;
// Every answer a visitor gave, with its survey: what the summary checks the server against.
const given = [];
// Requests the browser could not even send: the proxy was down.
let refused = 0;
// The summary is written only when every test passed: a failed or partial run leaves
// none, and `pulse-proof report --expect widget-faults` fails.
const SUMMARY = join(resolve(ROOT, process.env.PULSE_PROOF_DIR ?? "target/proof"), "widget-faults.json");
let tests = 0;
let passed = 0;

/** A test of the proof, counted as passed only when its body finished. */
function proof(name, body) {
  tests++;
  test(name, async () => {
    await body();
    passed++;
  });
}

before(async () => {
  rmSync(SUMMARY, { force: true });
  server = await startServer({ args: ["--widget-requests-per-minute", "100000"] });
  // Held 13 s: past the widget's 10 s timeout, and long enough for a held post to reach
  // the server 2 s after the one the widget sends in its place (after 1 s of back-off).
  proxy = await startFaultProxy(server.url, { hold: 13_000 });
  site = await startCompanySite(proxy.origin);
  browser = await launchBrowser();
});

after(async () => {
  if (server && proxy && passed == tests) await summarize();
  await browser?.close();
  await proxy?.close();
  await site?.close();
  await server?.stop();
});

/** Polls `check` until it gives something truthy, which it returns. */
async function until(check, message, timeout = 30_000) {
  for (const deadline = Date.now() + timeout; ; ) {
    const value = await check();
    if (value) return value;
    assert.ok(Date.now() < deadline, message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the visitor gave, as the server stores it. */
const whole = ({ nps, usability, comment }) => ({ nps, usability, comment });

/** Waits until the server holds survey `id`'s answer whole; fails on a second answer. */
const storedWhole = (id, answer, timeout) =>
  until(
    async () => {
      const answers = await server.stored(id);
      assert.ok(answers.length <= 1, `one answer stored, not ${answers.length}`);
      return answers.length == 1 && answers[0].comment && answers[0];
    },
    `the answer to ${id} never arrived whole`,
    timeout,
  ).then((stored) => assert.deepEqual(whole(stored), whole(answer)));

const surveyOn = (page) => page.locator("[data-placement]");
const radio = (page, value) => surveyOn(page).getByRole("radio", { name: String(value), exact: true });

/** The bodies of the answers waiting in the page's outbox. */
const waiting = (page) =>
  page.evaluate(() => Object.values(JSON.parse(localStorage["pulse:outbox"] ?? "{}")).map(({ body }) => JSON.parse(body)));

/** A new visitor, whose pages' dialogs and uncaught errors are recorded in `trouble`. */
async function visitor() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const trouble = [];
  const watch = (page) => {
    page.on("pageerror", (error) => trouble.push(`page error: ${error.message}`));
    page.on("dialog", (dialog) => {
      trouble.push(`dialog: ${dialog.message()}`);
      dialog.dismiss();
    });
  };
  context.on("page", watch);
  context.on("requestfailed", (request) => {
    if (request.url().startsWith(proxy.origin) && request.failure()?.errorText.includes("CONNECTION_REFUSED")) refused++;
  });
  return { context, page: await context.newPage(), trouble };
}

/** The visitor sees no dialog, no uncaught error and no alarming text, and can scroll. */
async function assertCalm(page, trouble) {
  assert.deepEqual(trouble, []);
  const text = await page.evaluate(() =>
    [document.body, ...[...document.querySelectorAll("*")].flatMap((host) => [...(host.shadowRoot?.children ?? [])])]
      .filter((element) => element.localName != "style")
      .map((element) => element.innerText)
      .join("\n"),
  );
  assert.doesNotMatch(text, ALARMING);
  const top = await page.evaluate(() => scrollY);
  await page.mouse.wheel(0, 300);
  await page.waitForFunction((top) => scrollY > top, top);
}

/** The entries of the proxy's log for answers to survey `id`. */
const posts = (id) => proxy.log.filter((entry) => entry.path == `/api/v1/surveys/${id}/responses`);

/**
 * A visitor answers survey `name` while `fault()` is on, then reloads the page while it
 * still is (`reopen`: also closes it and opens it again with an empty cache, so that not
 * even the loader arrives); `meanwhile(page, id)` runs before that. Until the proxy is
 * healed, no post of the answer is acknowledged, and the server has it only when the fault
 * strikes `after` storing. Then the answer must be stored whole, once, and not asked again.
 */
async function answerThrough(name, fault, { after = false, reopen = false, meanwhile = async () => {} } = {}) {
  const id = `faults-${name}`;
  server.putSurvey({ id, company: "Northwind", allowed_origins: [site.origin] });
  const n = given.length;
  const answer = { survey: id, nps: 2 + (n % 9), usability: 1 + (n % 5), comment: `Said while ${name}` };
  given.push(answer);
  const { context, page: first, trouble } = await visitor();
  let page = first;
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, answer.nps).waitFor();

  await fault();
  await radio(page, answer.nps).click();
  await surveyOn(page).getByText("How easy is it to use our website?").waitFor();
  await radio(page, answer.usability).click();
  await surveyOn(page).getByRole("textbox").fill(answer.comment);
  await surveyOn(page).getByRole("button", { name: "Send" }).click();
  await surveyOn(page).getByText(THANKS).waitFor();
  await assertCalm(page, trouble);
  const outbox = await waiting(page);
  assert.equal(outbox.length, 1, "the answer waits in the outbox");
  const key = outbox[0].id;
  await meanwhile(page, id);

  await page.reload({ waitUntil: "domcontentloaded" });
  if (reopen) {
    await page.close();
    page = await context.newPage();
    await (await context.newCDPSession(page)).send("Network.clearBrowserCache");
    await page.goto(`${site.origin}/shop?survey=${id}`);
  }
  await assertCalm(page, trouble);
  assert.deepEqual((await waiting(page)).map(whole), [whole(answer)], "the answer waits in the outbox");
  assert.equal(proxy.acknowledged.has(key), false, "no post of the answer was acknowledged");
  assert.equal((await server.stored(id)).length, Number(after), after ? "stored by the server" : "the server never had it");

  /** The visitor's next page: the survey, answered, is not shown again. */
  const nextPage = async () => {
    const config = page.waitForResponse((response) => response.url().endsWith(`/surveys/${id}`));
    await page.goto(`${site.origin}/about?survey=${id}`);
    await config;
    await page.waitForTimeout(500);
    assert.equal(await surveyOn(page).count(), 0, "not asked again");
    await assertCalm(page, trouble);
  };
  await proxy.set("pass");
  // Sent by the page's loader after its back-off; without a loader, by the next page's.
  if (reopen) {
    assert.equal(await page.evaluate(() => typeof Pulse), "undefined", "the loader never arrived");
    await nextPage();
  }
  await storedWhole(id, answer);
  await page.waitForFunction(() => localStorage["pulse:outbox"] == "{}");
  assert.ok(proxy.acknowledged.has(key));
  const sent = posts(id).length;
  await nextPage();
  assert.equal(posts(id).length, sent, "nothing sent again");
  await storedWhole(id, answer);
  await context.close();
}

proof("the server down (connection refused), and the page closed and opened again", async () => {
  const before = refused;
  await answerThrough("down", () => proxy.set("down"), { reopen: true });
  assert.ok(refused > before, "the browser's posts were refused");
});

proof("500 from a proxy, the answer never reaching the server", () => answerThrough("error500", () => proxy.set("error500")));

proof("500 instead of the server's reply, the answer stored", () =>
  answerThrough("error500-after", () => proxy.set("error500", { after: true }), { after: true }));

proof("connections dropped before reaching the server", () => answerThrough("drop", () => proxy.set("drop")));

proof("connections dropped once the server stored the answer", () =>
  answerThrough("drop-after", () => proxy.set("drop", { after: true }), { after: true }));

proof("past the widget's timeout: the request held, then the reply, the answer stored", () =>
  answerThrough("slow", () => proxy.set("slow"), {
    after: true,
    async meanwhile(page, id) {
      // The score's post, held: the widget gave up on it after 10 s.
      const score = await until(() => posts(id).find((entry) => entry.replied === false), "the score's post never timed out");
      assert.deepEqual([score.mode, score.after, score.forwarded], ["slow", false, undefined], "it never reached the server");
      await proxy.set("slow", { after: true });
      // The whole answer's post reaches the server, which stores it, but its reply is held past
      // the timeout: the answer stays in the outbox.
      const answer = given.at(-1);
      await storedWhole(id, answer);
      assert.equal(score.forwarded, undefined, "the score's post is still held");
      // The score's post reaches the server at last, after the whole answer: it erases nothing.
      await until(() => score.forwarded == 200, "the held score never reached the server");
      await storedWhole(id, answer);
      const late = () => posts(id).some((entry) => entry.after && entry.replied === false);
      await until(late, "the stored answer's reply was never held past the timeout");
      assert.deepEqual((await waiting(page)).map(whole), [whole(answer)], "stored, but never acknowledged");
    },
  }));

/** Writes the proof's summary from what the proxy saw and what the server stored. */
async function summarize() {
  let [count, lost, duplicates] = [0, 0, 0];
  for (const answer of given) {
    const answers = await server.stored(answer.survey);
    count += answers.length;
    duplicates += Math.max(answers.length - 1, 0);
    if (!answers.some((stored) => JSON.stringify(whole(stored)) == JSON.stringify(whole(answer)))) lost++;
  }
  const summary = {
    part: "widget-faults",
    requests: proxy.log.length + refused,
    faults: proxy.log.filter((entry) => entry.faulty).length + refused,
    bad_inputs: 0,
    acknowledged: proxy.acknowledged.size,
    stored: count,
    lost,
    duplicates,
    figures: [],
  };
  mkdirSync(dirname(SUMMARY), { recursive: true });
  writeFileSync(SUMMARY, JSON.stringify(summary, null, 2));
  console.log(`widget-faults: ${JSON.stringify(summary)}`);
}
