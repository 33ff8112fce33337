// The survey on a company's page served from another origin (visitors.mjs): it appears
// only under its targeting rules, is answered with the mouse, with the keyboard alone and
// in Hebrew, a visitor who gave a score is not asked again until the quiet days after an
// answer are over (then a new answer is stored beside the first), and axe-core finds no
// accessibility violation.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";

import {
  DAY,
  given,
  HOUR,
  radio,
  server,
  setUp,
  site,
  storedOnce,
  survey,
  surveyOn,
  tearDown,
  THANKS,
  visit,
  visitor,
} from "./visitors.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

before(setUp);
after(tearDown);

/** Fails on any accessibility violation axe-core finds in the survey. */
async function assertAccessible(page, step) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await axe.run(
      { include: [["[data-placement]"]] },
      { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    );
    return result.violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.html).join(" | ")}`);
  });
  assert.deepEqual(violations, [], `axe-core on ${step}`);
}

/** What has the focus in the survey: a radio's value, else the element's name. */
const focusedInSurvey = (page) =>
  page.evaluate(() => {
    const focused = document.querySelector("[data-placement]").shadowRoot.activeElement;
    return focused && (focused.getAttribute("value") ?? focused.localName);
  });

/** Presses Tab until the focus is in the survey's shadow root. */
async function tabIntoSurvey(page) {
  for (let press = 0; press < 30; press++) {
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => !!document.querySelector("[data-placement]")?.shadowRoot?.activeElement);
    if (inside) return;
  }
  assert.fail("Tab never reached the survey");
}

test("answered with the mouse on a hostile page of another origin, under a strict CSP", async () => {
  const id = survey("e2e-mouse");
  const { context, page, requests } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 9).waitFor();

  // The page's CSS reached neither the layout nor the text of the survey.
  const box = await surveyOn(page).boundingBox();
  assert.deepEqual([box.x + box.width, box.width], [1280 - 8, 400], "a 400 px card in the bottom-right corner");
  assert.ok(Math.abs(box.y + box.height - (800 - 8)) <= 1, `at the bottom: ${JSON.stringify(box)}`);
  const font = await page.evaluate(() => {
    const question = document.querySelector("[data-placement]").shadowRoot.querySelector(".question");
    const style = getComputedStyle(question);
    return [style.fontSize, style.fontStyle, style.letterSpacing];
  });
  assert.deepEqual(font, ["16px", "normal", "normal"]);
  await assertAccessible(page, "the first question");

  await radio(page, 9).click();
  await surveyOn(page).getByText("How easy is it to use our website?").waitFor();
  await assertAccessible(page, "the usability question");
  await radio(page, 4).click();
  await surveyOn(page).getByRole("textbox").fill("Easy checkout");
  await assertAccessible(page, "the comment");
  await surveyOn(page).getByRole("button", { name: "Send" }).click();
  await surveyOn(page).getByText(THANKS).waitFor();
  await assertAccessible(page, "the thanks");

  const answer = await storedOnce(id, (answer) => answer.comment);
  assert.deepEqual(given(answer), { nps: 9, usability: 4, comment: "Easy checkout", language: "en", page: "/shop" });
  assert.deepEqual(await page.evaluate(() => violations), [], "nothing refused by the CSP");
  const posted = requests.filter((request) => request.method() == "POST").map((request) => new URL(request.url()).pathname);
  assert.ok(posted.includes(`/api/v1/surveys/${id}/impressions`), "a shown impression is posted");
  assert.ok(posted.filter((path) => path.endsWith("/responses")).length >= 3, "each answer is posted at once");
  await context.close();
});

test("answered with the keyboard alone", async () => {
  const id = survey("e2e-keyboard", { scale: "zero_to_ten" });
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 0).waitFor();
  await tabIntoSurvey(page);
  for (let press = 0; press < 3; press++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await surveyOn(page).getByText("How easy is it to use our website?").waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Space");
  await page.keyboard.type("Keyboard only");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await surveyOn(page).getByText(THANKS).waitFor();

  const answer = await storedOnce(id, (answer) => answer.comment);
  assert.deepEqual(given(answer), { nps: 3, usability: 2, comment: "Keyboard only", language: "en", page: "/shop" });
  await context.close();
});

test("in Hebrew, right to left, in a modal that holds the focus and gives it back", async () => {
  const id = survey("e2e-hebrew", { language: "he", theme: { placement: "modal" }, targeting: { delay_seconds: 1 } });
  const { context, page } = await visitor({ width: 320, height: 640 });
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await page.focus("#home");
  await radio(page, 1).waitFor();

  const card = surveyOn(page).locator("dialog");
  assert.equal(await card.getAttribute("dir"), "rtl");
  assert.equal(await card.getAttribute("lang"), "he");
  await surveyOn(page).getByText("עד כמה סביר שתמליצו על Northwind לחבר או לעמית?").waitFor();
  // On a 320 px phone every value is a touch target of at least 44 px, within the screen.
  for (const value of [1, 5, 10]) {
    const box = await radio(page, value).boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `value ${value}: ${JSON.stringify(box)}`);
    assert.ok(box.x >= 0 && box.x + box.width <= 320, `value ${value} on screen: ${JSON.stringify(box)}`);
  }
  // Right to left, 1 is on the right.
  assert.ok((await radio(page, 1).boundingBox()).x > (await radio(page, 2).boundingBox()).x);
  await assertAccessible(page, "the Hebrew modal");

  // The modal took the focus on itself, not on an answer; Shift+Tab goes round to its last
  // control, Tab from there to the first score, and on inside it.
  assert.equal(await focusedInSurvey(page), "dialog");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focusedInSurvey(page), "button", "the close button");
  await page.keyboard.press("Tab");
  assert.equal(await focusedInSurvey(page), "1");
  for (let press = 0; press < 4; press++) {
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => !!document.querySelector("[data-placement]").shadowRoot.activeElement);
    assert.ok(inside, `Tab ${press + 1} left the modal`);
  }
  await radio(page, 1).focus();
  for (let press = 0; press < 6; press++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  await surveyOn(page).getByText("עד כמה קל להשתמש באתר שלנו?").waitFor();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  await page.keyboard.type("שירות מצוין");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await surveyOn(page).getByText("תודה על המשוב!").waitFor();
  await page.keyboard.press("Escape");
  await card.waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement.id), "home", "the focus is back where it was");

  const answer = await storedOnce(id, (answer) => answer.comment);
  assert.deepEqual(given(answer), { nps: 7, usability: 3, comment: "שירות מצוין", language: "he", page: "/shop" });
  await context.close();
});

test("a modal that comes while the visitor types in the page takes no answer from the keys", async () => {
  const id = survey("e2e-typing", { scale: "zero_to_ten", theme: { placement: "modal" }, targeting: { delay_seconds: 1 } });
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await page.evaluate(() => document.querySelector("h1").insertAdjacentHTML("afterend", "<textarea id=note></textarea>"));
  await page.focus("#note");
  const sentence = "Please leave the parcel at the back door, next to the green bin";
  await page.keyboard.type(sentence, { delay: 50 });
  const typed = await page.locator("#note").inputValue();
  assert.ok(typed.length < sentence.length, `the survey came while the visitor typed: ${typed}`);
  assert.equal(await focusedInSurvey(page), "dialog", "the focus is on the survey, on no answer");
  assert.equal(await surveyOn(page).locator("[aria-checked=true]").count(), 0, "no score chosen");
  await page.waitForTimeout(500);
  assert.deepEqual(await server.stored(id), [], "nothing stored");
  await page.keyboard.press("Tab");
  assert.equal(await focusedInSurvey(page), "0", "Tab reaches the first score");
  await context.close();
});

test("closing the corner pop-up gives the focus back where it was before the survey came", async () => {
  const id = survey("e2e-corner-focus", { targeting: { delay_seconds: 1 } });
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await page.focus("#home");
  await radio(page, 1).waitFor();
  await tabIntoSurvey(page);
  await page.keyboard.press("Escape");
  await surveyOn(page).locator("dialog").waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement.id), "home", "not the page's body");
  await context.close();
});

test("closing the corner pop-up gives the focus back without scrolling the page there", async () => {
  const id = survey("e2e-corner-scroll", { targeting: { delay_seconds: 1 } });
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await page.focus("#home");
  await page.mouse.wheel(0, 3000);
  await radio(page, 9).click();
  const scrolled = await page.evaluate(() => scrollY);
  assert.ok(scrolled > 2000, `the visitor read on, down the page: ${scrolled}`);
  await surveyOn(page).getByRole("button", { name: "Close survey" }).click();
  await surveyOn(page).locator("dialog").waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement.id), "home", "the focus is back");
  assert.equal(await page.evaluate(() => scrollY), scrolled, "the page stayed where the visitor was");
  await context.close();
});

test("the modules, in a dark square theme with a light brand colour, pass axe-core too", async () => {
  const id = survey("e2e-modules", {
    modules: { commitment: true, repeat_purchase: true },
    theme: { brand_color: "#ffd500", mode: "dark", shape: "square" },
  });
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 8).click();
  await radio(page, 3).click();
  await surveyOn(page).getByText("I feel good about this company.").waitFor();
  await assertAccessible(page, "the commitment statements");
  await surveyOn(page).getByRole("radiogroup", { name: "I feel good about this company." }).getByRole("radio", { name: "5" }).click();
  await surveyOn(page).getByRole("radiogroup", { name: "I buy here out of habit." }).getByRole("radio", { name: "2" }).click();
  await surveyOn(page).getByRole("button", { name: "Next" }).click();
  await surveyOn(page).getByText("Of your last 10 purchases of this kind, how many were from us?").waitFor();
  await assertAccessible(page, "the repeat-purchase question");
  const posted = page.waitForRequest((request) => JSON.parse(request.postData() ?? "{}").repeat_purchases === 6);
  await radio(page, 6).click();
  const body = JSON.parse((await posted).postData());
  assert.deepEqual([body.nps, body.usability, body.commitment], [8, 3, { affective: 5, habitual: 2 }]);
  const answer = await storedOnce(id, (answer) => answer.repeat_purchases === 6);
  assert.deepEqual(answer.commitment, { affective: 5, habitual: 2 });
  await context.close();
});

test("a right-to-left pop-up sits in the bottom-left corner, the end one in Hebrew", async () => {
  const id = survey("e2e-hebrew-corner", { language: "he" });
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 1).waitFor();
  const box = await surveyOn(page).boundingBox();
  assert.deepEqual([box.x, box.width], [8, 400]);
  assert.ok(Math.abs(box.y + box.height - (800 - 8)) <= 1, `at the bottom: ${JSON.stringify(box)}`);
  await context.close();
});

test("shown only under its targeting rules, and only the loader is downloaded until then", async () => {
  const id = survey("e2e-targeting", {
    targeting: {
      include_urls: ["*/pricing*"],
      exclude_urls: ["*/pricing/enterprise*"],
      min_page_views: 3,
      scroll_percent: 50,
      days_after_dismiss: 30,
    },
  });
  const { context, page, requests } = await visitor();
  const shown = () => surveyOn(page).count();
  const wasmDownloads = () => requests.filter((request) => request.url().endsWith(".wasm")).length;

  await visit(page, id, "/pricing");
  assert.equal(await shown(), 0, "first page view: min_page_views is 3");
  await visit(page, id, "/about");
  assert.equal(await shown(), 0, "not an included URL");
  await visit(page, id, "/pricing/enterprise");
  assert.equal(await shown(), 0, "an excluded URL");
  assert.equal(wasmDownloads(), 0, "nothing but the loader and the configuration so far");

  await visit(page, id, "/pricing");
  assert.equal(await shown(), 0, "not before scrolling half the page");
  await page.mouse.wheel(0, 20_000);
  await radio(page, 5).waitFor();
  assert.equal(wasmDownloads(), 1);
  await surveyOn(page).getByRole("button", { name: "Close survey" }).click();
  await surveyOn(page).locator("dialog").waitFor({ state: "detached" });
  assert.deepEqual(
    await page.evaluate(() => pulseEvents.map((event) => event.name)),
    ["pulse:shown", "pulse:dismissed"],
  );

  const history = await page.evaluate(() => JSON.parse(localStorage.pulse));
  assert.ok(history.dismissed[id] > 0, "the dismissal is recorded");

  await visit(page, id, "/pricing");
  await page.mouse.wheel(0, 20_000);
  await page.waitForTimeout(300);
  assert.equal(await shown(), 0, "one survey per visit, and none for 30 days after a dismissal");

  // An hour later: a new visit, but still within the 30 days.
  await page.evaluate((hour) => {
    const history = JSON.parse(localStorage.pulse);
    localStorage.pulse = JSON.stringify({ ...history, last: history.last - hour, shown: history.shown - hour });
  }, HOUR);
  await visit(page, id, "/pricing");
  await page.mouse.wheel(0, 20_000);
  await page.waitForTimeout(300);
  assert.equal(await shown(), 0, "dismissed 30 days ago at most");

  // 31 days later.
  await page.evaluate(
    ([id, days]) => {
      const history = JSON.parse(localStorage.pulse);
      history.dismissed[id] -= days;
      history.last -= days;
      history.shown -= days;
      localStorage.pulse = JSON.stringify(history);
    },
    [id, 31 * DAY],
  );
  await visit(page, id, "/pricing");
  await page.mouse.wheel(0, 20_000);
  await radio(page, 5).waitFor();
  await context.close();
});

test("a visitor who gives a score, then leaves or closes the survey, is not asked again: one answer", async () => {
  for (const leaving of ["leaves", "closes"]) {
    // No quiet days after closing: only the score may keep the survey away.
    const id = survey(`e2e-score-then-${leaving}`, { targeting: { days_after_dismiss: 0 } });
    const { context, page } = await visitor();
    // The browser's clock, so that the visitor can come back later.
    const start = Date.now();
    await context.clock.setFixedTime(start);
    await visit(page, id);
    await radio(page, 9).click();
    await surveyOn(page).getByText("How easy is it to use our website?").waitFor();
    if (leaving == "closes") {
      await surveyOn(page).getByRole("button", { name: "Close survey" }).click();
      await surveyOn(page).locator("dialog").waitFor({ state: "detached" });
    } else await page.goto("about:blank");
    const answer = await storedOnce(id, () => true);
    assert.deepEqual([answer.nps, answer.usability, answer.comment], [9, undefined, undefined]);

    // Back at once (the same visit), and an hour later (a new one).
    for (const later of [0, HOUR]) {
      await context.clock.setFixedTime(start + later);
      await visit(page, id);
      assert.equal(await surveyOn(page).count(), 0, `${leaving}: asked again ${later / HOUR} hours later`);
    }
    await page.waitForFunction(() => localStorage["pulse:outbox"] == "{}");
    assert.deepEqual(await server.stored(id), [answer], `${leaving}: one answer, the score alone`);
    await context.close();
  }
});

test("asked again after the quiet days, a visitor gives a new answer and the first stays as it was", async () => {
  // 90 quiet days after an answer, by default.
  const id = survey("e2e-asked-again");
  const { context, page } = await visitor();
  const start = Date.now();
  await context.clock.setFixedTime(start);
  await visit(page, id);
  await radio(page, 9).click();
  await radio(page, 4).click();
  await surveyOn(page).getByRole("textbox").waitFor();
  // Gone before the comment.
  await page.goto("about:blank");
  const first = await storedOnce(id, (answer) => answer.usability);
  await context.clock.setFixedTime(start + 89 * DAY);
  await visit(page, id);
  assert.equal(await surveyOn(page).count(), 0, "not asked again within the 90 days");

  await context.clock.setFixedTime(start + 91 * DAY);
  await visit(page, id);
  await radio(page, 3).click();
  await radio(page, 2).click();
  await surveyOn(page).getByRole("textbox").fill("Asked again");
  await surveyOn(page).getByRole("button", { name: "Send" }).click();
  await surveyOn(page).getByText(THANKS).waitFor();
  await page.waitForFunction(() => localStorage["pulse:outbox"] == "{}");

  const stored = await server.stored(id);
  const second = stored.find((answer) => answer.id != first.id);
  assert.equal(stored.length, 2, JSON.stringify(stored));
  assert.deepEqual(stored.find((answer) => answer.id == first.id), first, "the first answer unchanged");
  assert.deepEqual(given(second), { nps: 3, usability: 2, comment: "Asked again", language: "en", page: "/shop" });
  await context.close();
});

test("sampling draws once per visitor; exit intent and delay trigger the survey", async () => {
  const never = survey("e2e-sampled-out", { targeting: { sample_percent: 0 } });
  const exit = survey("e2e-exit", { targeting: { exit_intent: true } });
  const delayed = survey("e2e-delay", { targeting: { delay_seconds: 2 } });
  const { context, page } = await visitor();

  await visit(page, never, "/");
  const draw = await page.evaluate((id) => JSON.parse(localStorage.pulse).draws[id], never);
  assert.ok(draw >= 0 && draw < 100);
  await page.reload();
  await page.waitForTimeout(500);
  assert.equal(await surveyOn(page).count(), 0, "sampled out");
  assert.equal(await page.evaluate((id) => JSON.parse(localStorage.pulse).draws[id], never), draw, "drawn once, kept");

  await page.goto(`${site.origin}/?survey=${exit}`);
  await page.waitForTimeout(800);
  assert.equal(await surveyOn(page).count(), 0, "not before the pointer leaves");
  await page.evaluate(() => document.dispatchEvent(new MouseEvent("mouseout", { clientY: -1, bubbles: true })));
  await radio(page, 3).waitFor();

  // A new visit, so that the one-survey-per-visit rule lets the next one through.
  await page.evaluate(() => localStorage.clear());
  const start = Date.now();
  await page.goto(`${site.origin}/?survey=${delayed}`);
  await page.waitForTimeout(1000);
  assert.equal(await surveyOn(page).count(), 0, "not before its delay");
  await radio(page, 3).waitFor();
  assert.ok(Date.now() - start >= 2000);
  await context.close();
});
