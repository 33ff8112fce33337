// The results page's figures computed here, independently of Pulse, as the page should
// show them: the end-to-end tests compare what the page shows with these.

/** The z value of a two-sided 95 % interval. */
export const Z_95 = 1.959964;

/** Below this many answers the page marks an NPS "few answers". */
export const FEW_ANSWERS = 30;

/** A whole number as people round it: halves away from zero (Math.round takes −12.5 to −12). */
export const round = (value) => Math.sign(value) * Math.round(Math.abs(value));

export const signed = (value) => (value > 0 ? `+${value}` : `${value}`);

/**
 * The NPS of some scores, and the adjusted-Wald estimate of it (Sauro and Lewis, MeasuringU)
 * with its standard error: written here as the weighted mean and variance of the +1/0/−1
 * scores after adding three pseudo-answers, ¾ of a promoter, 1½ passives and ¾ of a
 * detractor. `adjusted` is null below two answers, where the page shows no interval.
 */
export function loyalty(scores) {
  const n = scores.length;
  const values = scores.map((score) => (score >= 9 ? 1 : score <= 6 ? -1 : 0));
  const sum = values.reduce((total, value) => total + value, 0);
  const weighted = [...values.map((value) => [value, 1]), [1, 0.75], [0, 1.5], [-1, 0.75]];
  const weight = weighted.reduce((total, [, w]) => total + w, 0);
  const mean = weighted.reduce((total, [value, w]) => total + w * value, 0) / weight;
  const variance = weighted.reduce((total, [value, w]) => total + w * (value - mean) ** 2, 0) / weight;
  return {
    n,
    values,
    nps: (100 * sum) / n,
    adjusted: n > 1 ? { nps: 100 * mean, standardError: 100 * Math.sqrt(variance / weight) } : null,
  };
}

/** The 95 % interval of some scores as the page writes it ("-7 to +100"), or null. */
export function interval(scores) {
  const { adjusted } = loyalty(scores);
  if (adjusted === null) return null;
  const reach = Z_95 * adjusted.standardError;
  const [lower, upper] = [Math.max(-100, adjusted.nps - reach), Math.min(100, adjusted.nps + reach)];
  return `${signed(round(lower))} to ${signed(round(upper))}`;
}

/** The NPS of some scores in a table or chart: "–" without any, marked when few. */
export function npsCell(scores) {
  if (scores.length === 0) return "–";
  const nps = signed(round(loyalty(scores).nps));
  return scores.length < FEW_ANSWERS ? `${nps} (few answers)` : nps;
}

/** The headline of some scores: NPS, its interval, responses, shares, and the "few answers" note. */
export function headline(scores) {
  const { n, values, nps } = loyalty(scores);
  const percent = (value) => `${Math.round((100 * values.filter((v) => v === value).length) / n)}%`;
  const range = interval(scores);
  return {
    nps: signed(round(nps)),
    interval: range === null ? "Too few answers for an interval" : `95% interval ${range}`,
    responses: String(n),
    promoters: percent(1),
    passives: percent(0),
    detractors: percent(-1),
    fewAnswers: n < FEW_ANSWERS,
  };
}

/** Whether the page's headline marks its NPS "few answers", in words and style. */
export async function shownFewAnswers(page) {
  const note = page.getByTestId("few-answers");
  const styled = await page.getByTestId("nps").evaluate((nps) => nps.classList.contains("few-answers"));
  if ((await note.count()) === 0) return styled ? "styled without words" : false;
  return (await note.textContent()).startsWith("Few answers") && styled;
}
