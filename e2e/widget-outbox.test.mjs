// The loader's outbox (widget/loader/outbox.mjs) against the server itself, run natively:
// whatever the page puts in an answer (visitor attributes the server refuses, a page path
// too long), the answer is stored exactly once, without the refused part, with a console
// warning naming the server's message. Node has no localStorage: answers wait in memory.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startServer } from "./server.mjs";

const SURVEY = "e2e-outbox";

let server;
let outbox;

before(async () => {
  server = await startServer({ args: ["--widget-requests-per-minute", "100000"] });
  server.putSurvey({ id: SURVEY, company: "Northwind" });
  // The outbox listens for the browser's online and pagehide events.
  globalThis.addEventListener ??= () => {};
  outbox = await import("../widget/loader/outbox.mjs");
});

after(() => server?.stop());

/** Every answer the server stored for the survey, by id. */
async function stored() {
  return Object.fromEntries((await server.stored(SURVEY)).map((answer) => [answer.id, answer]));
}

/** Records, for test `t`, the status of every post the outbox makes and the warnings it gives. */
function watch(t) {
  const statuses = [];
  const post = globalThis.fetch;
  t.mock.method(globalThis, "fetch", async (...request) => {
    const response = await post(...request);
    statuses.push(response.status);
    return response;
  });
  return { statuses, warn: t.mock.method(console, "warn", () => {}) };
}

/**
 * Delivers an answer (score 9) with `fields` as the loader does, and waits until the outbox
 * is done with it; returns the statuses of its posts and the warnings given.
 */
async function deliver(t, fields) {
  const answer = { id: crypto.randomUUID(), nps: 9, ...fields };
  const { statuses, warn } = watch(t);
  outbox.deliver(`${server.url}/api/v1/surveys/${SURVEY}/responses`, answer);
  // Done once a post was answered 200 and no other followed for a while.
  for (let seen = -1, wait = 0; seen != statuses.length || statuses.at(-1) != 200; wait += 100) {
    assert.ok(wait < 10_000, `the answer was never stored: ${statuses}`);
    seen = statuses.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.mock.restoreAll();
  return { id: answer.id, statuses, warnings: warn.mock.calls.map((call) => call.arguments.join(" ")) };
}

/** `count` valid attributes. */
const valid = (count) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, `v${i}`]));

test("attributes and a path the server takes are stored as they are, at the first post", async (t) => {
  const fields = { page: `/${"p".repeat(511)}`, attributes: { plan: "pro", "user.id-7_b": "42", ...valid(18) } };
  const { id, statuses, warnings } = await deliver(t, fields);
  assert.deepEqual([statuses, warnings], [[200], []]);
  const answer = (await stored())[id];
  assert.deepEqual([answer.nps, answer.page, answer.attributes], [9, fields.page, fields.attributes]);
});

const REFUSED = [
  ["a bad attribute name", { "bad key": "x", plan: "pro" }, "attribute names are 1 to 64 letters"],
  ["an attribute name over 64 characters", { ["k".repeat(65)]: "x" }, "attribute names are 1 to 64 letters"],
  ["an over-long value", { bio: "v".repeat(257) }, "attributes must be at most 256 characters, got 257"],
  ["a control character", { plan: "a\nb" }, "attributes must not contain control characters"],
  ["25 attributes", valid(25), "at most 20 attributes, got 25"],
  ["a number", { plan: "pro", visits: 3 }, "attributes.visits: invalid type: integer `3`, expected a string"],
  ["null", { plan: null }, "attributes.plan: invalid type: null, expected a string"],
  ["an object", { plan: { tier: "pro" } }, "attributes.plan: invalid type: map, expected a string"],
  ["a lone surrogate", { plan: "\ud800" }, "attributes.plan: unexpected end of hex escape"],
  ["attributes past the body's 32 KiB", { ...valid(200), big: "v".repeat(40_000) }, "length limit exceeded"],
];

for (const [what, attributes, message] of REFUSED) {
  test(`an answer with ${what} is stored once, without its attributes, with a warning`, async (t) => {
    const { id, statuses, warnings } = await deliver(t, { page: "/pricing", attributes });
    assert.deepEqual(statuses.slice(1), [200], "refused once, then stored");
    assert.ok([400, 413, 422].includes(statuses[0]), String(statuses[0]));
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.ok(warnings[0].startsWith("Pulse: answer kept without attributes: "), warnings[0]);
    assert.ok(warnings[0].includes(message), warnings[0]);
    const answer = (await stored())[id];
    assert.deepEqual([answer.nps, answer.page, "attributes" in answer], [9, "/pricing", false]);
  });
}

test("an answer with a 600-character path is stored once without it, then without its bad attributes", async (t) => {
  const fields = { page: `/${"p".repeat(599)}`, attributes: { "bad key": "x" } };
  const { id, statuses, warnings } = await deliver(t, fields);
  // The server checks the page first, then the attributes: one refusal for each.
  assert.deepEqual(statuses, [422, 422, 200]);
  assert.deepEqual(warnings, [
    "Pulse: answer kept without page: page must be at most 512 characters, got 600",
    'Pulse: answer kept without attributes: attribute names are 1 to 64 letters, digits, _ . or -, got "bad key"',
  ]);
  const answer = (await stored())[id];
  assert.deepEqual([answer.nps, "page" in answer, "attributes" in answer], [9, false, false]);
});

test("an answer refused for anything else is dropped after one post, without a warning", async (t) => {
  const answer = { id: crypto.randomUUID(), nps: 11, page: "/pricing", attributes: { "bad key": "x" } };
  const { statuses, warn } = watch(t);
  outbox.deliver(`${server.url}/api/v1/surveys/${SURVEY}/responses`, answer);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(statuses, [422], "nps out of range: refused again whatever is left out");
  assert.equal(warn.mock.callCount(), 0);
  assert.equal((await stored())[answer.id], undefined);
});
