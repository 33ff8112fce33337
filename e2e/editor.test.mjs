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
  assert.equal(snippet, `<script async fetchpriority="high" src="${server.url}/widget/pulse.js?survey=spring-sale"></script>`);

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

/** The survey as visitors get it, or null when there is none. */
async function servedSurvey(surveyId) {
  const response = await fetch(`${server.url}/api/v1/surveys/${surveyId}`);
  return response.status === 200 ? response.json() : null;
}

/** A new survey, its id and company typed in, at the editor. */
async function newSurvey(id) {
  const page = await browser.newPage();
  await signIn(page, server.url, EDITOR, "/surveys/new");
  await page.getByLabel("Survey id").fill(id);
  await page.getByLabel("Company name, as visitors know it").fill("Acme Outdoor");
  return page;
}

/** Presses these keys, one after the other, where the focus is. */
async function press(page, ...keys) {
  for (const key of keys) await page.keyboard.press(key);
}

/** Saves the survey `id`, and waits for the page that edits it. */
async function save(page, id) {
  await page.getByRole("button", { name: "Save the survey" }).click();
  await page.waitForURL(`${server.url}/surveys/${id}/edit`);
}

/** Saves a survey the editor refuses, and returns what it says. */
async function saveRefused(page) {
  await page.getByRole("button", { name: "Save the survey" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  return alert.textContent();
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
  assert.equal(await saveRefused(page), `The survey was not saved. ${reason}`);
  assert.equal(await picker.inputValue(), "fr");
  await thanks.waitFor();
  assert.equal(await description(thanks), reason);

  await thanks.fill("x".repeat(301));
  assert.equal(await description(thanks), "texts.fr.thanks must be at most 300 characters, got 301");
  const served = await (await fetch(`${server.url}/api/v1/surveys/worded`)).json();
  assert.equal(served.texts.fr.thanks, "Merci infiniment !", "the refused text was not saved");
  await page.close();
});

test("a marketer types page rules a line each, pressing Enter, and a blank line does not count", async () => {
  const page = await newSurvey("typed-lines");
  const pages = page.getByLabel("Only on these pages");
  await pages.click();
  await page.keyboard.type("/pricing");
  await press(page, "Enter");
  await page.keyboard.type("/plans*");
  await press(page, "Enter", "Enter");
  await page.keyboard.type("  /shop* ");
  assert.equal(await pages.inputValue(), "/pricing\n/plans*\n\n  /shop* ");

  await save(page, "typed-lines");
  assert.deepEqual((await servedSurvey("typed-lines")).targeting.include_urls, ["/pricing", "/plans*", "/shop*"]);
  await page.reload();
  assert.equal(await pages.inputValue(), "/pricing\n/plans*\n/shop*");
  await page.close();
});

test("a survey id typed with a space keeps it and says why it cannot be saved until mended", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, EDITOR, "/surveys/new");
  const id = page.getByLabel("Survey id");
  await id.click();
  await page.keyboard.type("my id");
  assert.equal(await id.inputValue(), "my id");
  const reason = 'a survey id is 1 to 64 letters, digits, - or _, got "my id"';
  assert.equal(await description(id), reason);
  assert.equal(await id.getAttribute("aria-invalid"), "true");

  assert.equal(await saveRefused(page), `The survey was not saved. ${reason}`);

  // The space becomes a dash.
  await id.click();
  await press(page, "End", "ArrowLeft", "ArrowLeft", "Backspace");
  await page.keyboard.type("-");
  assert.equal(await id.inputValue(), "my-id");
  assert.equal(await id.getAttribute("aria-invalid"), null);
  assert.equal(await id.getAttribute("aria-describedby"), null);
  await save(page, "my-id");
  assert.equal((await servedSurvey("my-id")).id, "my-id");
  await page.close();
});

test("a number field emptied to retype stays empty, and is refused until a number is typed", async () => {
  const page = await newSurvey("typed-numbers");
  const share = page.getByLabel("Share of visitors asked (%)");
  assert.equal(await share.inputValue(), "100");
  await share.click();
  await press(page, "Control+A", "Backspace");
  assert.equal(await share.inputValue(), "", "it does not jump back to its default");
  const wanted = "Share of visitors asked (%): enter a whole number from 0 to 100";
  assert.equal(await description(share), wanted);
  assert.equal(await share.getAttribute("aria-invalid"), "true");

  assert.equal(await saveRefused(page), `The survey was not saved. ${wanted}`);
  assert.equal(await servedSurvey("typed-numbers"), null);

  // Out of range, it is shown as typed and refused, not saved as something else.
  await share.click();
  await page.keyboard.type("250");
  assert.equal(await share.inputValue(), "250");
  assert.equal(await description(share), wanted);
  await press(page, "Backspace", "Backspace");
  assert.equal(await share.inputValue(), "2");
  assert.equal(await share.getAttribute("aria-invalid"), null);
  await page.keyboard.type("5");

  const quietDays = page.getByLabel("Days before asking again someone who closed it");
  await quietDays.click();
  await press(page, "Control+A", "Backspace");
  assert.equal(await quietDays.inputValue(), "");
  await page.keyboard.type("7");
  // Emptied, the scroll rule is lifted, as its label says.
  const scroll = page.getByLabel("Once they have scrolled this far down");
  await scroll.click();
  await page.keyboard.type("40");
  await press(page, "Backspace", "Backspace");
  assert.equal(await scroll.getAttribute("aria-invalid"), null);

  await save(page, "typed-numbers");
  const { targeting } = await servedSurvey("typed-numbers");
  assert.equal(targeting.sample_percent, 25);
  assert.equal(targeting.days_after_dismiss, 7);
  assert.equal(targeting.scroll_percent, undefined);
  await page.reload();
  assert.equal(await share.inputValue(), "25");
  assert.equal(await quietDays.inputValue(), "7");
  assert.equal(await scroll.inputValue(), "");
  await page.close();
});
