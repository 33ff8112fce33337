// What a company's page does around the survey does not cost an answer or count one twice:
// a browser's storage already full, an inline survey moved by the page's framework, a
// second tab of the same visit whose trigger fires after the first tab showed its survey.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { radio, setUp, site, storedOnce, survey, surveyOn, tearDown, THANKS, visit, visitor } from "./visitors.mjs";

before(setUp);
after(tearDown);

test("where the browser's storage is full, the survey still comes and its answer is stored", async () => {
  const id = survey("e2e-full-storage");
  const { context, page } = await visitor();
  await context.addInitScript(() => {
    // Fills the page's storage to its quota, as years of other scripts' data can.
    for (const size of [1 << 20, 1 << 14, 1 << 8, 1]) {
      try {
        for (let i = 0; ; i++) localStorage[`filler-${size}-${i}`] = "x".repeat(size);
      } catch {}
    }
  });
  await visit(page, id);
  assert.equal(await page.evaluate(() => localStorage["pulse"]), undefined, "nothing could be stored");
  await radio(page, 9).click();
  await radio(page, 5).click();
  await surveyOn(page).getByRole("textbox").fill("Lovely boots");
  await surveyOn(page).getByRole("button", { name: "Send" }).click();
  await surveyOn(page).getByText(THANKS).waitFor();
  const answer = await storedOnce(id, (answer) => answer.comment == "Lovely boots");
  assert.deepEqual([answer.nps, answer.usability], [9, 5]);
  await context.close();
});

test("an inline survey moved in the page keeps its survey: shown once, answered once", async () => {
  const id = survey("e2e-moved", { theme: { placement: "inline" } });
  const { context, page } = await visitor();
  await page.goto(`${site.origin}/?inline=${id}&backend=none`);
  const inline = page.locator("pulse-survey");
  await inline.getByRole("radio", { name: "8", exact: true }).click();
  // As a framework re-rendering the page moves an element: disconnected, then connected again.
  await page.evaluate(() => document.body.prepend(document.querySelector("pulse-survey")));
  await page.waitForTimeout(500);
  await inline.getByRole("radio", { name: "5", exact: true }).click();
  await inline.getByRole("button", { name: "Send" }).click();
  await inline.getByText(THANKS).waitFor();
  const events = await page.evaluate(() => pulseEvents.map((event) => event.name));
  assert.deepEqual(events, ["pulse:shown", "pulse:answered", "pulse:answered", "pulse:submitted"]);
  await context.close();
});

test("a second tab whose trigger fires after the first tab showed the survey shows none", async () => {
  const id = survey("e2e-two-tabs", { targeting: { delay_seconds: 2 } });
  const { context, page: first } = await visitor();
  await visit(first, id);
  await first.waitForTimeout(1000);
  const second = await context.newPage();
  await visit(second, id);
  await radio(first, 9).waitFor();
  // The second tab's trigger fires a second after the first's, within the same visit.
  await second.waitForTimeout(2500);
  assert.equal(await surveyOn(second).count(), 0, "one survey per visit, whatever the tabs");
  await context.close();
});
