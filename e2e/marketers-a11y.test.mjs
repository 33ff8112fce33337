// The marketers' pages pass axe-core (WCAG 2.2 A and AA, and its best practices) in the
// states a marketer meets them in, each under a title of its own, and a marketer can sign
// in and reach the survey list with the keyboard alone, always seeing where the focus is.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startServer } from "./server.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const ADMIN = { email: "a11y@example.com", password: "a long enough password" };

let server;
let browser;

before(async () => {
  // Private webhooks: the webhooks page's webhook posts to this server itself.
  server = await startServer({ args: ["--allow-private-webhooks"] });
  server.addUser(ADMIN.email, "admin", ADMIN.password);
  server.putSurvey({
    id: "winter",
    company: "Northwind",
    language: "he",
    texts: { he: { thanks: "תודה רבה!" } },
    allowed_origins: ["https://shop.example"],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Fails on any accessibility violation axe-core finds in the whole page, or another title. */
async function assertAccessible(page, what, title) {
  assert.equal(await page.title(), `${title} – Pulse`, `the title of ${what}`);
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    });
    return result.violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.html).join(" | ")}`);
  });
  assert.deepEqual(violations, [], `axe-core on ${what}`);
}

test("the login page, signed out, has no accessibility violation", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").waitFor();
  await assertAccessible(page, "the login page", "Sign in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  await assertAccessible(page, "the login page after a wrong password", "Sign in");
  await page.close();
});

test("every page of a signed-in admin has no accessibility violation", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, ADMIN, "/");
  await page.getByRole("heading", { level: 1 }).waitFor();
  await assertAccessible(page, "the home page", "Home");

  await page.goto(`${server.url}/surveys`);
  // Each row's figures come from its feed: wait until they are drawn.
  await page.getByRole("row", { name: /Northwind winter/ }).getByTestId("survey-responses").getByText("0").waitFor();
  await assertAccessible(page, "the survey list", "Surveys");

  await page.goto(`${server.url}/surveys/new`);
  await page.getByTestId("preview").getByText("How likely are you to recommend").waitFor();
  await assertAccessible(page, "the editor of a new survey", "New survey");

  await page.goto(`${server.url}/surveys/winter/edit`);
  await page.getByTestId("preview").getByText("Northwind").waitFor();
  await assertAccessible(page, "the editor of a Hebrew survey", "Survey winter");
  const texts = page.getByRole("group", { name: "Texts" });
  await texts.getByText("Buttons and thanks").click();
  await texts.getByLabel("Thank-you message").fill("a\tb");
  await page.getByRole("button", { name: "Save the survey" }).click();
  await page.getByRole("alert").waitFor();
  await assertAccessible(page, "the editor with a refused text", "Survey winter");

  await page.goto(`${server.url}/users`);
  await page.getByRole("row", { name: ADMIN.email }).waitFor();
  await assertAccessible(page, "the accounts page", "Accounts");

  await page.goto(`${server.url}/tokens`);
  await page.getByText("No API tokens yet.").waitFor();
  await assertAccessible(page, "the API tokens page", "API tokens");
  await page.getByLabel(/^Name/).fill("CRM sync");
  await page.getByRole("button", { name: "Make the token" }).click();
  await page.getByLabel("Token", { exact: true }).waitFor();
  await page.getByRole("row", { name: /CRM sync/ }).waitFor();
  await assertAccessible(page, "the API tokens page showing a new secret", "API tokens");

  await page.goto(`${server.url}/surveys/winter/webhooks`);
  await page.getByText("No webhooks yet.").waitFor();
  await assertAccessible(page, "the webhooks page", "Webhooks: winter");
  await page.getByLabel(/^URL/).fill(`${server.url}/no-receiver-here`);
  await page.getByRole("button", { name: "Add the webhook" }).click();
  await page.getByRole("alert").waitFor();
  await assertAccessible(page, "the webhooks page with a refused webhook", "Webhooks: winter");
  await page.getByLabel(/An answer is stored/).check();
  await page.getByRole("button", { name: "Add the webhook" }).click();
  await page.getByLabel("Secret", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Send a test" }).click();
  await page.getByRole("row", { name: /webhook\.test/ }).waitFor();
  await assertAccessible(page, "the webhooks page with a secret and a failed attempt", "Webhooks: winter");

  await page.goto(`${server.url}/account`);
  await page.getByText(`Signed in as ${ADMIN.email}`).waitFor();
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel(/^New password \(/).fill("a new password of length");
  await page.getByLabel("New password again").fill("a new password of length");
  await page.getByRole("button", { name: "Change the password" }).click();
  await page.getByRole("alert").waitFor();
  await assertAccessible(page, "the account page with a refused password", "Your account");
  await page.close();
});

test("the results page with its Themes and Follow-up open has no accessibility violation", async () => {
  const comments = [
    ...["המשלוח היה איטי מאוד.", "משלוח איטי, הגיע באיחור.", "המשלוח הגיע באיחור.", "משלוח איטי."].map((text) => [3, text]),
    ...["Helpful support, thank you.", "Support was quick and helpful.", "Very helpful support."].map((text) => [10, text]),
  ];
  server.importResponses(
    "winter",
    comments.map(([nps, comment], index) => ({
      id: `00000000-0000-4000-a000-${String(index).padStart(12, "0")}`,
      nps,
      comment,
      language: index < 4 ? "he" : "en",
      created_at: new Date(Date.now() - (index + 1) * 3_600_000).toISOString(),
    })),
  );
  const page = await browser.newPage();
  await signIn(page, server.url, ADMIN, "/results/winter");
  await page.getByTestId("nps").waitFor();
  await page.getByRole("button", { name: "Show the themes" }).click();
  await page.locator(".theme-list").waitFor();
  await assertAccessible(page, "the results page with its themes", "Results: winter");
  await page.getByRole("button", { name: "Edit your themes" }).click();
  await page.getByRole("button", { name: "Add a theme" }).click();
  await page.getByRole("alert").waitFor();
  await assertAccessible(page, "the editor of the survey's own themes", "Results: winter");
  await page.getByRole("button", { name: /^Show its comments/ }).first().click();
  await page.getByTestId("theme-filter").waitFor();
  await assertAccessible(page, "the comments of one theme", "Results: winter");
  await page.getByRole("button", { name: "Show the follow-up" }).click();
  await page.getByTestId("follow-up-waiting").waitFor();
  await page.getByRole("region", { name: "Follow-up" }).getByText("Change the follow-up").first().click();
  await assertAccessible(page, "the results page with its follow-up and a form open", "Results: winter");
  await page.close();
});

/**
 * Presses Tab until the focused element matches `name` (its accessible text), checking on
 * the way that every element the focus lands on shows it.
 */
async function tabTo(page, name) {
  for (let press = 0; press < 20; press++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      const style = getComputedStyle(element);
      return {
        text: element.labels?.[0]?.textContent ?? element.textContent,
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        html: element.outerHTML.slice(0, 120),
      };
    });
    assert.ok(focused.outlined, `the focus is not visible on ${focused.html}`);
    if (focused.text.trim().startsWith(name)) return;
  }
  assert.fail(`Tab never reached ${name}`);
}

test("a marketer signs in and reaches the survey list with the keyboard alone", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await tabTo(page, "Sign in");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/login`);
  await tabTo(page, "Email");
  await page.keyboard.type(ADMIN.email);
  await tabTo(page, "Password");
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/`);
  await page.getByText(ADMIN.email).waitFor();
  await tabTo(page, "Surveys");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/surveys`);
  await page.getByRole("row", { name: /Northwind winter/ }).waitFor();
  assert.equal(await page.title(), "Surveys – Pulse", "each page titles itself, also when reached by a link");
  await page.close();
});
