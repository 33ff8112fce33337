// Following up with detractors on the results page, as marketers do it: an admin marks a
// detractor contacted, with an owner and a note, from the comment list, and it is kept; the
// Follow-up section counts the open detractors and the share contacted within 48 hours,
// following the filters, and lists the open ones oldest first, shrinking as they are
// followed up; a note too long is refused in words and saves nothing; a viewer sees how
// each answer is followed up, without the form.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startServer } from "./server.mjs";

const SURVEY = "follow";
const ADMIN = { email: "follow-admin@example.com", password: "a long enough password" };
const VIEWER = { email: "follow-viewer@example.com", password: "a long enough password" };
// The owner: any account, here one that only reads.
const OWNER = "ana@shop.example";
const HOUR = 3_600_000;

// [score, page, hours ago, comment]
const ANSWERS = [
  [2, "/checkout", 5 * 24, "The parcel never arrived."],
  [4, "/checkout", 3 * 24, "The refund took three weeks."],
  [6, "/pricing", 47, "Too expensive for what it is."],
  [1, "/checkout", 2, "It arrived broken."],
  [10, "/checkout", 24, "Quick and friendly."],
  [8, "/pricing", 30, "Fine, nothing special."],
];
const [PARCEL, REFUND, PRICE, BROKEN] = ANSWERS.map(([, , , comment]) => comment);
const idOf = (comment) => {
  const index = ANSWERS.findIndex((answer) => answer[3] === comment);
  return `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
};

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  server.putSurvey({ id: SURVEY, company: "Follow Ltd" });
  server.addUser(ADMIN.email, "admin", ADMIN.password);
  server.addUser(VIEWER.email, "viewer", VIEWER.password);
  server.addUser(OWNER, "viewer", "a long enough password");
  const now = Date.now();
  const answers = ANSWERS.map(([nps, path, hoursAgo, comment]) => ({
    id: idOf(comment),
    nps,
    comment,
    language: "en",
    page: path,
    created_at: new Date(now - hoursAgo * HOUR).toISOString(),
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

const comment = (on, text) => on.locator("#comments .comment", { hasText: text });
/** How the comment list says the answer of this comment is followed up. */
const stateOf = (on, text) => comment(on, text).locator(".follow-up-state").textContent();
const region = (on) => on.getByRole("region", { name: "Follow-up" });
const waitingList = (on) => region(on).getByRole("list", { name: "Open detractors, the oldest first" });
/** The comments of the open detractors the Follow-up section lists, in its order. */
const waitingComments = (on) => waitingList(on).locator(".comment-text").allTextContents();
const stored = async (text) => (await server.stored(SURVEY)).find((answer) => answer.comment === text).follow_up;

/** Asserts that the figure of this test id comes to read `expected` (figures are redrawn as data arrive). */
async function assertShows(on, testId, expected) {
  const reads = ([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === text;
  await on.waitForFunction(reads, [testId, expected], { timeout: 5000 }).catch(() => {});
  assert.equal(await region(on).getByTestId(testId).textContent(), expected);
}

const waitForListed = (on, count) =>
  on.waitForFunction((n) => document.querySelectorAll("#follow-ups-body .comment-list > .comment").length === n, count);

async function openFollowUp(on) {
  await region(on).getByRole("button", { name: "Show the follow-up" }).click();
  await region(on).getByTestId("follow-up-waiting").waitFor();
}

test("an admin marks a detractor contacted, with an owner and a note, and it is kept", async () => {
  const item = comment(page, REFUND);
  assert.equal(await stateOf(page, REFUND), "Follow-up: Open");
  await item.getByText("Change the follow-up").click();
  await item.getByLabel("State").selectOption("contacted");
  // The owner field offers the accounts.
  const offered = await page.locator(`#${await item.getByLabel("Owner").getAttribute("list")} option`).evaluateAll(
    (options) => options.map((option) => option.value),
  );
  assert.deepEqual(offered.sort(), [OWNER, ADMIN.email, VIEWER.email].sort());
  await item.getByLabel("Owner").fill(OWNER);
  await item.getByLabel("Note").fill("Called her; a voucher is on its way.");
  await item.getByRole("button", { name: "Save" }).click();
  await item.getByRole("status").getByText("Saved.").waitFor();
  assert.equal(await stateOf(page, REFUND), `Follow-up: Contacted · Owner: ${OWNER}`);

  await page.reload();
  await comment(page, REFUND).locator(".follow-up-note").waitFor();
  assert.equal(await stateOf(page, REFUND), `Follow-up: Contacted · Owner: ${OWNER}`);
  assert.equal(await comment(page, REFUND).locator(".follow-up-note").textContent(), "Called her; a voucher is on its way.");
  const kept = await stored(REFUND);
  assert.deepEqual([kept.state, kept.owner, kept.note], ["contacted", OWNER, "Called her; a voucher is on its way."]);
  assert.ok(Math.abs(kept.followed_up_at - Date.now()) < 60_000, "followed up now");
});

