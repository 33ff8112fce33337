// The results page's Themes section, read as a marketer reads it: comments in five
// languages, opened on demand, grouped into themes with their counts and NPS, the terms
// that set detractors apart from promoters, a theme of the marketer's own made through the
// page that takes precedence, a theme's comments listed, and the filters followed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { npsCell } from "./figures.mjs";
import { startServer } from "./server.mjs";

const SURVEY = "themes";
const ADMIN = { email: "themes@example.com", password: "a long enough password" };
const DAY = 86_400_000;

// [language, score, page, days ago, comment]: slow deliveries in every language, helpful
// support in English, and high prices, long ago, on the pricing page.
const ANSWERS = [
  ...[
    "Delivery was slow and the parcel came late.",
    "Slow delivery, my order arrived late.",
    "The delivery was late and slow.",
    "Late delivery again, so slow.",
    "Delivery is slow and always late.",
    "Very slow delivery, late by three days.",
    "Delivery took ages, slow and late.",
    "Late and slow delivery.",
    "Slow, late delivery every time.",
    "Delivery was late, really slow.",
    "My delivery came late and the tracking was slow.",
    "Slow delivery and late again this month.",
    "The delivery is always late, far too slow.",
    "Late delivery, slow courier.",
    "Delivery so slow, it arrived late for the party.",
    "Slow and late delivery, never again.",
    "A slow delivery that came a week late.",
    "Delivery was slow, late and badly packed.",
    "Late, slow delivery as usual.",
    "Delivery late and slow, the box was open.",
  ].map((comment, index) => ["en", 1 + (index % 6), "/checkout", 2 + (index % 12), comment]),
  ...[
    "Customer service was really helpful.",
    "Helpful customer service, they solved my problem.",
    "The support team was helpful and friendly.",
    "Support was quick and helpful.",
    "Very helpful support staff.",
    "Helpful support, thank you!",
    "Friendly and helpful customer service.",
    "Support is always helpful.",
    "Customer service was helpful and kind.",
    "Really helpful customer service team.",
    "Support was helpful from start to finish.",
    "Helpful answers from customer service every time.",
    "So helpful, the support team fixed it in minutes.",
    "Customer service is patient and helpful.",
    "Helpful and fast support.",
    "Great support, very helpful.",
    "The customer service people were helpful.",
    "Helpful support over the phone.",
    "Quick and helpful customer service.",
    "Support was helpful and polite.",
  ].map((comment, index) => ["en", 9 + (index % 2), "/help", 1 + (index % 12), comment]),
  ["fr", 3, "/checkout", 3, "La livraison était lente."],
  ["fr", 4, "/checkout", 5, "Livraison en retard, très lente."],
  ["fr", 2, "/checkout", 7, "La livraison est arrivée en retard."],
  ["fr", 5, "/checkout", 9, "Livraison lente et en retard."],
  ["nl", 3, "/checkout", 4, "De levering was traag."],
  ["nl", 2, "/checkout", 6, "Levering te laat."],
  ["nl", 5, "/checkout", 8, "Trage levering, te laat."],
  ["af", 4, "/checkout", 3, "Die aflewering was stadig."],
  ["af", 3, "/checkout", 5, "Aflewering het te lank gevat."],
  ["af", 6, "/checkout", 7, "Stadige aflewering."],
  ["he", 2, "/checkout", 4, "המשלוח היה איטי."],
  ["he", 3, "/checkout", 6, "משלוח איטי מאוד."],
  ["he", 4, "/checkout", 8, "המשלוח הגיע באיחור."],
  ...[
    "Prices are far too high.",
    "High prices for what it is.",
    "The prices went up again.",
    "Prices are higher than elsewhere.",
  ].map((comment, index) => ["en", 7 + (index % 2), "/pricing", 200 + index, comment]),
];
// What a person reads as being about delivery, in each language.
const DELIVERY = /deliver|livraison|levering|aflewering|משלוח/i;
const about = (pattern) => ANSWERS.filter(([, , , , comment]) => pattern.test(comment));
const scores = (answers) => answers.map(([, score]) => score);

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  server.putSurvey({ id: SURVEY, company: "Themes Ltd" });
  server.addUser(ADMIN.email, "admin", ADMIN.password);
  const now = Date.now();
  const answers = ANSWERS.map(([language, nps, path, daysAgo, comment], index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    nps,
    comment,
    language,
    page: path,
    created_at: new Date(now - daysAgo * DAY - index * 1000).toISOString(),
  }));
  assert.match(server.importResponses(SURVEY, answers), new RegExp(`^${ANSWERS.length} answers imported`));
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, server.url, ADMIN, `/results/${SURVEY}`);
  await page.getByTestId("nps").waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const region = () => page.getByRole("region", { name: "Themes" });
