// Who sees a survey, and when: pure functions over the visitor's history, so that they are
// tested without a browser (e2e/widget-loader.test.mjs). The history is a plain object kept
// in localStorage by pulse.js; this file never touches storage or the DOM.

const DAY = 864e5;
// A visit ends after 30 minutes without a page view, as web analytics count them.
const VISIT_GAP = 18e5;

/** The history after one more page view at `now`: view count, and the visit it belongs to. */
export function viewed(history, now) {
  const next = { ...history, views: ~~history.views + 1, last: now };
  if (!(now - history.last < VISIT_GAP)) next.visit = now;
  return next;
}

/** `*` in `pattern` matches anything, the rest literally; the whole URL must match. */
export function matches(pattern, url) {
  // Every other character than a letter, digit or * is escaped, special or not.
  return RegExp(`^${pattern.replace(/\W/g, (c) => (c == "*" ? ".*" : "\\" + c))}$`).test(url);
}

/** Whether `url` is one of the pages of the targeting `rules`: included (if any) and not excluded. */
export function onPage(rules, url) {
  const include = rules.include_urls;
  return (
    (!include.length || include.some((pattern) => matches(pattern, url))) &&
    !rules.exclude_urls.some((pattern) => matches(pattern, url))
  );
}

/**
 * Whether the survey `id` with targeting `rules` (every field of pulse-core's `Targeting`,
 * as the server sends them) may show on `url` now, before its trigger:
 * URL patterns, page views, the visitor's sample draw, the quiet days after an answer or a
 * dismissal, and at most one survey per visit. `draw` is the visitor's number in [0, 100)
 * for this survey, drawn once and kept.
 */
export function eligible(rules, id, history, url, draw, now) {
  const within = (at, days) => now - at < days * DAY;
  return (
    onPage(rules, url) &&
    history.views >= rules.min_page_views &&
    draw < rules.sample_percent &&
    !within(history.answered?.[id], rules.days_after_answer) &&
    !within(history.dismissed?.[id], rules.days_after_dismiss) &&
    !(history.shown >= history.visit)
  );
}

/** How far down the page the visitor has seen, in %: 100 or more once at its end. */
export const scrolled = (scrollTop, viewportHeight, pageHeight) => ((scrollTop + viewportHeight) / pageHeight) * 100;
