// A marketer's own account: after signing in, the login page only ever sends them to a
// page of Pulse, whatever `next` a link carries; and they change their own password from
// the account menu, which signs out their other browsers but not this one.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, signIn } from "./browser.mjs";
import { startServer } from "./server.mjs";

const ADMIN = { email: "next@example.com", password: "a long enough password" };
const VIEWER = { email: "own-password@example.com", password: "the first long password" };

let server;
let browser;

before(async () => {
  // More sign-ins and password checks than the default allowance of one address.
  server = await startServer({ args: ["--logins-per-minute", "100"] });
  server.addUser(ADMIN.email, "admin", ADMIN.password);
  server.addUser(VIEWER.email, "viewer", VIEWER.password);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page in a browser context of its own (its own cookies), that may never leave Pulse. */
async function isolatedPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const offSite = [];
  await context.route(
    (url) => url.origin !== server.url,
    (route) => {
      offSite.push(route.request().url());
      return route.abort();
    },
  );
  return { page, offSite };
}

/** Signs in from the login page as reached by `query`; the URL the browser ends up on. */
async function signInFrom(page, query, { email, password }, expected) {
  await page.goto(`${server.url}/login${query}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}${expected}`);
  // The app may navigate once more: let it settle, then look where it is.
  await page.getByRole("heading", { level: 1 }).waitFor();
  return page.url();
}

test("after signing in, a `next` that would leave the site goes to Pulse's home page", async () => {
  for (const next of ["/%5Cevil.example", "//evil.example", "https:evil.example", "/%2F%2Fevil.example"]) {
    const { page, offSite } = await isolatedPage();
    const landed = await signInFrom(page, `?next=${next}`, ADMIN, "/");
    assert.equal(landed, `${server.url}/`, `next=${next}`);
    assert.deepEqual(offSite, [], `next=${next} sent the browser off the site`);
    await page.context().close();
  }
});

test("after signing in, a `next` on the site is where the marketer lands", async () => {
  const { page, offSite } = await isolatedPage();
  const landed = await signInFrom(page, "?next=/results/demo", ADMIN, "/results/demo");
  assert.equal(landed, `${server.url}/results/demo`);
  assert.deepEqual(offSite, []);
  await page.context().close();
});

test("a marketer changes their password from the account menu; their other browsers are signed out", async () => {
  const here = await isolatedPage();
  const elsewhere = await isolatedPage();
  await signIn(here.page, server.url, VIEWER, "/surveys");
  await signIn(elsewhere.page, server.url, VIEWER, "/surveys");

  const { page } = here;
  await page.getByRole("link", { name: VIEWER.email }).click();
  await page.waitForURL(`${server.url}/account`);
  await page.getByText(`Signed in as ${VIEWER.email}`).waitFor();
  assert.equal(await page.title(), "Your account – Pulse");

  const newPassword = "the second long password";
  const attempt = async (current, fresh, again = fresh) => {
    await page.getByLabel("Current password").fill(current);
    await page.getByLabel(/^New password \(at least/).fill(fresh);
    await page.getByLabel("New password again").fill(again);
    await page.getByRole("button", { name: "Change the password" }).click();
  };
  const alert = page.getByRole("alert");

  await attempt("not my password", newPassword);
  await alert.getByText("the current password is wrong").waitFor();
  await attempt(VIEWER.password, "too short");
  await alert.getByText("the new password must be at least 10 characters").waitFor();
  await attempt(VIEWER.password, newPassword, "a different long password");
  await alert.getByText("The two new passwords differ").waitFor();

  await attempt(VIEWER.password, newPassword);
  await page.getByRole("status").getByText("Your password is changed.").waitFor();
  assert.equal(await alert.count(), 0, "no error is left on screen");
  assert.equal(await page.getByLabel("Current password").inputValue(), "", "the form is emptied");

  // This browser stays signed in; the other one is sent to the login page.
  await page.reload();
  await page.getByText(`Signed in as ${VIEWER.email}`).waitFor();
  await elsewhere.page.goto(`${server.url}/account`);
  await elsewhere.page.waitForURL(/\/login\?next=%2Faccount$/);

  // Only the new password opens the account now.
  const fresh = await isolatedPage();
  await fresh.page.goto(`${server.url}/login`);
  await fresh.page.getByLabel("Email").fill(VIEWER.email);
  await fresh.page.getByLabel("Password").fill(VIEWER.password);
  await fresh.page.getByRole("button", { name: "Sign in" }).click();
  await fresh.page.getByRole("alert").getByText("wrong email or password").waitFor();
  await signIn(fresh.page, server.url, { ...VIEWER, password: newPassword }, "/surveys");
  for (const { page, offSite } of [here, elsewhere, fresh]) {
    assert.deepEqual(offSite, []);
    await page.context().close();
  }
});
