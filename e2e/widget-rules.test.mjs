// The loader's copy of the server's rules (widget/loader/rules.mjs) against the server
// itself: for each attribute, the loader keeps it exactly when the server would store it,
// so that it never sends what gets a whole answer refused, nor leaves out what the server
// takes; the same for the page path.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { allowed, pagePath } from "../widget/loader/rules.mjs";
import { startServer } from "./server.mjs";

const SURVEY = "e2e-rules";

let server;

before(async () => {
  server = await startServer({ args: ["--widget-requests-per-minute", "100000"] });
  server.putSurvey({ id: SURVEY, company: "Northwind" });
});

after(() => server?.stop());

/** Whether the server stores an answer carrying `fields`, posted as the loader posts it. */
async function stores(fields) {
  const response = await fetch(`${server.url}/api/v1/surveys/${SURVEY}/responses`, {
    method: "POST",
    body: JSON.stringify({ id: crypto.randomUUID(), nps: 9, ...fields }),
  });
  if (response.status == 200) return true;
  // 422 for a broken rule; 400 for JSON the server cannot read (a lone surrogate).
  assert.ok([400, 422].includes(response.status), await response.text());
  return false;
}

/** `allowed()` without its warnings. */
function quietly(attributes) {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return allowed(attributes);
  } finally {
    console.warn = warn;
  }
}

const CASES = [
  ["plan", "pro"],
  ["user.id-7_b", "42"],
  ["k".repeat(64), "v"],
  ["k".repeat(65), "v"],
  ["", "v"],
  ["with space", "v"],
  ["ü", "v"],
  ["a/b", "v"],
  ["plan", "v".repeat(256)],
  ["plan", "v".repeat(257)],
  ["plan", "é".repeat(256)],
  ["plan", "😀".repeat(256)],
  ["plan", "😀".repeat(257)],
  ["plan", ""],
  ["plan", "a\u001bb"],
  ["plan", "line\nbreak"],
  ["plan", "\u007f"],
  ["plan", "\u0085"],
  ["plan", "\u00a0no-break space"],
  ["plan", "\ud800"],
  ["plan", 42],
  ["plan", true],
  ["plan", null],
  ["plan", { tier: "pro" }],
  ["plan", ["pro"]],
];

test("the loader keeps an attribute exactly when the server stores it", async () => {
  for (const [name, value] of CASES) {
    const label = JSON.stringify([name, value]);
    const kept = quietly({ [name]: value });
    // What the loader sends: numbers and booleans as strings, anything else as it is.
    const sent = typeof value == "number" || typeof value == "boolean" ? String(value) : value;
    const accepted = await stores({ attributes: { [name]: sent } });
    assert.equal(name in kept, accepted, label);
    if (accepted) assert.deepEqual(kept, { [name]: sent }, label);
  }
});

test("the server stores 20 attributes but not 21; the loader keeps 20 of 21", async () => {
  const attributes = (count) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, "v"]));
  assert.ok(await stores({ attributes: attributes(20) }));
  assert.ok(!(await stores({ attributes: attributes(21) })));
  const kept = quietly(attributes(21));
  assert.deepEqual(kept, attributes(20));
  assert.ok(await stores({ attributes: kept }));
});

test("whatever the page identifies with, what the loader keeps is stored", async () => {
  const attributes = Object.fromEntries(CASES.map(([name, value], i) => [`${name}${i}`, value]));
  for (let i = 0; i < 30; i++) attributes[`extra${i}`] = i;
  assert.ok(!(await stores({ attributes })), "the raw attributes would lose the answer");
  assert.ok(await stores({ attributes: quietly(attributes) }));
});

test("the page path is cut to what the server stores", async () => {
  assert.ok(await stores({ page: `/${"p".repeat(511)}` }));
  assert.ok(!(await stores({ page: `/${"p".repeat(512)}` })), "513 characters are refused");
  for (const path of [`/${"p".repeat(599)}`, new URL(`https://shop.example/${"😀é".repeat(300)}`).pathname, "/"]) {
    assert.ok(await stores({ page: pagePath(path) }), path.slice(0, 40));
  }
});
