// The company's page of the widget tests: the snippet on a page served from another origin,
// with hostile CSS and a strict Content-Security-Policy (fixtures/company-site.mjs), the
// server it reaches, and the browser its visitors come with.
import assert from "node:assert/strict";

import { launchBrowser } from "./browser.mjs";
import { startCompanySite } from "./fixtures/company-site.mjs";
import { startServer } from "./server.mjs";

export const THANKS = "Thank you for your feedback!";
export const HOUR = 36e5;
export const DAY = 24 * HOUR;
// Every request of these tests comes from one client: the per-client limit must not bite.
const SERVER_ARGS = ["--widget-requests-per-minute", "100000"];

export let server;
export let site;
let browser;

/** Starts the server, the company site and the browser, for a file's tests. */
export async function setUp() {
  server = await startServer({ args: SERVER_ARGS });
  site = await startCompanySite(server.url);
  browser = await launchBrowser();
}

export async function tearDown() {
  await browser?.close();
  await site?.close();
  await server?.stop();
}

/** Starts the server again on the port and database of the one stopped, after an outage. */
export async function restartServer({ dir, port }) {
  server = await startServer({ dir, port, args: SERVER_ARGS });
}

/** A survey on the server, callable from the company site only. */
export function survey(id, fields = {}) {
  server.putSurvey({ id, company: "Northwind", allowed_origins: [site.origin], ...fields });
  return id;
}

/** A new visitor: a fresh context (empty localStorage) and a page that records what the
 * browser refused under the CSP and what it requested. */
export async function visitor(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request));
  await page.addInitScript(() => {
    window.violations = [];
    addEventListener("securitypolicyviolation", (event) => violations.push(event.violatedDirective));
  });
  return { context, page, requests };
}

export const surveyOn = (page) => page.locator("[data-placement]");
export const radio = (page, value) => surveyOn(page).getByRole("radio", { name: String(value), exact: true });

/** Opens `path` on the company site with the snippet of survey `id`, and waits until the
 * loader has fetched the configuration and decided whether to show it. */
export async function visit(page, id, path = "/shop") {
  const config = page.waitForResponse((response) => response.url().endsWith(`/surveys/${id}`));
  await page.goto(`${site.origin}${path}?survey=${id}`);
  await config;
  await page.waitForTimeout(300);
}

/** Waits until the server stored exactly one answer to survey `id`, complete once
 * `done(answer)` holds, for answers on their way; returns it. */
export async function storedOnce(id, done, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const answers = await server.stored(id);
    assert.ok(answers.length <= 1, `one answer stored, not ${answers.length}`);
    if (answers.length == 1 && done(answers[0])) return answers[0];
    if (Date.now() > deadline) assert.fail(`the answer to ${id} never arrived whole: ${JSON.stringify(answers)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The fields of a stored answer that the visitor gave. */
export const given = ({ nps, usability, comment, language, page }) => ({ nps, usability, comment, language, page });
