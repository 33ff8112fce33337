// The survey where the visitor's screen is not the designer's: in forced colours (Windows
// High Contrast), which replace the brand's colours, and on a 320 px phone with a company
// name longer than the card is wide.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { radio, setUp, site, survey, surveyOn, tearDown, visitor } from "./visitors.mjs";

before(setUp);
after(tearDown);

test("in forced colours the chosen score still stands out from the others", async () => {
  const id = survey("e2e-forced-colours");
  const { context, page } = await visitor();
  await page.emulateMedia({ forcedColors: "active" });
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 1).waitFor();
  // The arrow keys choose 4 without answering; the focus then leaves the scale, whose
  // focus ring would mark it otherwise.
  await radio(page, 1).focus();
  for (let press = 0; press < 3; press++) await page.keyboard.press("ArrowRight");
  // Focused, the chosen one's ring takes the system's text colour, as every other ring does:
  // unadjusted, it kept the survey's own and could vanish on the system's background.
  const ring = (value) => radio(page, value).evaluate((radio) => getComputedStyle(radio).outlineColor);
  const canvasText = await page.evaluate(() => {
    const probe = document.body.appendChild(document.createElement("i"));
    probe.style.color = "CanvasText";
    return getComputedStyle(probe).color;
  });
  assert.equal(await ring(4), canvasText);
  await surveyOn(page).getByRole("button", { name: "Close survey" }).focus();
  const look = (value) =>
    radio(page, value).evaluate((radio) => {
      const { backgroundColor, color, forcedColorAdjust } = getComputedStyle(radio);
      return { checked: radio.getAttribute("aria-checked"), backgroundColor, color, forcedColorAdjust };
    });
  const [chosen, other] = [await look(4), await look(3)];
  assert.deepEqual([chosen.checked, other.checked], ["true", "false"]);
  // Adjusted, the browser draws its Canvas backplate behind the text: the white digit was
  // white on white.
  assert.equal(chosen.forcedColorAdjust, "none", "the chosen one's colours are drawn as they are");
  assert.notEqual(chosen.backgroundColor, other.backgroundColor, JSON.stringify({ chosen, other }));
  assert.notEqual(chosen.color, other.color, JSON.stringify({ chosen, other }));
  await context.close();
});

test("a company name without a break in it wraps within the card on a 320 px phone", async () => {
  const id = survey("e2e-long-name", { company: "NorthwindOutfittersInternational.co.za" });
  const { context, page } = await visitor({ width: 320, height: 640 });
  await page.goto(`${site.origin}/shop?survey=${id}`);
  await radio(page, 1).waitFor();
  const card = await surveyOn(page)
    .locator("dialog")
    .evaluate((card) => ({ scrollWidth: card.scrollWidth, clientWidth: card.clientWidth }));
  assert.ok(card.scrollWidth <= card.clientWidth, `nothing runs past the card's edge: ${JSON.stringify(card)}`);
  await context.close();
});
