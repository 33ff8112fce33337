// The loader's pure modules, run natively: the targeting rules, functions of the visitor's
// history (widget/loader/targeting.mjs), and the server's rules for what an answer carries
// (widget/loader/rules.mjs; e2e/widget-rules.test.mjs checks them against the server).
import assert from "node:assert/strict";
import { test } from "node:test";

import { allowed, pagePath } from "../widget/loader/rules.mjs";
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
  assert.equal(scrolled(3200, 800, 4000), 100);
  assert.ok(scrolled(0, 800, 600) >= 100, "any scroll_percent is reached");
});

/** `allowed(attributes)` and the warnings it gave, as `[name, rule]`. */
function identify(t, attributes) {
  const warn = t.mock.method(console, "warn", () => {});
  const kept = allowed(attributes);
  const warnings = warn.mock.calls.map(({ arguments: [text, name, rule] }) => {
    assert.equal(text, "Pulse: attribute left out:");
    return [name, rule];
  });
  warn.mock.restore();
  return [kept, warnings];
}

test("attributes the server accepts are kept as strings, in their order", (t) => {
  const attributes = { user: "42", "user.id-7_b": "x", [`k${"k".repeat(62)}`]: "64 letters", visits: 3, pro: true };
  assert.deepEqual(identify(t, attributes), [
    { user: "42", "user.id-7_b": "x", [`k${"k".repeat(62)}`]: "64 letters", visits: "3", pro: "true" },
    [],
  ]);
  assert.deepEqual(identify(t, {}), [{}, []]);
});

test("an attribute name is 1 to 64 letters, digits, _ . or -", (t) => {
  for (const name of ["", "with space", "ü", "a/b", "k".repeat(65), "a:b"]) {
    assert.deepEqual(identify(t, { [name]: "v", plan: "pro" }), [{ plan: "pro" }, [[name, "invalid_key"]]], name);
  }
});

test("a value is a string, a number or a boolean", (t) => {
  for (const value of [null, undefined, {}, ["a"], () => 1, Symbol("s"), 10n, Object.create(null)]) {
    assert.deepEqual(identify(t, { bad: value, plan: "pro" }), [{ plan: "pro" }, [["bad", "not_text"]]], typeof value);
  }
  assert.deepEqual(identify(t, { zero: 0, no: false, nan: NaN }), [{ zero: "0", no: "false", nan: "NaN" }, []]);
});

test("a value is at most 256 characters, counted in code points, without control characters", (t) => {
  const kept = { a: "v".repeat(256), b: "é".repeat(256), c: "😀".repeat(256), d: "", e: "Ünïcode ✓ עברית" };
  assert.deepEqual(identify(t, kept), [kept, []]);
  for (const value of ["v".repeat(257), "😀".repeat(257), "a\u001bb", "line\nbreak", "tab\t", "\u0000", "\u007f", "\u0085", "\ud800", "a\udfffb"]) {
    assert.deepEqual(identify(t, { bad: value }), [{}, [["bad", "too_long"]]], JSON.stringify(value));
  }
});

test("at most 20 attributes are kept, the first valid ones, each one left out is warned about once", (t) => {
  const attributes = { "bad key": "x" };
  for (let i = 0; i < 25; i++) attributes[`k${i}`] = `v${i}`;
  const [kept, warnings] = identify(t, attributes);
  assert.deepEqual(Object.keys(kept), Array.from({ length: 20 }, (_, i) => `k${i}`));
  assert.deepEqual(warnings, [["bad key", "invalid_key"], ...[20, 21, 22, 23, 24].map((i) => [`k${i}`, "too_many"])]);
});

test("the page path is cut to the server's 512 characters, between code points", () => {
  assert.equal(pagePath("/pricing"), "/pricing");
  assert.equal(pagePath(`/${"p".repeat(599)}`), `/${"p".repeat(511)}`);
  // Browsers percent-encode a path to ASCII: a cut cannot fall inside a character.
  const path = new globalThis.URL(`https://shop.example/${"😀é".repeat(200)}`).pathname;
  assert.match(path, /^[\x21-\x7e]+$/);
  assert.equal(pagePath(path), path.slice(0, 512));
});
