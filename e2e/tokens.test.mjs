// API tokens from the admin's page: a token is made with a name and a role, its secret is
// shown once (gone after a reload), a program uses it against the API, the page shows when
// it was last used, and once revoked it opens nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startServer } from "./server.mjs";

const ADMIN = { email: "tokens@example.com", password: "a long enough password" };

let server;
let browser;

before(async () => {
  server = await startServer();
  server.addUser(ADMIN.email, "admin", ADMIN.password);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A program's request: the token alone, no cookie, no CSRF header. */
function asProgram(token, path, init = {}) {
  const headers = { ...init.headers, authorization: `Bearer ${token}` };
  return fetch(`${server.url}${path}`, { ...init, headers });
}

test("an admin makes a token, sees it once, a program uses it, and revoking it locks the program out", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, ADMIN, "/surveys");
  await page.getByRole("link", { name: "API tokens" }).click();
  await page.waitForURL(`${server.url}/tokens`);
  await page.getByText("No API tokens yet.").waitFor();

  await page.getByLabel(/^Name/).fill("Nightly export");
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Make the token" }).click();
  const secret = page.getByLabel("Token", { exact: true });
  await secret.waitFor();
  const token = await secret.inputValue();
  assert.match(token, /^pulse_[0-9a-f]{64}$/);
  assert.equal(await page.locator("[aria-live=polite]").getByText("shown only this once").count(), 1);
  const row = page.getByRole("row", { name: /Nightly export/ });
  await row.getByRole("cell", { name: "Viewer" }).waitFor();
  await row.getByRole("cell", { name: "Never" }).waitFor();

  // The program reads with it, and its role forbids changes.
  const read = await asProgram(token, "/api/v1/admin/surveys/demo/responses");
  assert.equal(read.status, 200);
  assert.deepEqual((await read.json()).responses, []);
  const archive = await asProgram(token, "/api/v1/admin/surveys/demo/archive", { method: "POST" });
  assert.equal(archive.status, 403);

  // Shown once: after a reload the page knows the token, not its secret.
  await page.reload();
  await row.waitFor();
  assert.equal(await row.getByRole("cell", { name: "Never" }).count(), 0, "the use is shown");
  assert.equal(await page.getByLabel("Token", { exact: true }).count(), 0);
  assert.ok(!(await page.content()).includes(token), "the secret is on the page after a reload");

  page.once("dialog", (dialog) => {
    assert.match(dialog.message(), /Revoke the token Nightly export\?/);
    return dialog.accept();
  });
  await row.getByRole("button", { name: "Revoke Nightly export" }).click();
  await page.getByText("No API tokens yet.").waitFor();
  const revoked = await asProgram(token, "/api/v1/admin/surveys/demo/responses");
  assert.equal(revoked.status, 401);
  assert.equal(revoked.headers.get("www-authenticate"), 'Bearer error="invalid_token"');
  await page.close();
});

test("a refused name is told in words, and nothing is made", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, ADMIN, "/tokens");
  await page.getByRole("heading", { name: "Make a token" }).waitFor();
  // Spaces pass the browser's `required`; the server's rule refuses them.
  await page.getByLabel(/^Name/).fill("   ");
  await page.getByRole("button", { name: "Make the token" }).click();
  await page.getByRole("alert").getByText("name must say which program holds the token").waitFor();
  assert.equal(await page.getByLabel("Token", { exact: true }).count(), 0);
  assert.equal(await page.getByText("No API tokens yet.").count(), 1);
  await page.close();
});
