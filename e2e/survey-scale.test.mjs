// A survey's scale, as marketers meet it: fixed in the editor once the survey has answers
// (and why), a warning next to 1–10, the scale named beside each NPS in the survey list and
// on each row of the CSV export.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { downloadAnswers } from "./exported.mjs";
import { startServer } from "./server.mjs";

const ADMIN = { email: "scales@example.com", password: "a long enough password" };
// Answered on 0–10, with a 0: the answer a change to 1–10 would have broken.
const ANSWERED = { id: "answered", company: "Answered Ltd", scale: "zero_to_ten" };
const FRESH = { id: "fresh", company: "Fresh Ltd" };

let server;
let browser;
let page;

/** Answers as a visitor's browser does. */
async function answer(surveyId, nps) {
  const response = await fetch(`${server.url}/api/v1/surveys/${surveyId}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: crypto.randomUUID(), nps }),
  });
  assert.equal(response.status, 200);
}

/** The survey as visitors get it. */
async function served(surveyId) {
  return (await fetch(`${server.url}/api/v1/surveys/${surveyId}`)).json();
}

/** What screen readers read for a field: the text its `aria-describedby` points to. */
function description(field) {
  return field.evaluate((element) => document.getElementById(element.getAttribute("aria-describedby"))?.textContent ?? "");
}

before(async () => {
  server = await startServer();
  server.addUser(ADMIN.email, "admin", ADMIN.password);
  server.putSurvey(ANSWERED);
  server.putSurvey(FRESH);
  await answer(ANSWERED.id, 0);
  await answer(ANSWERED.id, 9);
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, server.url, ADMIN, "/surveys");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the editor of a survey with answers shows its scale fixed and why, and saves the rest", async () => {
  await page.goto(`${server.url}/surveys/${ANSWERED.id}/edit`);
  const scale = page.getByLabel("Recommendation scale");
  await scale.waitFor();
  assert.equal(await scale.isDisabled(), true);
  assert.equal(await scale.inputValue(), "0");
  const why = await description(scale);
  assert.match(why, /fixed: this survey has answers, and one NPS cannot mix answers given on two scales/);
  assert.match(why, /make a new survey/);

  await page.getByLabel("Company name, as visitors know it").fill("Answered Europe");
  await page.getByRole("button", { name: "Save the survey" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const survey = await served(ANSWERED.id);
  assert.deepEqual([survey.company, survey.scale], ["Answered Europe", "zero_to_ten"]);
});

test("the editor warns next to 1–10, and says why a change the server refuses was not saved", async () => {
  await page.goto(`${server.url}/surveys/${FRESH.id}/edit`);
  const scale = page.getByLabel("Recommendation scale");
  await scale.waitFor();
  assert.equal(await scale.isDisabled(), false);
  assert.equal(await scale.inputValue(), "1");
  assert.match(
    await description(scale),
    /An NPS on 1–10 is not comparable with the usual 0–10 benchmarks: 0–10 is recommended for new surveys/,
  );
  await scale.selectOption("0");
  assert.doesNotMatch(await description(scale), /not comparable/);

  // The first answer arrives while the marketer edits: the change is refused, and said so.
  await answer(FRESH.id, 8);
  await page.getByRole("button", { name: "Save the survey" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /not saved.*has answers on the 1–10 scale.*make a new survey/s);
  assert.equal((await served(FRESH.id)).scale, "one_to_ten");
});

test("the survey list names each survey's scale beside its NPS", async () => {
  await page.goto(`${server.url}/surveys`);
  const row = (company) => page.getByRole("row", { name: new RegExp(company) });
  await row("Answered").getByTestId("survey-nps").filter({ hasText: /\d/ }).waitFor();
  assert.equal(await row("Answered").getByTestId("survey-scale").textContent(), "0–10 scale: detractors 0–6");
  assert.equal(await row("Fresh Ltd").getByTestId("survey-scale").textContent(), "1–10 scale: detractors 1–6");
});

test("the CSV export says which scale each answer was given on", async () => {
  await page.goto(`${server.url}/results/${ANSWERED.id}`);
  const rows = await downloadAnswers(page);
  assert.deepEqual(
    rows.map((row) => [Number(row.nps), row.scale]).sort(),
    [
      [0, "0–10"],
      [9, "0–10"],
    ],
  );
});
