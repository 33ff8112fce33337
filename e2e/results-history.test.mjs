// The results page over time: three and a half months of answers, imported with their
// dates as an operator moves a history in, against figures computed here independently:
// the trend by day, week and month with its 95 % intervals and its points of few answers,
// the change from the period before and whether it is significant, the period presets and a custom range, the CSV
// export of a period, and axe-core on the page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";

import { launchBrowser, shownTexts, signIn } from "./browser.mjs";
import { downloadAnswers } from "./exported.mjs";
import { FEW_ANSWERS, headline, interval, loyalty, npsCell, round, shownFewAnswers, signed, Z_95 } from "./figures.mjs";
import { startServer } from "./server.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const SURVEY = "history";
const MARKETER = { email: "history@example.com", password: "a long enough password" };
// The marketer's time zone: no daylight saving time, and half an hour off whole UTC hours,
// so that a day counted in UTC instead of the marketer's day shows.
const ZONE = "Asia/Kolkata";
const OFFSET = "+05:30";
// The marketer's clock: the presets count back from this day.
const TODAY = "2026-04-15";
const NOW = `${TODAY}T23:55:00${OFFSET}`;
// Stretches of days, each with the scores its answers give in turn: mixed, then mostly
// detractors for thirty days, then mostly promoters for the last thirty.
const STRETCHES = [
  ["2026-01-05", "2026-02-14", [10, 7, 4, 9, 8, 2, 10]],
  ["2026-02-15", "2026-03-16", [3, 6, 9, 1, 7]],
  ["2026-03-17", TODAY, [10, 9, 8, 10, 4, 9]],
];
// One, two or three answers a day, at these times of the marketer's day: the first and the
// last are on the day before and the day after in UTC.
const TIMES = ["00:10", "12:00", "23:50"];
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, and back. */
const dayOf = (date) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const ANSWERS = [];
for (const [first, last, scores] of STRETCHES) {
  let turn = 0;
  for (let day = dayOf(first); day <= dayOf(last); day++) {
    for (const time of TIMES.slice(0, 1 + (day % 3))) {
      const nps = scores[turn++ % scores.length];
      ANSWERS.push({
        id: `00000000-0000-4000-8000-${String(ANSWERS.length).padStart(12, "0")}`,
        nps,
        // Promoters find the site easier to use, so each period has its own average.
        usability: Math.min(5, 1 + Math.floor(nps / 2)),
        created_at: `${dateOf(day)}T${time}:00${OFFSET}`,
        day,
      });
    }
  }
}

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  server.putSurvey({ id: SURVEY, company: "History Ltd" });
  server.addUser(MARKETER.email, "viewer", MARKETER.password);
  const printed = server.importResponses(SURVEY, ANSWERS.map(({ day, ...answer }) => answer));
  assert.match(printed, new RegExp(`^${ANSWERS.length} answers imported`));

  browser = await launchBrowser();
  const context = await browser.newContext({ timezoneId: ZONE });
  page = await context.newPage();
  await page.clock.setFixedTime(new Date(NOW));
  await signIn(page, server.url, MARKETER, `/results/${SURVEY}`);
  await page.getByTestId("nps").waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The headline figures as the page should show them. */
function shownHeadline(answers) {
  const n = answers.length;
  const usability = answers.reduce((sum, answer) => sum + answer.usability, 0);
  // Tenths as people round them, in whole numbers, free of binary fractions.
  const tenths = Math.floor((20 * usability + n) / (2 * n));
  return { ...headline(answers.map(({ nps }) => nps)), usability: `${Math.floor(tenths / 10)}.${tenths % 10} / 5` };
}

/** The line comparing with the period before, or null when the page should show none. */
function change(answers, earlier, span) {
  if (earlier.length === 0) return null;
  const [now, before] = [loyalty(answers.map(({ nps }) => nps)), loyalty(earlier.map(({ nps }) => nps))];
  const difference = round(now.nps) - round(before.nps);
  let verdict = "too few answers to tell";
  if (now.adjusted && before.adjusted) {
    // A z-test on the adjusted NPS (MeasuringU's test for two NPS): never divided by zero.
    const spread = Math.hypot(now.adjusted.standardError, before.adjusted.standardError);
    const significant = Math.abs((now.adjusted.nps - before.adjusted.nps) / spread) > Z_95;
    verdict = significant ? "a significant change" : "within the margin of error";
  }
  return `${signed(difference)} vs ${span} (${verdict})`;
}

