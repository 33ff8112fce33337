// The loader's modules, run natively: the targeting rules, pure functions of the visitor's
// history (widget/loader/targeting.mjs), and the outbox (widget/loader/outbox.mjs) against
// a fake server, for what it does with each answer the server gives
// (e2e/widget-outbox.test.mjs runs it against the real server). Node has no localStorage:
// answers wait in memory.
import assert from "node:assert/strict";
import { test } from "node:test";

import { eligible, matches, scrolled, viewed } from "../widget/loader/targeting.mjs";

// The outbox listens for the browser's online and pagehide events.
globalThis.addEventListener ??= () => {};
const { deliver } = await import("../widget/loader/outbox.mjs");

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

const RESPONSES = "https://pulse.example/api/v1/surveys/spring/responses";

/** The server's error body. */
const refusal = (code, message, field) => ({ error: { code, message, ...(field && { field }) } });

/**
 * Delivers `answer` to a fake server that answers its posts with `replies` in turn (`[status,
 * body]`, a function giving one, or an Error for a network failure), then with 200; resolves
 * once every reply was given and nothing more was posted for a while, with what was posted
 * and the warnings given.
 */
async function exchange(t, answer, replies) {
  const posts = [];
  t.mock.method(globalThis, "fetch", async (url, { method, body }) => {
    assert.deepEqual([url, method], [RESPONSES, "POST"]);
    posts.push(JSON.parse(body));
    let reply = replies.shift() ?? [200, { id: answer.id }];
    if (typeof reply == "function") reply = reply();
    if (reply instanceof Error) throw reply;
    const [status, content] = reply;
    return new Response(typeof content == "string" ? content : JSON.stringify(content), { status });
  });
  const warn = t.mock.method(console, "warn", () => {});
  deliver(RESPONSES, answer);
  for (let wait = 0; replies.length; wait += 20) {
    assert.ok(wait < 10_000, "the outbox stopped sending");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.mock.restoreAll();
  return { posts, warnings: warn.mock.calls.map((call) => call.arguments.join(" ")) };
}

const answer = (fields) => ({ id: crypto.randomUUID(), nps: 9, page: "/pricing", attributes: { plan: "pro" }, ...fields });

test("an answer stored at once is posted once, as JSON text", async (t) => {
  const sent = answer();
  assert.deepEqual(await exchange(t, sent, []), { posts: [sent], warnings: [] });
});

test("after a network error, a 429, a 5xx, a 408 or a proxy's page the same answer is posted again, after back-off", async (t) => {
  for (const failure of [
    new TypeError("fetch failed"),
    [429, refusal("rate_limited", "too many requests")],
    [503, "down"],
    [408, "<html><body>408 Request Timeout</body></html>"],
    // From a proxy in front of the server, e.g. while a release rolls out.
    [404, "<html>Not Found</html>"],
    [502, "<html><body>502 Bad Gateway</body></html>"],
  ]) {
    const sent = answer();
    const start = Date.now();
    const stored = [200, { id: sent.id }];
    assert.deepEqual(await exchange(t, sent, [failure, stored]), { posts: [sent, sent], warnings: [] });
    assert.ok(Date.now() - start >= 1000, "1 s of back-off");
  }
});

test("an answer refused for its attributes is posted again without them, with a warning", async (t) => {
  const sent = answer({ attributes: { "bad key": "x" } });
  const message = 'attribute names are 1 to 64 letters, digits, _ . or -, got "bad key"';
  const { posts, warnings } = await exchange(t, sent, [[422, refusal("invalid_key", message, "attributes")]]);
  const { attributes, ...kept } = sent;
  assert.deepEqual(posts, [sent, kept]);
  assert.deepEqual(warnings, [`Pulse: answer kept without attributes: ${message}`]);
});

test("an answer refused for its page is posted again without it, then without its attributes", async (t) => {
  const sent = answer({ page: `/${"p".repeat(599)}`, attributes: { plan: "v".repeat(257) } });
  const { posts, warnings } = await exchange(t, sent, [
    [422, refusal("too_long", "page must be at most 512 characters, got 600", "page")],
    [422, refusal("too_long", "attributes must be at most 256 characters, got 257", "attributes")],
  ]);
  const { page, attributes, ...kept } = sent;
  assert.deepEqual(posts, [sent, { ...kept, attributes }, kept]);
  assert.deepEqual(warnings, [
    "Pulse: answer kept without page: page must be at most 512 characters, got 600",
    "Pulse: answer kept without attributes: attributes must be at most 256 characters, got 257",
  ]);
});

test("a body the server cannot read (400, 413, 422 naming no field) is posted again without the attributes", async (t) => {
  const unreadable = "the request body was refused: Failed to deserialize the JSON body";
  for (const [status, content] of [
    [422, refusal("invalid_body", `${unreadable}: attributes.visits: invalid type: integer \`3\``)],
    [400, refusal("invalid_json", `${unreadable}: attributes.plan: unexpected end of hex escape`)],
    [413, refusal("payload_too_large", "the request body was refused: length limit exceeded")],
    // From a proxy in front of the server.
    [413, "<html><body>413 Request Entity Too Large</body></html>"],
  ]) {
    const sent = answer();
    const { posts, warnings } = await exchange(t, sent, [[status, content]]);
    const { attributes, ...kept } = sent;
    assert.deepEqual(posts, [sent, kept], String(status));
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0].startsWith("Pulse: answer kept without attributes: "), warnings[0]);
  }
});

test("an answer refused for anything else is dropped after one post, without a warning", async (t) => {
  for (const [status, content] of [
    [422, refusal("out_of_range", "nps must be a whole number from 1 to 10, got 11", "nps")],
    [422, refusal("unknown_language", "language must be one of en, fr, nl, af, he", "language")],
    [409, refusal("id_taken", "id is already used by an answer to another survey", "id")],
    [403, refusal("origin_not_allowed", "pages of https://shop.example may not call this survey")],
    [404, refusal("survey_not_found", 'there is no survey with id "spring"')],
    [410, refusal("survey_archived", 'survey "spring" is archived')],
  ]) {
    const sent = answer({ attributes: { "bad key": "x" } });
    assert.deepEqual(await exchange(t, sent, [[status, content]]), { posts: [sent], warnings: [] }, String(status));
  }
  // Without attributes left to take out, a body the server cannot read is final too.
  const { attributes, ...bare } = answer();
  const invalid = refusal("invalid_body", "the request body was refused: unknown field `mood`");
  assert.deepEqual(await exchange(t, bare, [[422, invalid]]), { posts: [bare], warnings: [] });
});

test("a refused answer that changed on its way is not posted again: its newer version is", async (t) => {
  const sent = answer({ attributes: { "bad key": "x" } });
  const newer = { ...sent, usability: 4 };
  const refused = [422, refusal("invalid_key", "attribute names are 1 to 64 letters", "attributes")];
  const { posts, warnings } = await exchange(t, sent, [
    () => (deliver(RESPONSES, newer), refused),
    refused,
  ]);
  const { attributes, ...kept } = newer;
  assert.deepEqual(posts, [sent, newer, kept]);
  // The warning is for the answer kept: the refusal of the older post says nothing more.
  assert.deepEqual(warnings, ["Pulse: answer kept without attributes: attribute names are 1 to 64 letters"]);
});
