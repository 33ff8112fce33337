// An admin creates a survey in the editor, sees the real widget in the preview as the
// settings change, copies the snippet, and finds the survey in the list.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startServer } from "./server.mjs";

const EDITOR = { email: "editor@example.com", password: "a long enough password" };

let server;
let browser;

before(async () => {
  server = await startServer();
  server.addUser(EDITOR.email, "admin", EDITOR.password);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an admin creates a survey with a live preview and gets its snippet", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, EDITOR, "/surveys/new");

  const preview = page.getByTestId("preview");
  await page.getByLabel("Survey id").fill("spring-sale");
  await page.getByLabel("Company name, as visitors know it").fill("Acme Outdoor");
  await preview.getByText("How likely are you to recommend Acme Outdoor").waitFor();
  await page.getByLabel("Recommendation scale").selectOption("0");
  await preview.getByRole("radio", { name: "0", exact: true }).waitFor();
  await page.getByLabel("Language").selectOption("fr");
  await preview.getByText(/Acme Outdoor/).waitFor();
  assert.doesNotMatch(await preview.textContent(), /How likely/);

  const snippet = await page.getByTestId("snippet").textContent();
  assert.equal(snippet, `<script async src="${server.url}/widget/pulse.js" data-survey="spring-sale"></script>`);

  await page.getByLabel("Once they have scrolled this far down").fill("40");
  await page.getByLabel("When they are about to leave the page").check();
  await page.getByLabel("Never on these pages").fill("/checkout*\n/account*");
  await page.getByLabel("Days before asking again someone who closed it").fill("14");
  await page.getByRole("button", { name: "Save the survey" }).click();
  await page.waitForURL(`${server.url}/surveys/spring-sale/edit`);
  const served = await (await fetch(`${server.url}/api/v1/surveys/spring-sale`)).json();
  assert.equal(served.company, "Acme Outdoor");
  assert.equal(served.scale, "zero_to_ten");
  assert.equal(served.language, "fr");
  assert.equal(served.targeting.scroll_percent, 40);
  assert.equal(served.targeting.exit_intent, true);
  assert.deepEqual(served.targeting.exclude_urls, ["/checkout*", "/account*"]);
  assert.equal(served.targeting.days_after_dismiss, 14);

  await page.goto(`${server.url}/surveys`);
  await page.getByRole("row", { name: /Acme Outdoor/ }).waitFor();
  await page.close();
});

test("a survey the server refuses is not saved and says why", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, EDITOR, "/surveys/new");
  await page.getByLabel("Survey id").fill("spaces are not allowed");
  await page.getByRole("button", { name: "Save the survey" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /not saved.*id/is);
  assert.equal((await fetch(`${server.url}/api/v1/surveys/spaces%20are%20not%20allowed`)).status, 404);
  await page.close();
});
