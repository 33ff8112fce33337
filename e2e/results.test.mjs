// The results page's figures against values computed here, independently, from the
// answers the test sends: the 95 % interval, shares, segments, modules and response rate,
// the "few answers" marks and the scale.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, shownTexts, signIn } from "./browser.mjs";
import { headline, interval, npsCell, shownFewAnswers } from "./figures.mjs";
import { startServer } from "./server.mjs";

const SURVEY = "figures";
const MARKETER = { email: "figures@example.com", password: "a long enough password" };
// [score, usability, page, plan, repeat purchases, affective agreement]
const ANSWERS = [
  [10, 5, "/", "pro", 9, 5],
  [9, 4, "/", "pro", 8, 4],
  [9, 5, "/pricing", "free", 7, 5],
  [8, 3, "/pricing", "free", 5, 3],
  [7, 4, "/", "free", 4, 4],
  [6, 2, "/pricing", "pro", 2, 2],
  [3, 1, "/pricing", "free", 0, 1],
  [10, null, "/", "free", null, null],
];
const DISPLAYS = 16;

let server;
let browser;
let page;

before(async () => {
  server = await startServer({ args: ["--widget-requests-per-minute", "100000"] });
  server.putSurvey({ id: SURVEY, company: "Figures Ltd", modules: { commitment: true, repeat_purchase: true } });
  server.addUser(MARKETER.email, "viewer", MARKETER.password);
  const post = (path, body) =>
    fetch(`${server.url}/api/v1/surveys/${SURVEY}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then((response) => assert.ok(response.ok, `${path}: ${response.status}`));
  for (const [index, [nps, usability, page, plan, repeat, affective]] of ANSWERS.entries()) {
    const id = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
    const answer = { id, nps, page, language: "en", attributes: { plan } };
    if (usability !== null) answer.usability = usability;
    if (repeat !== null) answer.repeat_purchases = repeat;
    if (affective !== null) answer.commitment = { affective };
    await post("responses", answer);
  }
  for (let display = 0; display < DISPLAYS; display++) await post("impressions", { page: "/", language: "en" });

  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, server.url, MARKETER, `/results/${SURVEY}`);
  await page.getByTestId("nps").waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const shown = async () => ({
  ...(await shownTexts(page, ["nps", "interval", "responses", "promoters", "passives", "detractors"])),
  fewAnswers: await shownFewAnswers(page),
});

test("the headline figures match an independent computation", async () => {
  assert.deepEqual(await shown(), headline(ANSWERS.map(([score]) => score)));
  const rated = ANSWERS.filter(([, usability]) => usability !== null).map(([, usability]) => usability);
  const average = rated.reduce((sum, rating) => sum + rating, 0) / rated.length;
  assert.equal(await page.getByTestId("usability").textContent(), `${average.toFixed(1)} / 5`);
  const repeats = ANSWERS.filter((answer) => answer[4] !== null).map((answer) => answer[4]);
  const rate = (10 * repeats.reduce((sum, count) => sum + count, 0)) / repeats.length;
  assert.equal(await page.getByTestId("repeat-rate").textContent(), `${Math.round(rate)}%`);
  assert.equal(
    await page.getByTestId("response-rate").textContent(),
    `${Math.round((100 * ANSWERS.length) / DISPLAYS)}%`,
  );
});

test("the commitment table relates agreement to loyalty", async () => {
  const row = page.getByRole("row", { name: /Affective/ });
  const agreed = ANSWERS.filter((answer) => answer[5] !== null);
  const average = agreed.reduce((sum, answer) => sum + answer[5], 0) / agreed.length;
  const cells = await row.locator("td").allTextContents();
  assert.equal(cells[0], `${average.toFixed(1)} / 5`);
  assert.equal(cells[1], npsCell(agreed.filter((answer) => answer[5] >= 4).map(([score]) => score)));
  assert.equal(cells[2], npsCell(agreed.filter((answer) => answer[5] < 4).map(([score]) => score)));
  assert.equal(cells[3], String(agreed.length));
  // Fewer than 30 answers each: marked in style as well as in words.
  assert.deepEqual(await row.locator("td.few-answers").count(), 2);
});

test("every NPS of fewer than 30 answers is marked few answers, in words and style", async () => {
  // The headline: 8 answers (its words and style are part of `shown`).
  assert.equal((await shown()).fewAnswers, true);
  // Each segment's row: its NPS marked, and its 95 % interval.
  const segments = [
    ["Page /", (answer) => answer[2] === "/"],
    ["Page /pricing", (answer) => answer[2] === "/pricing"],
    ["Language en", () => true],
    ["plan: pro", (answer) => answer[3] === "pro"],
    ["plan: free", (answer) => answer[3] === "free"],
  ];
  for (const [label, keep] of segments) {
    const scores = ANSWERS.filter(keep).map(([score]) => score);
    const row = page.locator("section.segments tr", { has: page.getByRole("rowheader", { name: label, exact: true }) });
    const cells = await row.locator("td").allTextContents();
    assert.deepEqual(cells.slice(0, 3), [String(scores.length), npsCell(scores), interval(scores) ?? "–"], label);
    assert.equal(await row.locator("td.few-answers").count(), 1, label);
  }
  // NPS by usability rating: each rating's NPS in the table, each bar with answers hollow.
  const chart = page.locator("figure", { has: page.getByRole("heading", { name: "NPS by usability rating" }) });
  const rows = await chart.locator("tbody tr").evaluateAll((rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
  const ratings = [1, 2, 3, 4, 5].map((rating) => ANSWERS.filter(([, usability]) => usability === rating).map(([score]) => score));
  assert.deepEqual(rows, ratings.map((scores, index) => [String(index + 1), npsCell(scores)]));
  assert.equal(await chart.locator("svg .bar.few-answers").count(), ratings.filter((scores) => scores.length > 0).length);
});

test("the headline names the scale the answers use, with its detractors", async () => {
  assert.equal(await page.getByTestId("scale").textContent(), "1–10 scale: detractors 1–6");
});

test("three promoters are +100 with a wide interval, not ±0", async () => {
  const handful = "handful";
  server.putSurvey({ id: handful, company: "Handful Ltd", scale: "zero_to_ten" });
  const scores = [10, 9, 10];
  server.importResponses(
    handful,
    scores.map((nps, index) => ({
      id: `00000000-0000-4000-a000-00000000000${index}`,
      nps,
      created_at: `2026-03-0${index + 1}T12:00:00Z`,
    })),
  );
  await page.goto(`${server.url}/results/${handful}`);
  await page.getByTestId("nps").waitFor();
  const figures = await shown();
  assert.deepEqual(figures, headline(scores));
  // By hand: n = 6, p = 3.75 / 6, d = 0.75 / 6, NPS 0.5, variance 0.75 − 0.25 = 0.5,
  // 1.96 × √(0.5 / 6) = 0.566: from −6.6 to +106.6, cut to +100.
  assert.equal(figures.interval, "95% interval -7 to +100");
  assert.equal(await page.getByTestId("scale").textContent(), "0–10 scale: detractors 0–6");
  await page.goto(`${server.url}/results/${SURVEY}`);
  await page.getByTestId("nps").waitFor();
});

test("a segment filter recomputes every figure for that segment only", async () => {
  for (const [label, keep] of [
    ["Page /pricing", (answer) => answer[2] === "/pricing"],
    ["plan: pro", (answer) => answer[3] === "pro"],
  ]) {
    await page.getByLabel("Segment").selectOption({ label });
    const scores = ANSWERS.filter(keep).map(([score]) => score);
    await page.waitForFunction(
      (count) => document.querySelector("[data-testid=responses]")?.textContent === count,
      String(scores.length),
    );
    assert.deepEqual(await shown(), headline(scores), label);
  }
  // Displays carry no visitor attributes: no response rate for plan: pro, and the note says why.
  assert.equal(await page.getByTestId("response-rate").textContent(), "–");
  assert.match(await page.getByTestId("displays").textContent(), /not counted for this filter/);
  await page.getByLabel("Segment").selectOption({ label: "Everyone" });
  await page.waitForFunction(
    (count) => document.querySelector("[data-testid=responses]")?.textContent === count,
    String(ANSWERS.length),
  );
});

test("the score chart's table lists every score's count", async () => {
  const chart = page.locator("figure", { has: page.getByRole("heading", { name: "Scores" }) });
  const rows = await chart.locator("tbody tr").evaluateAll((rows) =>
    rows.map((row) => [...row.cells].map((cell) => cell.textContent)),
  );
  const counts = Array.from({ length: 10 }, (_, index) => [
    String(index + 1),
    String(ANSWERS.filter(([score]) => score === index + 1).length),
  ]);
  assert.deepEqual(rows, counts);
});

test("a period without answers shows the empty state, not zeros", async () => {
  await page.getByLabel("Period").selectOption("custom");
  await page.getByLabel("From", { exact: true }).fill("2020-01-01");
  await page.getByLabel("To", { exact: true }).fill("2020-01-31");
  await page.getByLabel("To", { exact: true }).dispatchEvent("change");
  await page.getByTestId("no-responses").waitFor();
  await page.getByLabel("Period").selectOption("all");
  await page.getByTestId("nps").waitFor();
});
