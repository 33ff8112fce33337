// Markup where Pulse shows text it did not write: a marketer's survey texts and company
// name in the widget on a company's page and in the survey list, and a visitor's
// attributes and page in the results page. Each is shown as the text it is; no element, handler or script of it
// comes to life. (Comments on the results page: survey.test.mjs.)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startCompanySite } from "./fixtures/company-site.mjs";
import { startServer } from "./server.mjs";

const MARKETER = { email: "attack@example.com", password: "a long enough password" };
/** Markup that runs script if parsed as HTML, each telling which text it came from. */
const hostile = (where) => `<img src=x onerror="window.pwned='${where}'"><script>window.pwned='${where}'</script>`;

let server;
let site;
let browser;

before(async () => {
  server = await startServer({ args: ["--widget-requests-per-minute", "100000"] });
  site = await startCompanySite(server.url);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
});

/** The elements and handlers markup would have made, anywhere in the page or a shadow root. */
function injected(page) {
  return page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll("*")].map((e) => e.shadowRoot).filter(Boolean)];
    return roots.flatMap((root) =>
      [...root.querySelectorAll("img[src=x], script:not([src]), [onerror], [onload], [onmouseover]")]
        .filter((element) => !element.closest("head"))
        .map((element) => element.outerHTML),
    );
  });
}

test("survey texts and the company name set by a marketer show as text in the widget", async () => {
  const company = `Acme ${hostile("company")}`;
  const thanks = `<b onmouseover="window.pwned='thanks'">Thanks</b> ${hostile("thanks")}`;
  server.putSurvey({
    id: "markup",
    company,
    allowed_origins: [site.origin],
    texts: { en: { recommend: `${hostile("recommend")} Would you recommend {company}?`, thanks } },
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.origin}/shop?survey=markup`);
  const survey = page.locator("[data-placement]");
  const question = `${hostile("recommend")} Would you recommend ${company}?`;
  await survey.getByText(question, { exact: true }).waitFor();
  assert.deepEqual(await injected(page), []);

  await survey.getByRole("radio", { name: "9", exact: true }).click();
  await survey.getByRole("radio", { name: "4", exact: true }).click();
  await survey.getByRole("textbox").fill(hostile("comment"));
  await survey.getByRole("button", { name: "Send" }).click();
  await survey.getByText(thanks, { exact: true }).waitFor();
  await survey.getByText(thanks, { exact: true }).hover();
  assert.deepEqual(await injected(page), []);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await context.close();
});

test("a visitor's attributes and page show as text on the results page, the company in the survey list", async () => {
  server.putSurvey({ id: "segments", company: `Segments ${hostile("results company")}` });
  server.addUser(MARKETER.email, "viewer", MARKETER.password);
  const plan = hostile("attribute");
  const path = `/<svg onload="window.pwned='page'">`;
  const response = await fetch(`${server.url}/api/v1/surveys/segments/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: crypto.randomUUID(), nps: 9, page: path, attributes: { plan } }),
  });
  assert.equal(response.status, 200);

  const page = await browser.newPage();
  await signIn(page, server.url, MARKETER, "/results/segments");
  await page.getByTestId("nps").waitFor();
  const options = await page.getByLabel("Segment").locator("option").allTextContents();
  assert.ok(options.includes(`plan: ${plan}`), `the attribute as text among ${JSON.stringify(options)}`);
  assert.ok(options.includes(`Page ${path}`), `the page as text among ${JSON.stringify(options)}`);
  assert.deepEqual(await injected(page), []);

  await page.goto(`${server.url}/surveys`);
  await page.getByText(`Segments ${hostile("results company")}`, { exact: true }).waitFor();
  assert.deepEqual(await injected(page), []);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.close();
});
