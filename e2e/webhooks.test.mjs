// Webhooks from the admin's page: one added for a receiver shows its secret once, its test
// and the answers' messages arrive signed and show as delivered; a receiver answering 500
// shows a failure in words with the next retry; a viewer is refused in words, without the
// page's controls.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startServer } from "./server.mjs";

const ADMIN = { email: "webhooks@example.com", password: "a long enough password" };
const VIEWER = { email: "webhooks-viewer@example.com", password: "a long enough password" };

let server;
let browser;
let receiver;
/** What the receiver got, in order: `{ path, headers, body }`. */
const received = [];

before(async () => {
  // Answers 200 on /ok and 500 anywhere else.
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ path: request.url, headers: request.headers, body });
      response.writeHead(request.url === "/ok" ? 200 : 500).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  server = await startServer({ args: ["--allow-private-webhooks"] });
  server.addUser(ADMIN.email, "admin", ADMIN.password);
  server.addUser(VIEWER.email, "viewer", VIEWER.password);
  server.putSurvey({ id: "checkout", company: "Northwind" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.close();
});

const receiverUrl = (path) => `http://127.0.0.1:${receiver.address().port}${path}`;

/** The first message to `path` of type `event`, once it arrives. */
async function arrival(path, event) {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const message = received.find((got) => got.path === path && JSON.parse(got.body).type === event);
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${event} reached ${path}`);
}

/** Whether `message` is signed with `secret` as Standard Webhooks sign. */
function signedWith(message, secret) {
  const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signatures } = message.headers;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${message.body}`).digest("base64");
  return signatures.split(" ").includes(`v1,${expected}`);
}

async function answer(nps, comment) {
  const response = await fetch(`${server.url}/api/v1/surveys/checkout/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: crypto.randomUUID(), nps, comment }),
  });
  assert.equal(response.status, 200);
}

/** Fills the add form and submits it. */
async function addWebhook(page, url, events) {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add the webhook" }) });
  await form.getByLabel(/^URL/).fill(url);
  for (const event of events) await form.getByLabel(event).check();
  await form.getByRole("button", { name: "Add the webhook" }).click();
}

test("an admin adds a webhook, sees its secret once, tests it and sees answers delivered", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, ADMIN, "/surveys");
  await page.getByRole("link", { name: "Webhooks of checkout" }).click();
  await page.waitForURL(`${server.url}/surveys/checkout/webhooks`);
  await page.getByText("No webhooks yet.").waitFor();

  const url = receiverUrl("/ok");
  await addWebhook(page, url, [/An answer is stored/]);
  const shown = page.getByLabel("Secret", { exact: true });
  await shown.waitFor();
  const secret = await shown.inputValue();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(await page.locator("[aria-live=polite]").getByText("shown only this once").count(), 1);
  const webhook = page.getByRole("article", { name: url });
  await webhook.getByText("Nothing sent yet.").waitFor();
  assert.equal(await webhook.getByRole("definition").first().textContent(), "response.created");

  await webhook.getByRole("button", { name: "Send a test" }).click();
  await webhook.getByRole("status").getByText("Test sent: Delivered (200)").waitFor();
  assert.ok(signedWith(await arrival("/ok", "webhook.test"), secret), "the test is signed with the secret");
  const testRow = webhook.getByRole("row", { name: /webhook\.test/ });
  await testRow.getByRole("cell", { name: "Delivered (200)" }).waitFor();

  await answer(9);
  const created = await arrival("/ok", "response.created");
  assert.ok(signedWith(created, secret), "the answer's message is signed with the secret");
  assert.equal(JSON.parse(created.body).data.nps, 9);
  await page.reload();
  await webhook.getByRole("row", { name: /response\.created/ }).getByRole("cell", { name: "Delivered (200)" }).waitFor();
  assert.equal(await page.getByLabel("Secret", { exact: true }).count(), 0, "the secret is shown after a reload");
  assert.ok(!(await page.content()).includes(secret), "the secret is on the page after a reload");

  // Its events changed: deletions and detractors' comments too.
  await webhook.getByLabel(/An answer is deleted/).check();
  await webhook.getByLabel(/A detractor leaves a comment/).check();
  await webhook.getByRole("button", { name: "Save the events" }).click();
  await webhook.getByRole("definition").getByText("response.created, response.deleted, alert.detractor").waitFor();
  await answer(3, "The checkout failed twice");
  const alert = await arrival("/ok", "alert.detractor");
  assert.ok(signedWith(alert, secret), "the alert is signed with the secret");
  assert.equal(JSON.parse(alert.body).data.comment, "The checkout failed twice");
  await page.close();
});

test("a failing receiver shows its failure in words and the next retry; disabled, then deleted", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, ADMIN, "/surveys/checkout/webhooks");
  const url = receiverUrl("/broken");

  // Without an event, refused in the server's words.
  await addWebhook(page, url, []);
  await page.getByRole("alert").getByText(/choose at least one event/).waitFor();

  await addWebhook(page, url, [/An answer is stored/]);
  await page.getByLabel("Secret", { exact: true }).waitFor();
  const webhook = page.getByRole("article", { name: url });
  await answer(3);
  await arrival("/broken", "response.created");
  await page.reload();
  // Newest first: the retry 5 s later may already be there.
  const row = webhook.getByRole("row", { name: /response\.created/ }).first();
  await row.getByRole("cell", { name: "Failed: the receiver answered 500 Internal Server Error" }).waitFor();
  const nextRetry = await page.evaluate(async (url) => {
    const webhooks = await (await fetch("/api/v1/admin/surveys/checkout/webhooks")).json();
    const attempt = webhooks.find((webhook) => webhook.url === url).attempts[0];
    return new Date(attempt.next_attempt_at).toLocaleString();
  }, url);
  assert.equal(await row.getByRole("cell").last().textContent(), nextRetry, "the next retry is shown");

  await webhook.getByRole("button", { name: "Send a test" }).click();
  await webhook
    .getByRole("status")
    .getByText("Test sent: Failed: the receiver answered 500 Internal Server Error")
    .waitFor();

  await webhook.getByRole("button", { name: "Disable" }).click();
  await webhook.getByText("Disabled: nothing is sent until it is enabled").waitFor();
  await webhook.getByRole("button", { name: "Enable" }).waitFor();

  page.once("dialog", (dialog) => {
    assert.match(dialog.message(), /Delete the webhook to http:\/\/127\.0\.0\.1:\d+\/broken\?/);
    return dialog.accept();
  });
  await webhook.getByRole("button", { name: "Delete" }).click();
  await webhook.waitFor({ state: "detached" });
  await page.getByRole("article", { name: receiverUrl("/ok") }).waitFor();
  await page.close();
});

test("a viewer is told the webhooks are refused, and sees none of the page's controls", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, VIEWER, "/surveys/checkout/webhooks");
  await page.getByRole("alert").getByText(/^The webhooks could not be loaded\./).waitFor();
  assert.equal(await page.getByRole("button").filter({ hasNotText: "Sign out" }).count(), 0);
  assert.equal(await page.getByRole("article").count(), 0);
  await page.close();
});