/** The trend table's rows for the days `first` to `last`, grouped by `grain`. */
function trend(first, last, grain) {
  const periodOf = (day) => {
    const date = dateOf(day);
    if (grain === "day") return date;
    if (grain === "month") return date.slice(0, 7);
    // Weeks start on Monday; getUTCDay counts from Sunday.
    return `Week of ${dateOf(day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7))}`;
  };
  const periods = new Map();
  for (let day = first; day <= last; day++) {
    const label = periodOf(day);
    periods.set(label, [...(periods.get(label) ?? []), ...ANSWERS.filter((answer) => answer.day === day)]);
  }
  return [...periods].map(([label, answers]) => {
    const scores = answers.map(({ nps }) => nps);
    return [label, npsCell(scores), interval(scores) ?? "–", String(scores.length)];
  });
}

const between = (first, last) => ANSWERS.filter((answer) => answer.day >= first && answer.day <= last);

const shown = async () => ({
  ...(await shownTexts(page, ["nps", "interval", "responses", "promoters", "passives", "detractors", "usability"])),
  fewAnswers: await shownFewAnswers(page),
});

async function shownChange() {
  const line = page.getByTestId("change");
  return (await line.count()) === 0 ? null : line.textContent();
}

const trendChart = () => page.locator("figure", { has: page.getByRole("heading", { name: "NPS over time" }) });

async function shownTrend() {
  return trendChart()
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
}

/** The trend's dots: how many, and how many hollow for few answers. */
async function shownDots() {
  const dots = trendChart().locator("svg circle");
  return { dots: await dots.count(), hollow: await trendChart().locator("svg circle.few-answers").count() };
}

/** The dots the trend rows should have: one per period with answers, hollow below 30. */
function dots(rows) {
  const counts = rows.map((row) => Number(row.at(-1))).filter((count) => count > 0);
  return { dots: counts.length, hollow: counts.filter((count) => count < FEW_ANSWERS).length };
}

/** Waits until the page shows `expected` (a filter redraws asynchronously), then compares. */
async function assertShows(read, expected, what) {
  const deadline = Date.now() + 5000;
  let actual = await read();
  while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    actual = await read();
  }
  assert.deepEqual(actual, expected, what);
}

async function choosePeriod(value) {
  await page.getByLabel("Period").selectOption(value);
}

async function chooseGrain(grain) {
  await page.getByLabel("Trend by").selectOption(grain);
}

async function chooseDates(from, to) {
  await choosePeriod("custom");
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("From", { exact: true }).dispatchEvent("change");
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByLabel("To", { exact: true }).dispatchEvent("change");
}

test("the imported history is on the page, counted by the marketer's days", async () => {
  const [first, last] = [ANSWERS[0].day, ANSWERS.at(-1).day];
  await choosePeriod("all");
  await assertShows(shown, shownHeadline(ANSWERS), "all time");
  assert.equal(await shownChange(), null, "an open period has nothing to compare with");
  for (const grain of ["day", "week", "month"]) {
    await chooseGrain(grain);
    const rows = trend(first, last, grain);
    await assertShows(shownTrend, rows, `trend by ${grain}`);
    assert.deepEqual(await shownDots(), dots(rows), `dots by ${grain}`);
  }
  // The premise: every week has fewer than 30 answers and every month at least 30 (April
  // exactly 30, which is enough), so the page had both kinds of points to draw.
  assert.ok(trend(first, last, "week").every((row) => row[1].endsWith("(few answers)")));
  assert.ok(trend(first, last, "month").every((row) => !row[1].endsWith("(few answers)")));
});

test("each preset shows its days' figures and the change from as many days before", async () => {
  const today = dayOf(TODAY);
  for (const [days, verdict] of [
    [7, "within the margin of error"],
    [30, "a significant change"],
    [90, null],
    [365, null],
  ]) {
    const answers = between(today - days + 1, today);
    const earlier = between(today - 2 * days + 1, today - days);
    const expectedChange = change(answers, earlier, `the ${days} days before`);
    // The stretches were chosen for one verdict of each kind: the premise is checked here.
    if (verdict) assert.ok(expectedChange.endsWith(`(${verdict})`), expectedChange);
    await choosePeriod(String(days));
    await assertShows(shown, shownHeadline(answers), `last ${days} days`);
    await assertShows(shownChange, expectedChange, `change over the last ${days} days`);
    await chooseGrain("week");
    await assertShows(shownTrend, trend(today - days + 1, today, "week"), `weekly trend of the last ${days} days`);
  }
});

