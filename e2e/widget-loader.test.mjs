// The loader's targeting rules, run natively: they are pure functions of the visitor's
// history (widget/loader/targeting.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { eligible, matches, scrolled, viewed } from "../widget/loader/targeting.mjs";

const DAY = 864e5;
const NOW = Date.UTC(2026, 10, 26, 12);
const RULES = {
  delay_seconds: 0,
  exit_intent: false,
  min_page_views: 1,
  include_urls: [],
  exclude_urls: [],
  sample_percent: 100,
  days_after_answer: 90,
  days_after_dismiss: 30,
};
const URL = "https://shop.example/pricing?plan=pro";
const fresh = () => viewed({}, NOW);

test("URL patterns match the whole URL, with * for anything and nothing else special", () => {
  assert.ok(matches("*/pricing*", URL));
  assert.ok(matches("https://shop.example/*", URL));
  assert.ok(!matches("*/pricing", URL), "the whole URL must match");
  assert.ok(!matches("https://shop?example/*", URL), "? is literal");
  assert.ok(matches("*plan=pro", URL));
  assert.ok(matches("*", URL));
});

test("page views are counted and a visit ends after 30 minutes without one", () => {
  const first = viewed({}, NOW);
  assert.deepEqual([first.views, first.visit], [1, NOW]);
  const second = viewed(first, NOW + 29 * 60e3);
  assert.deepEqual([second.views, second.visit], [2, NOW], "same visit");
  const third = viewed(second, NOW + 60 * 60e3);
  assert.deepEqual([third.views, third.visit], [3, NOW + 60 * 60e3], "a new visit");
});

test("the URL rules include and exclude pages", () => {
  const history = fresh();
  assert.ok(eligible(RULES, "s", history, URL, 0, NOW));
  assert.ok(eligible({ ...RULES, include_urls: ["*/about*", "*/pricing*"] }, "s", history, URL, 0, NOW));
  assert.ok(!eligible({ ...RULES, include_urls: ["*/about*"] }, "s", history, URL, 0, NOW));
  assert.ok(!eligible({ ...RULES, exclude_urls: ["*plan=*"] }, "s", history, URL, 0, NOW));
});

test("a visitor is asked from the nth page view, if their kept draw falls in the sample", () => {
  const rules = { ...RULES, min_page_views: 2, sample_percent: 25 };
  assert.ok(!eligible(rules, "s", fresh(), URL, 10, NOW), "first page view");
  const second = viewed(fresh(), NOW + 1000);
  assert.ok(eligible(rules, "s", second, URL, 24.9, NOW));
  assert.ok(!eligible(rules, "s", second, URL, 25, NOW), "draws of 25 and more are out");
  assert.ok(!eligible({ ...rules, sample_percent: 0 }, "s", second, URL, 0, NOW));
});

test("quiet days after an answer or a dismissal, per survey", () => {
  const answered = { ...fresh(), answered: { s: NOW - 89 * DAY } };
  assert.ok(!eligible(RULES, "s", answered, URL, 0, NOW));
  assert.ok(eligible(RULES, "other", answered, URL, 0, NOW));
  assert.ok(eligible(RULES, "s", { ...answered, answered: { s: NOW - 91 * DAY } }, URL, 0, NOW));
  const dismissed = { ...fresh(), dismissed: { s: NOW - 29 * DAY } };
  assert.ok(!eligible(RULES, "s", dismissed, URL, 0, NOW));
  assert.ok(eligible({ ...RULES, days_after_dismiss: 7 }, "s", dismissed, URL, 0, NOW));
});

test("at most one survey per visit", () => {
  const shown = { ...fresh(), shown: NOW + 1000 };
  assert.ok(!eligible(RULES, "another", viewed(shown, NOW + 2000), URL, 0, NOW + 2000));
  const nextVisit = viewed(shown, NOW + 2 * 36e5);
  assert.ok(eligible(RULES, "another", nextVisit, URL, 0, NOW + 2 * 36e5));
});

test("the scrolled share counts what the visitor has seen; a short page is all seen", () => {
  assert.equal(scrolled(0, 800, 4000), 20);
  assert.equal(scrolled(1200, 800, 4000), 50);
  assert.equal(scrolled(0, 800, 600), 100);
});
