// The first survey end to end: a visitor answers on the demo page, a marketer sees the NPS
// move on the results page.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startServer } from "./server.mjs";

const MARKETER = { email: "marketer@example.com", password: "a long enough password" };

let server;
let browser;
/** The marketer's browser, signed in once and kept for every visit to the results page. */
let marketer;

before(async () => {
  server = await startServer();
  server.addUser(MARKETER.email, "viewer", MARKETER.password);
  browser = await launchBrowser();
  marketer = await browser.newContext();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Answers the demo survey in a fresh browser context, as a new visitor. */
async function answerSurvey({ score, usability, comment }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/demo`);
  // Playwright's role locators see into the widget's open shadow root.
  const survey = page.locator("[data-placement=corner]");
  await survey.getByRole("radio", { name: String(score), exact: true }).click();
  await survey.getByText("How easy is it to use our website?").waitFor();
  await survey.getByRole("radio", { name: String(usability), exact: true }).click();
  await survey.getByRole("textbox").fill(comment);
  // The thanks shows at once and the answer goes out behind it: the visitor leaves only
  // once the server has taken the comment, as a real tab would still send it on closing.
  const stored = page.waitForResponse(
    (response) => response.url().endsWith("/responses") && response.request().postData().includes(comment.slice(0, 5)),
  );
  await survey.getByRole("button", { name: "Send" }).click();
  await survey.getByText("Thank you for your feedback!").waitFor();
  assert.ok((await stored).ok());
  await context.close();
}

/** The figures on the results page, as a marketer reads them. */
async function readResults() {
  const page = await marketer.newPage();
  await page.goto(`${server.url}/results/demo`);
  await page.locator(".results .figures, .results .empty, .results .error").first().waitFor();
  const error = page.locator(".results .error");
  if (await error.count()) assert.fail(await error.textContent());
  const read = async (id) => {
    const figure = page.getByTestId(id);
    return (await figure.count()) ? figure.textContent() : null;
  };
  const results = {
    empty: await page.getByTestId("no-responses").isVisible(),
    nps: await read("nps"),
    responses: await read("responses"),
    promoters: await read("promoters"),
    passives: await read("passives"),
    detractors: await read("detractors"),
    usability: await read("usability"),
  };
  await page.close();
  return results;
}

test("the results page asks for a login and comes back after it", async () => {
  const page = await marketer.newPage();
  await page.goto(`${server.url}/results/demo`);
  await page.waitForURL(/\/login\?next=%2Fresults%2Fdemo$/);
  await page.getByLabel("Email").fill(MARKETER.email);
  await page.getByLabel("Password").fill("a wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").textContent(), /password/i);
  await page.getByLabel("Password").fill(MARKETER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/results/demo`);
  await page.getByTestId("no-responses").waitFor();
  await page.close();
});

test("an answer on the demo page moves the NPS on the results page", async () => {
  const before = await readResults();
  assert.equal(before.empty, true);
  assert.equal(before.nps, null);

  await answerSurvey({ score: 9, usability: 4, comment: "Easy checkout" });
  assert.deepEqual(await readResults(), {
    empty: false,
    nps: "+100",
    responses: "1",
    promoters: "100%",
    passives: "0%",
    detractors: "0%",
    usability: "4.0 / 5",
  });

  await answerSurvey({ score: 3, usability: 2, comment: "Could not find the sizes" });
  assert.deepEqual(await readResults(), {
    empty: false,
    nps: "0",
    responses: "2",
    promoters: "50%",
    passives: "0%",
    detractors: "50%",
    usability: "3.0 / 5",
  });
});

test("the survey list shows each survey's NPS and number of responses", async () => {
  const page = await marketer.newPage();
  await page.goto(`${server.url}/surveys`);
  const demo = page.getByRole("row", { name: /Northwind Outfitters/ });
  await demo.getByTestId("survey-responses").filter({ hasText: /\d/ }).waitFor();
  assert.equal(await demo.getByTestId("survey-responses").textContent(), "2");
  assert.equal(await demo.getByTestId("survey-nps").textContent(), "0");
  await demo.getByRole("link", { name: "Northwind Outfitters" }).click();
  await page.waitForURL(`${server.url}/results/demo`);
  await page.getByTestId("nps").waitFor();
  await page.close();
});

test("comments are listed newest first, filtered, and shown as text", async () => {
  const hostile = `Sizes? <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`;
  await answerSurvey({ score: 7, usability: 3, comment: hostile });
  const page = await marketer.newPage();
  await page.goto(`${server.url}/results/demo`);
  const comments = page.locator(".comment-text");
  await comments.first().waitFor();
  assert.deepEqual(await comments.allTextContents(), [hostile, "Could not find the sizes", "Easy checkout"]);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator(".comments img, .comments script").count(), 0);

  await page.getByLabel("Category").selectOption("promoter");
  await page.waitForFunction(() => document.querySelectorAll(".comment-text").length === 1);
  assert.deepEqual(await comments.allTextContents(), ["Easy checkout"]);
  await page.getByLabel("Category").selectOption("");
  await page.getByLabel("Search").fill("SIZES");
  await page.getByLabel("Search").press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".comment-text").length === 2);
  assert.deepEqual(await comments.allTextContents(), [hostile, "Could not find the sizes"]);
  await page.close();
});

test("an admin adds and removes a viewer's account", async () => {
  server.addUser("admin@example.com", "admin", "another long password");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server.url, { email: "admin@example.com", password: "another long password" }, "/users");
  await page.getByRole("row", { name: /marketer@example\.com/ }).waitFor();

  await page.getByLabel("Email").fill("new@example.com");
  await page.getByLabel("Password (at least 10 characters)").fill("short");
  await page.getByRole("button", { name: "Add the account" }).click();
  assert.match(await page.getByRole("alert").textContent(), /at least 10 characters/);
  await page.getByLabel("Password (at least 10 characters)").fill("a long new password");
  await page.getByRole("button", { name: "Add the account" }).click();
  await page.getByRole("row", { name: /new@example\.com\s*Viewer/ }).waitFor();

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Remove new@example.com" }).click();
  await page.getByRole("row", { name: /new@example\.com/ }).waitFor({ state: "detached" });
  await context.close();
});
