// The results page's filters reach everything and live in its address: two segments
// combined narrow the figures, the comments and the CSV export to the answers carrying
// both, and the address, reloaded or shared, shows exactly the same.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, shownTexts, signIn } from "./browser.mjs";
import { downloadAnswers } from "./exported.mjs";
import { headline } from "./figures.mjs";
import { startServer } from "./server.mjs";

const SURVEY = "filters";
const MARKETER = { email: "filters@example.com", password: "a long enough password" };
// [score, page, plan, comment], oldest first.
const ANSWERS = [
  [10, "/checkout", "pro", "Paid in seconds"],
  [9, "/checkout", "free", "Fine for a free plan"],
  [4, "/pricing", "pro", "Prices are unclear"],
  [6, "/checkout", "pro", "Card refused twice"],
  [8, "/pricing", "free", "Cheaper than the others"],
  [7, "/checkout", "pro", "Good, but slow to load"],
];
const id = (index) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
const CHECKOUT_PRO = ANSWERS.map((answer, index) => [index, ...answer]).filter(
  ([, , page, plan]) => page === "/checkout" && plan === "pro",
);

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  server.putSurvey({ id: SURVEY, company: "Filters Ltd" });
  server.addUser(MARKETER.email, "viewer", MARKETER.password);
  for (const [index, [nps, path, plan, comment]] of ANSWERS.entries()) {
    const answer = { id: id(index), nps, comment, page: path, language: "en", attributes: { plan } };
    const response = await fetch(`${server.url}/api/v1/surveys/${SURVEY}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(answer),
    });
    assert.equal(response.status, 200);
    // Distinct times, so that the newest-first order is the order they were sent.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, server.url, MARKETER, `/results/${SURVEY}`);
  await page.getByTestId("nps").waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const FIGURES = ["nps", "responses", "promoters", "passives", "detractors"];
const expectedFigures = (answers) => {
  const all = headline(answers.map(([, score]) => score));
  return Object.fromEntries(FIGURES.map((figure) => [figure, all[figure]]));
};
const shownComments = () => page.locator(".comment-list .comment-text").allTextContents();
/** Waits until the comments list shows `count` comments, then returns them. */
async function commentsOnceThere(count) {
  await page.waitForFunction(
    (count) => document.querySelectorAll(".comment-list .comment").length === count,
    count,
  );
  return shownComments();
}
const newestFirst = (answers) => answers.map(([, , , , comment]) => comment).reverse();
/** What the segment menus show, in order (the last one adds a segment). */
const chosenSegments = () =>
  page.locator(".segment-filters select").evaluateAll((menus) => menus.map((menu) => menu.selectedOptions[0].text));

test("page /checkout and plan pro narrow figures, comments and CSV to the answers carrying both", async () => {
  const entries = await page.evaluate(() => history.length);
  await page.getByLabel("Segment").selectOption({ label: "Page /checkout" });
  await page.getByLabel(/^and/).selectOption({ label: "plan: pro" });
  await page.waitForURL(`${server.url}/results/${SURVEY}?segment=page:/checkout&segment=attr:plan=pro`);
  await page.getByLabel("Period").selectOption("30");
  await page.waitForURL(`${server.url}/results/${SURVEY}?period=30&segment=page:/checkout&segment=attr:plan=pro`);
  // The address was replaced at each change, not pushed: Back leaves the page.
  assert.equal(await page.evaluate(() => history.length), entries);

  await page.waitForFunction(
    (count) => document.querySelector("[data-testid=responses]")?.textContent === count,
    String(CHECKOUT_PRO.length),
  );
  assert.deepEqual(await shownTexts(page, FIGURES), expectedFigures(CHECKOUT_PRO));
  assert.deepEqual(await commentsOnceThere(CHECKOUT_PRO.length), newestFirst(CHECKOUT_PRO));

  const rows = await downloadAnswers(page);
  assert.deepEqual(
    rows.map((row) => [row.id, row.comment]),
    CHECKOUT_PRO.map(([index, , , , comment]) => [id(index), comment]).reverse(),
  );

  // Reloaded, as a bookmark or a colleague opens it: the same filters and figures.
  await page.reload();
  await page.getByTestId("nps").waitFor();
  assert.equal(await page.getByLabel("Period").inputValue(), "30");
  assert.deepEqual(await chosenSegments(), ["Page /checkout", "plan: pro", "…"]);
  assert.deepEqual(await shownTexts(page, FIGURES), expectedFigures(CHECKOUT_PRO));
  assert.deepEqual(await commentsOnceThere(CHECKOUT_PRO.length), newestFirst(CHECKOUT_PRO));
});

test("each segment is removed on its own, and a row of the segments table adds one", async () => {
  await page.goto(`${server.url}/results/${SURVEY}?segment=page:/checkout&segment=attr:plan=pro`);
  await page.getByTestId("nps").waitFor();
  await page.getByRole("button", { name: "Remove Page /checkout" }).click();
  await page.waitForURL(`${server.url}/results/${SURVEY}?segment=attr:plan=pro`);
  const pro = ANSWERS.map((answer, index) => [index, ...answer]).filter(([, , , plan]) => plan === "pro");
  assert.deepEqual(await chosenSegments(), ["plan: pro", "…"]);
  assert.deepEqual(await commentsOnceThere(pro.length), newestFirst(pro));

  const row = page.locator("section.segments tr", { has: page.getByRole("rowheader", { name: "Page /checkout" }) });
  await row.getByRole("button").click();
  await page.waitForURL(`${server.url}/results/${SURVEY}?segment=attr:plan=pro&segment=page:/checkout`);
  assert.deepEqual(await chosenSegments(), ["plan: pro", "Page /checkout", "…"]);
  assert.deepEqual(await shownTexts(page, FIGURES), expectedFigures(CHECKOUT_PRO));
});

test("a segment of the address that no answer carries is named, not silently dropped", async () => {
  await page.goto(`${server.url}/results/${SURVEY}?segment=page:/gone&segment=attr:plan=pro&grain=month`);
  await page.getByTestId("nps").waitFor();
  const message = await page.getByTestId("segments-left-out").textContent();
  assert.match(message, /Page \/gone/);
  const pro = ANSWERS.map((answer, index) => [index, ...answer]).filter(([, , , plan]) => plan === "pro");
  assert.deepEqual(await shownTexts(page, FIGURES), expectedFigures(pro));
  assert.equal(await page.getByLabel("Trend by").inputValue(), "month");
  // The next change writes the address from what is applied, and the message goes.
  await page.getByLabel("Trend by").selectOption("day");
  await page.waitForURL(`${server.url}/results/${SURVEY}?segment=attr:plan=pro&grain=day`);
  assert.equal(await page.getByTestId("segments-left-out").count(), 0);
});