test("a custom range changes every figure, and the CSV export holds that range's answers", async () => {
  const [from, to] = ["2026-02-01", "2026-02-28"];
  const [first, last] = [dayOf(from), dayOf(to)];
  const answers = between(first, last);
  await chooseDates(from, to);
  await assertShows(shown, shownHeadline(answers), "February");
  await assertShows(
    shownChange,
    change(answers, between(first - 28, first - 1), "the period before"),
    "change from the 28 days before",
  );
  await chooseGrain("day");
  await assertShows(shownTrend, trend(first, last, "day"), "February by day");

  const rows = await downloadAnswers(page);
  const exported = rows.map((row) => [row.id, Date.parse(row.created_at), Number(row.nps), Number(row.usability)]);
  const expected = answers
    .map((answer) => [answer.id, Date.parse(answer.created_at), answer.nps, answer.usability])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1));
  assert.deepEqual(exported, expected);
});

test("shares and averages that fall on a half are rounded up, as people round them", async () => {
  const [first, last] = [dayOf("2026-02-16"), dayOf("2026-02-19")];
  const answers = between(first, last);
  // The premise: one passive in eight (12.5 %), five detractors in eight (62.5 %), and an
  // average usability of 3.25.
  assert.equal(answers.length, 8);
  assert.equal(answers.filter(({ nps }) => nps === 7 || nps === 8).length, 1);
  assert.equal(answers.filter(({ nps }) => nps <= 6).length, 5);
  assert.equal(answers.reduce((sum, answer) => sum + answer.usability, 0), 26);
  await chooseDates(dateOf(first), dateOf(last));
  await assertShows(shown, shownHeadline(answers), "four days in February");
});

test("days start at the marketer's midnight on both sides of a daylight-saving change", async () => {
  // Amsterdam is UTC+1 in January and UTC+2 from 29 March: one answer just before and one
  // just after midnight on a winter day and a summer day. Counted with one offset for the
  // whole year, one pair would land a day off.
  const seasons = "seasons";
  server.putSurvey({ id: seasons, company: "Seasons Ltd" });
  const answers = [
    ["2026-01-10T23:30:00+01:00", 10, "2026-01-10"],
    ["2026-01-11T00:30:00+01:00", 3, "2026-01-11"],
    ["2026-03-30T23:30:00+02:00", 9, "2026-03-30"],
    ["2026-03-31T00:30:00+02:00", 2, "2026-03-31"],
  ].map(([created_at, nps, day], index) => ({ id: `00000000-0000-4000-9000-00000000000${index}`, nps, created_at, day }));
  server.importResponses(seasons, answers.map(({ day, ...answer }) => answer));

  const context = await browser.newContext({ timezoneId: "Europe/Amsterdam" });
  const amsterdam = await context.newPage();
  await amsterdam.clock.setFixedTime(new Date(NOW));
  await signIn(amsterdam, server.url, MARKETER, `/results/${seasons}`);
  await amsterdam.getByTestId("nps").waitFor();
  await amsterdam.getByLabel("Trend by").selectOption("day");
  const chart = amsterdam.locator("figure", { has: amsterdam.getByRole("heading", { name: "NPS over time" }) });
  const rows = await chart
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((row) => [row.cells[0].textContent, [...row.cells].at(-1).textContent]));
  const answered = rows.filter(([, count]) => count !== "0");
  assert.deepEqual(answered, answers.map(({ day }) => [day, "1"]));

  // The survey list's sparkline ends with this week (of 13 April): of its 12 weeks, only
  // the one of 30 March has answers (NPS 0), the tenth of 12 points on the 120-unit line.
  await amsterdam.goto(`${server.url}/surveys`);
  const sparkline = amsterdam.locator("tr", { hasText: "Seasons Ltd" }).locator("svg.sparkline polyline");
  assert.equal(await sparkline.getAttribute("points"), `${((9 * 120) / 11).toFixed(1)},14.0`);
  await context.close();
});

test("axe-core finds no accessibility violation on the results page, and no text overlapped", async () => {
  await choosePeriod("30");
  await page.getByTestId("change").waitFor();
  await page.evaluate(AXE);
  const { violations, overlapped } = await page.evaluate(async () => {
    const result = await axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    });
    const describe = (nodes) => nodes.map((node) => node.html).join(" | ");
    // Text whose contrast axe cannot judge because something covers it, or it runs out of
    // its box over something else: unreadable, though not counted as a violation.
    const covered = ["elmPartiallyObscured", "bgOverlap"];
    const contrast = result.incomplete.find(({ id }) => id === "color-contrast")?.nodes ?? [];
    return {
      violations: result.violations.map(({ id, nodes }) => `${id}: ${describe(nodes)}`),
      overlapped: describe(contrast.filter((node) => node.any.some(({ data }) => covered.includes(data?.messageKey)))),
    };
  });
  assert.deepEqual(violations, []);
  assert.equal(overlapped, "");
});
