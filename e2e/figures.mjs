// The results page's figures computed here, independently of Pulse, as the page should
// show them: the end-to-end tests compare what the page shows with these.

/** The z value of a two-sided 95 % interval. */
export const Z_95 = 1.959964;

/** A whole number as people round it: halves away from zero (Math.round takes −12.5 to −12). */
export const round = (value) => Math.sign(value) * Math.round(Math.abs(value));

export const signed = (value) => (value > 0 ? `+${value}` : `${value}`);

/** The NPS of some scores, with its standard error from the +1/0/−1 sample variance. */
export function loyalty(scores) {
  const n = scores.length;
  const values = scores.map((score) => (score >= 9 ? 1 : score <= 6 ? -1 : 0));
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  return { n, values, nps: 100 * mean, standardError: 100 * Math.sqrt(variance / n) };
}

/** The headline of some scores: NPS, its margin of error, responses and shares. */
export function headline(scores) {
  const { n, values, nps, standardError } = loyalty(scores);
  const percent = (value) => `${Math.round((100 * values.filter((v) => v === value).length) / n)}%`;
  return {
    nps: signed(round(nps)),
    margin: n > 1 ? `±${Math.round(Z_95 * standardError)}` : "–",
    responses: String(n),
    promoters: percent(1),
    passives: percent(0),
    detractors: percent(-1),
  };
}
