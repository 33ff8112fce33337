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
  // What the server stores, as the survey list reads it (the widget's endpoint refuses
  // such an id before any lookup, so it cannot tell).
  const surveys = await page.evaluate(() => fetch("/api/v1/admin/surveys").then((answer) => answer.json()));
  assert.ok(surveys.length > 0);
  assert.ok(!surveys.some((survey) => survey.id === "spaces are not allowed"));
  await page.close();
});

/** The message tied to a field by `aria-describedby`, as screen readers read it. */
function description(field) {
  return field.evaluate((input) => document.getElementById(input.getAttribute("aria-describedby"))?.textContent ?? "");
}

test("an admin words the survey in French and Hebrew, sees it in the preview, and keeps it", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, EDITOR, "/surveys/new");
  const preview = page.getByTestId("preview");
  await page.getByLabel("Survey id").fill("worded");
  await page.getByLabel("Company name, as visitors know it").fill("Acme Outdoor");

  const texts = page.getByRole("group", { name: "Texts" });
  const picker = texts.getByLabel("Edit the texts in");
  const question = texts.getByRole("textbox", { name: "Recommendation question" });
  const thanks = texts.getByRole("textbox", { name: "Thank-you message" });
  await texts.getByText("Buttons and thanks").click();
  await picker.selectOption("fr");
  await preview.getByText("Quelle est la probabilité que vous recommandiez Acme Outdoor").waitFor();
  assert.equal(await thanks.getAttribute("placeholder"), "Merci pour votre avis !");
  await question.fill("Recommanderiez-vous {company} à un proche ?");
  await preview.getByText("Recommanderiez-vous Acme Outdoor à un proche ?").waitFor();
  await thanks.fill("Merci infiniment !");

  await picker.selectOption("he");
  assert.equal(await question.getAttribute("dir"), "rtl");
  assert.equal(await question.getAttribute("lang"), "he");
  assert.equal(await question.inputValue(), "", "each language has its own texts");
  await question.fill("האם תמליצו על {company} לחברים?");
  await preview.getByText("האם תמליצו על Acme Outdoor לחברים?").waitFor();
  assert.ok((await preview.locator("[dir=rtl]").count()) > 0, "the preview reads right to left");

  await page.getByRole("button", { name: "Save the survey" }).click();
  await page.waitForURL(`${server.url}/surveys/worded/edit`);
  await page.reload();
  await texts.getByText("Buttons and thanks").click();
  await picker.selectOption("fr");
  assert.equal(await question.inputValue(), "Recommanderiez-vous {company} à un proche ?");
  assert.equal(await thanks.inputValue(), "Merci infiniment !");
  await preview.getByText("Recommanderiez-vous Acme Outdoor à un proche ?").waitFor();
  await picker.selectOption("he");
  assert.equal(await question.inputValue(), "האם תמליצו על {company} לחברים?");
  assert.equal(await thanks.inputValue(), "");

  const served = await (await fetch(`${server.url}/api/v1/surveys/worded`)).json();
  assert.deepEqual(served.texts, {
    fr: { recommend: "Recommanderiez-vous {company} à un proche ?", thanks: "Merci infiniment !" },
    he: { recommend: "האם תמליצו על {company} לחברים?" },
  });
  await page.close();
});

test("a text the server refuses is shown beside its field with the server's reason", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, EDITOR, "/surveys/worded/edit");
  const texts = page.getByRole("group", { name: "Texts" });
  const picker = texts.getByLabel("Edit the texts in");
  // Its name stays its label: the reason is its description.
  const thanks = texts.getByRole("textbox", { name: "Thank-you message", exact: true });
  const group = texts.getByText("Buttons and thanks");
  await group.click();
  await picker.selectOption("fr");
  // A tab, as pasting from a spreadsheet brings: a control character.
  await thanks.fill("Merci\tinfiniment !");
  const reason = "texts.fr.thanks must not contain control characters";
  assert.equal(await description(thanks), reason);
  assert.equal(await thanks.getAttribute("aria-invalid"), "true");

  // Saved while another language is shown and the group folded, the refusal brings its
  // field back in view.
  await picker.selectOption("he");
  await group.click();
  assert.equal(await thanks.isVisible(), false);
  await page.getByRole("button", { name: "Save the survey" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.equal(await alert.textContent(), `The survey was not saved. ${reason}`);
  assert.equal(await picker.inputValue(), "fr");
  await thanks.waitFor();
  assert.equal(await description(thanks), reason);

  await thanks.fill("x".repeat(301));
  assert.equal(await description(thanks), "texts.fr.thanks must be at most 300 characters, got 301");
  const served = await (await fetch(`${server.url}/api/v1/surveys/worded`)).json();
  assert.equal(served.texts.fr.thanks, "Merci infiniment !", "the refused text was not saved");
  await page.close();
});