const themeItem = (name) => region().locator(".theme-list > li", { has: page.getByRole("heading", { name, exact: true }) });
/** A theme's name, comments, NPS and terms as the page shows them. */
async function shownTheme(item) {
  return {
    name: await item.getByRole("heading").textContent(),
    comments: (await item.getByTestId("theme-comments").textContent()).split(" ")[0],
    nps: await item.getByTestId("theme-nps").textContent(),
    terms: await item.locator(".theme-terms").textContent(),
  };
}
const shownThemes = async () => Promise.all((await region().locator(".theme-list > li").all()).map(shownTheme));
const shownComments = () => page.locator("#comments .comment-list .comment-text").allTextContents();

test("the comments are read only when Themes is opened", async () => {
  const asked = [];
  page.on("request", (request) => asked.push(new URL(request.url()).pathname));
  await page.reload();
  await page.getByTestId("nps").waitFor();
  assert.equal(await region().getByRole("heading", { name: "Themes", level: 2 }).count(), 1);
  assert.ok(!asked.some((path) => path.endsWith("/comments")), "comments fetched before Themes was opened");
  const open = region().getByRole("button", { name: "Show the themes" });
  assert.equal(await open.getAttribute("aria-expanded"), "false");
  await open.click();
  await region().locator(".theme-list").waitFor();
  assert.ok(asked.includes(`/api/v1/admin/surveys/${SURVEY}/comments`));
  assert.equal(await region().getByRole("button", { name: "Hide the themes" }).getAttribute("aria-expanded"), "true");
});

test("a slow delivery is a theme, with its comments and their NPS", async () => {
  const themes = await shownThemes();
  const delivery = themes.find((theme) => theme.terms.includes("delivery"));
  assert.ok(delivery, JSON.stringify(themes));
  assert.ok(delivery.terms.startsWith("Found in English comments: "), delivery.terms);
  assert.ok(/\bslow\b/.test(delivery.terms) && /\blate\b/.test(delivery.terms), delivery.terms);
  const english = about(/delivery/i);
  assert.deepEqual([delivery.comments, delivery.nps], [String(english.length), npsCell(scores(english))]);
  const support = themes.find((theme) => theme.terms.includes("helpful"));
  const helpful = about(/helpful/i);
  assert.deepEqual([support.comments, support.nps], [String(helpful.length), npsCell(scores(helpful))]);
  // Delivery in French is a theme of the French comments, not part of the English one.
  assert.ok(themes.some((theme) => theme.terms.startsWith("Found in French comments") && theme.terms.includes("livraison")));
  const effect = await themeItem(delivery.name).getByTestId("theme-effect").textContent();
  assert.match(effect, /^Without this theme the NPS would be \d+ points? higher \([+-]?\d+ instead of [+-]?\d+\)$/);
  assert.equal(await themeItem(delivery.name).locator(".comment").count(), 3, "three examples");
});

test("the terms of detractors and promoters are told apart, with their z", async () => {
  const contrast = region().getByRole("region", { name: "What separates detractors from promoters" });
  assert.match(await contrast.textContent(), /Monroe, Colaresi and Quinn 2008/);
  const terms = async (side) =>
    contrast.getByRole("list", { name: side }).locator("li").evaluateAll((items) =>
      items.map((item) => [item.querySelector(".term").textContent, Number(item.textContent.match(/z = ([\d.]+)/)[1])]),
    );
  const detractors = await terms("Typical of detractors");
  const promoters = await terms("Typical of promoters");
  assert.ok(detractors.some(([term]) => term === "slow"), JSON.stringify(detractors));
  assert.ok(promoters.some(([term]) => term === "helpful"), JSON.stringify(promoters));
  for (const [term, z] of [...detractors, ...promoters]) assert.ok(z >= 1.96, `${term}: z = ${z}`);
});