test("the Follow-up section counts and lists the open detractors, oldest first, following the filters", async () => {
  await openFollowUp(page);
  await assertShows(page, "follow-up-waiting", "3 open detractors waiting, the oldest for 5 days.");
  // The refund was contacted three days after its answer: late.
  const noneInTime = "0% of the 2 detractors answered more than 48 hours ago were contacted within 48 hours.";
  await assertShows(page, "follow-up-in-time", noneInTime);
  await waitingList(page).locator(".comment").nth(2).waitFor();
  assert.deepEqual(await waitingComments(page), [PARCEL, PRICE, BROKEN]);
  assert.deepEqual(
    await waitingList(page).locator(".follow-up-age").allTextContents(),
    ["Waiting for 5 days", "Waiting for 47 hours", "Waiting for 2 hours"],
  );

  await page.locator(".segment-filters select").first().selectOption({ label: "Page /pricing" });
  await assertShows(page, "follow-up-waiting", "1 open detractor waiting, the oldest for 47 hours.");
  const noneDue = "No detractor answered more than 48 hours ago yet.";
  await assertShows(page, "follow-up-in-time", noneDue);
  await waitForListed(page, 1);
  assert.deepEqual(await waitingComments(page), [PRICE]);
  await page.getByRole("button", { name: "Remove Page /pricing" }).click();
  await assertShows(page, "follow-up-in-time", noneInTime);
});

test("following up one from the section shrinks the list, and counts in time once its 48 hours pass", async () => {
  await waitingList(page).locator(".comment").nth(2).waitFor();
  const item = waitingList(page).locator(".comment", { hasText: PRICE });
  await item.getByText("Change the follow-up").click();
  await item.getByLabel("State").selectOption("contacted");
  await item.getByRole("button", { name: "Save" }).click();
  await waitForListed(page, 2);
  assert.deepEqual(await waitingComments(page), [PARCEL, BROKEN]);
  await assertShows(page, "follow-up-waiting", "2 open detractors waiting, the oldest for 5 days.");
  // Answered 47 hours ago, it is not yet counted either way.
  const noneInTime = "0% of the 2 detractors answered more than 48 hours ago were contacted within 48 hours.";
  await assertShows(page, "follow-up-in-time", noneInTime);
  // The comment list shows the change made in the section.
  assert.equal(await stateOf(page, PRICE), "Follow-up: Contacted");

  // Two hours later, by the browser's clock, its 48 hours have passed: contacted in time.
  const later = await browser.newPage();
  await later.clock.setFixedTime(Date.now() + 2 * HOUR);
  await signIn(later, server.url, ADMIN, `/results/${SURVEY}`);
  await later.getByTestId("nps").waitFor();
  await openFollowUp(later);
  const oneInTime = "33% of the 3 detractors answered more than 48 hours ago were contacted within 48 hours.";
  await assertShows(later, "follow-up-in-time", oneInTime);
  await later.close();
});

test("a note too long is refused in words beside it and saves nothing; so is an owner without an account", async () => {
  const item = comment(page, PARCEL);
  await item.getByText("Change the follow-up").click();
  const note = item.getByLabel("Note");
  await note.fill("x".repeat(2001));
  const refusal = item.locator(".field-error");
  assert.equal(await refusal.textContent(), "note must be at most 2000 characters, got 2001");
  assert.equal(await note.getAttribute("aria-invalid"), "true");
  assert.equal(await note.getAttribute("aria-describedby"), await refusal.getAttribute("id"));
  assert.ok(await item.getByRole("button", { name: "Save" }).isDisabled());
  await item.getByLabel("Owner").press("Enter");
  await note.fill("x".repeat(2000));
  await refusal.waitFor({ state: "detached" });
  assert.equal(await note.getAttribute("aria-invalid"), null);

  await item.getByLabel("Owner").fill("nobody@shop.example");
  await item.getByRole("button", { name: "Save" }).click();
  const alert = item.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /^Not saved: .*nobody@shop\.example/);
  assert.deepEqual(await stored(PARCEL), { state: "open" });
  assert.equal(await stateOf(page, PARCEL), "Follow-up: Open");
});

test("a viewer sees how answers are followed up, without the form", async () => {
  const viewer = await browser.newPage();
  await signIn(viewer, server.url, VIEWER, `/results/${SURVEY}`);
  await comment(viewer, REFUND).locator(".follow-up-note").waitFor();
  assert.equal(await stateOf(viewer, REFUND), `Follow-up: Contacted · Owner: ${OWNER}`);
  assert.equal(await stateOf(viewer, BROKEN), "Follow-up: Open");
  await openFollowUp(viewer);
  await waitingList(viewer).locator(".comment").nth(1).waitFor();
  assert.deepEqual(await waitingComments(viewer), [PARCEL, BROKEN]);
  assert.equal(await viewer.getByText("Change the follow-up").count(), 0);
  assert.equal(await viewer.locator(".follow-up form").count(), 0);
  await viewer.close();
});
