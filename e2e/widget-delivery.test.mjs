// The answers given on a company's page served from another origin (visitors.mjs) reach
// the server: an answer given while the server is down arrives once when it is back (by
// back-off, or by beacon when the page closes), nothing the page identifies the visitor
// with loses an answer, and without a backend the answers go to the page's JavaScript only.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  given,
  radio,
  restartServer,
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

before(setUp);
after(tearDown);

test("an answer given while the server is down is kept, re-sent, and stored once", async () => {
  const id = survey("e2e-offline");
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 6).waitFor();

  const { dir, port } = server;
  await server.stop({ keepData: true });
  await radio(page, 6).click();
  await radio(page, 3).click();
  await surveyOn(page).getByRole("textbox").fill("Written offline");
  await surveyOn(page).getByRole("button", { name: "Send" }).click();
  await surveyOn(page).getByText(THANKS).waitFor();
  const waiting = await page.evaluate(() => Object.values(JSON.parse(localStorage["pulse:outbox"])));
  assert.equal(waiting.length, 1, "one answer waits, the latest of its posts");
  assert.equal(JSON.parse(waiting[0].body).comment, "Written offline");

  await restartServer({ dir, port });
  // Re-sent by the back-off timer alone.
  const answer = await storedOnce(id, (answer) => answer.comment, 40_000);
  assert.deepEqual(given(answer), { nps: 6, usability: 3, comment: "Written offline", language: "en", page: "/shop" });
  await page.waitForFunction(() => localStorage["pulse:outbox"] == "{}");

  // The next page load sends nothing more, and the server kept one answer.
  await page.reload();
  await page.waitForTimeout(1000);
  assert.deepEqual((await server.stored(id)).map(given), [given(answer)]);
  await context.close();
});

test("an answer still waiting when the page closes goes out as a beacon", async () => {
  const id = survey("e2e-beacon");
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 8).waitFor();

  const { dir, port } = server;
  await server.stop({ keepData: true });
  await radio(page, 8).click();
  await radio(page, 5).click();
  await surveyOn(page).getByRole("button", { name: "Send" }).click();
  await surveyOn(page).getByText(THANKS).waitFor();
  await restartServer({ dir, port });
  // The back-off's next try is seconds away: only the beacon can deliver it now.
  assert.equal(await page.evaluate(() => Object.keys(JSON.parse(localStorage["pulse:outbox"])).length), 1);
  await page.goto("about:blank");

  const answer = await storedOnce(id, (answer) => answer.usability, 3000);
  assert.deepEqual([answer.nps, answer.usability], [8, 5]);
  await context.close();
});

test("inline element without backend: answers go to the page's JavaScript only", async () => {
  const id = survey("e2e-inline", { theme: { placement: "inline" } });
  const { context, page, requests } = await visitor();
  await page.goto(`${site.origin}/?inline=${id}&backend=none`);
  const inline = page.locator("pulse-survey");
  await inline.getByRole("radio", { name: "8", exact: true }).click();
  await inline.getByRole("radio", { name: "5", exact: true }).click();
  await inline.getByRole("button", { name: "Send" }).click();
  await inline.getByText(THANKS).waitFor();

  const events = await page.evaluate(() => pulseEvents);
  assert.deepEqual(
    events.map((event) => event.name),
    ["pulse:shown", "pulse:answered", "pulse:answered", "pulse:submitted"],
  );
  const submitted = events.at(-1).detail;
  assert.deepEqual([submitted.nps, submitted.usability, submitted.language], [8, 5, "en"]);
  assert.match(submitted.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(requests.filter((request) => request.method() == "POST"), [], "nothing posted");
  assert.deepEqual(await server.stored(id), []);
  await context.close();
});

test("the JavaScript API shows, hides and attributes answers to a visitor", async () => {
  const id = survey("e2e-api", { targeting: { sample_percent: 0 } });
  const { context, page } = await visitor();
  await visit(page, id, "/");
  assert.equal(await surveyOn(page).count(), 0, "sampled out");

  await page.evaluate(() => Pulse.identify({ user: "42", plan: "pro" }));
  await page.evaluate(() => Pulse.show());
  await radio(page, 10).waitFor();
  const posted = page.waitForRequest((request) => request.url().endsWith("/responses"));
  await radio(page, 10).click();
  const body = JSON.parse((await posted).postData());
  assert.deepEqual(body.attributes, { user: "42", plan: "pro" });
  assert.equal(body.page, "/");
  const answer = await storedOnce(id, () => true);
  assert.deepEqual([answer.nps, answer.attributes], [10, { user: "42", plan: "pro" }]);
  await page.evaluate(() => Pulse.hide());
  await surveyOn(page).locator("dialog").waitFor({ state: "detached" });
  await context.close();
});

test("whatever the page identifies a visitor with, or however long its path, the answer is stored once", async () => {
  const many = {};
  for (let i = 0; i < 25; i++) many[`k${i}`] = `v${i}`;
  // What the page gives Pulse.identify(), the server's message, and the page's path.
  const cases = [
    [{ plan: "pro", "bad key": "x" }, 'attribute names are 1 to 64 letters, digits, _ . or -, got "bad key"'],
    [{ plan: "pro", bio: "v".repeat(257) }, "attributes must be at most 256 characters, got 257"],
    [many, "at most 20 attributes, got 25"],
    [{ plan: "pro", visits: 3 }, "attributes.visits: invalid type: integer `3`, expected a string"],
    // The server takes 512 characters of a path: the loader sends no more, so the answer
    // keeps its attributes and its page, cut.
    [{ plan: "pro" }, null, `/${"p".repeat(599)}`],
  ];
  for (const [index, [attributes, message, path = "/pricing"]] of cases.entries()) {
    const id = survey(`e2e-identify-${index}`);
    const { context, page, requests } = await visitor();
    const warnings = [];
    page.on("console", (entry) => entry.type() == "warning" && entry.text().startsWith("Pulse:") && warnings.push(entry.text()));
    await page.goto(`${site.origin}${path}?survey=${id}`);
    await radio(page, 7).waitFor();
    await page.evaluate((attributes) => Pulse.identify(attributes), attributes);
    // One answer, one post: refused, it is sent once more without the attributes.
    await radio(page, 7).click();
    const answer = await storedOnce(id, () => true);
    await page.waitForFunction(() => localStorage["pulse:outbox"] == "{}");
    assert.deepEqual([answer.nps, answer.page, answer.attributes], [7, path.slice(0, 512), message ? undefined : attributes]);
    assert.equal(warnings.length, message ? 1 : 0, warnings.join("\n"));
    if (message) assert.ok(warnings[0].startsWith("Pulse: answer kept without attributes: ") && warnings[0].includes(message), warnings[0]);
    const impression = requests.find((request) => request.url().endsWith(`/surveys/${id}/impressions`));
    assert.equal(JSON.parse(impression.postData()).page, path.slice(0, 512));
    await context.close();
  }
});