test("a theme of the marketer's own, in every language, takes precedence", async () => {
  const yours = region().getByRole("region", { name: "Your themes" });
  await yours.getByRole("button", { name: "Edit your themes" }).click();
  await yours.getByRole("button", { name: "Add a theme" }).click();
  await yours.getByLabel("Name").fill("Delivery");
  await yours.getByLabel(/^Keywords/).fill("delivery, livraison, levering, aflewering, משלוח");
  await yours.getByRole("button", { name: "Save the themes" }).click();
  await themeItem("Delivery").waitFor();

  const themes = await shownThemes();
  const everywhere = about(DELIVERY);
  assert.deepEqual(themes[0], {
    name: "Delivery",
    comments: String(everywhere.length),
    nps: npsCell(scores(everywhere)),
    terms: "Your theme, keywords: delivery / livraison / levering / aflewering / משלוח",
  });
  // The found themes leave delivery to it, in English as in French.
  assert.ok(!themes.slice(1).some((theme) => /\b(delivery|livraison)\b/.test(theme.terms)), JSON.stringify(themes));
  const stored = await page.evaluate(async (survey) => (await fetch(`/api/v1/admin/surveys/${survey}/themes`)).json(), SURVEY);
  assert.deepEqual(stored.themes, [{ name: "Delivery", keywords: ["delivery", "livraison", "levering", "aflewering", "משלוח"] }]);
});

test("clicking a theme lists its comments, newest first, until the filter is removed", async () => {
  await themeItem("Delivery").getByRole("button", { name: "Show its comments: Delivery" }).click();
  const newestFirst = about(DELIVERY)
    .sort(([, , , a], [, , , b]) => a - b)
    .map(([, , , , comment]) => comment);
  await page.waitForFunction(
    (count) => document.querySelectorAll("#comments .comment-list .comment").length === count,
    Math.min(20, newestFirst.length),
  );
  assert.deepEqual(await shownComments(), newestFirst.slice(0, 20));
  assert.match(page.url(), /[?&]theme=Delivery(&|$)/);
  assert.equal(await page.getByTestId("theme-filter").textContent(), "Theme: Delivery×");
  assert.equal(
    await themeItem("Delivery").getByRole("button", { name: "Show its comments: Delivery" }).getAttribute("aria-pressed"),
    "true",
  );

  await page.getByRole("button", { name: "Remove the theme filter Delivery" }).click();
  await page.waitForFunction(() => !location.search.includes("theme="));
  await page.getByTestId("theme-filter").waitFor({ state: "detached" });
  const all = [...ANSWERS].sort(([, , , a], [, , , b]) => a - b).map(([, , , , comment]) => comment);
  await page.waitForFunction(
    (first) => document.querySelector("#comments .comment-list .comment-text")?.textContent === first,
    all[0],
  );
});

test("the themes follow the period and segment filters", async () => {
  const names = async () => (await shownThemes()).map((theme) => theme.terms);
  assert.ok((await names()).some((terms) => terms.includes("prices")), "the old price comments are a theme of all time");
  await page.getByLabel("Period").selectOption("90");
  await page.waitForFunction(() => ![...document.querySelectorAll(".theme-terms")].some((terms) => terms.textContent.includes("prices")));

  await page.locator(".segment-filters select").first().selectOption({ label: "Page /help" });
  await page.waitForFunction(() => document.querySelector(".theme-list [data-testid=theme-comments]")?.textContent.startsWith("0 "));
  const themes = await shownThemes();
  assert.equal(themes[0].name, "Delivery");
  assert.equal(themes[0].comments, "0", "no delivery comment on the help page");
  const helpful = about(/helpful/i);
  const support = themes.find((theme) => theme.terms.includes("helpful"));
  assert.deepEqual([support.comments, support.nps], [String(helpful.length), npsCell(scores(helpful))]);
  assert.ok(!themes.some((theme) => /\bslow\b/.test(theme.terms)), JSON.stringify(themes));
});
