// Debian's Chromium driven by playwright-core: these machines cannot download Playwright's
// own browsers. The flags keep it from reaching out to the internet.
import { chromium } from "playwright-core";

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/** Signs in on the login page of the server at `url`, then waits for the page at `next`. */
export async function signIn(page, url, { email, password }, next = "/") {
  await page.goto(`${url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${url}${next}`);
}

/** The texts of the elements with these test ids, by id: the figures a page shows. */
export async function shownTexts(page, ids) {
  const texts = await Promise.all(ids.map((id) => page.getByTestId(id).textContent()));
  return Object.fromEntries(ids.map((id, index) => [id, texts[index]]));
}
