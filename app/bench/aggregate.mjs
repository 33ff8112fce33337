// The results page's aggregation written as the fastest plain JavaScript we know: typed
// arrays over the feed's columns, one pass, counts only. The benchmark runs it in the same
// browser as the Wasm build of pulse-core's `report::aggregate`, on the same feed.
// Layout: see core/src/feed.rs.

/** The feed's columns as typed arrays (copied once, outside the timed part). */
export function decodeFeed(buffer) {
  const view = new DataView(buffer);
  let at = 8;
  const u32 = () => {
    const value = view.getUint32(at, true);
    at += 4;
    return value;
  };
  const n = u32();
  const strings = u32();
  for (let i = 0; i < strings; i++) at += 2 + view.getUint16(at, true);
  at += 16 * u32();
  const bytes = (count) => {
    const column = new Uint8Array(buffer.slice(at, at + count));
    at += count;
    return column;
  };
  const words = (count) => {
    const column = new Uint32Array(buffer.slice(at, at + 4 * count));
    at += 4 * count;
    return column;
  };
  const time = words(n);
  const score = bytes(n);
  const usability = bytes(n);
  const repeat = bytes(n);
  const commitment = [bytes(n), bytes(n), bytes(n), bytes(n), bytes(n)];
  const page = words(n);
  const language = words(n);
  const offsets = words(n + 1);
  const attributes = words(u32());
  return { n, strings, time, score, usability, repeat, commitment, page, language, offsets, attributes };
}

const DAY = 86400;
const NONE = 0xffffffff;

/** Every count the results page draws, for the whole feed, in the marketer's time zone. */
export function aggregate(feed, utcOffsetMinutes) {
  const { n, time, score, usability, repeat, commitment, page, language, offsets, attributes } = feed;
  const offset = utcOffsetMinutes * 60;
  const firstDay = n ? Math.floor((time[0] + offset) / DAY) : 0;
  const days = n ? Math.floor((time[n - 1] + offset) / DAY) - firstDay + 1 : 0;
  const scores = new Uint32Array(11);
  const byDay = new Uint32Array(days * 11);
  const bySegment = new Uint32Array(feed.strings * 11);
  const byUsability = new Uint32Array(6 * 11);
  const byCommitment = new Uint32Array(5 * 6 * 11);
  const repeats = new Uint32Array(11);
  const [c0, c1, c2, c3, c4] = commitment;
  let day = 0;
  let nextMidnight = (firstDay + 1) * DAY - offset;
  for (let i = 0; i < n; i++) {
    const s = score[i];
    scores[s]++;
    const t = time[i];
    while (t >= nextMidnight) {
      day++;
      nextMidnight += DAY;
    }
    byDay[day * 11 + s]++;
    const p = page[i];
    if (p !== NONE) bySegment[p * 11 + s]++;
    const l = language[i];
    if (l !== NONE) bySegment[l * 11 + s]++;
    for (let a = offsets[i], end = offsets[i + 1]; a < end; a++) bySegment[attributes[a] * 11 + s]++;
    byUsability[usability[i] * 11 + s]++;
    byCommitment[c0[i] * 11 + s]++;
    byCommitment[66 + c1[i] * 11 + s]++;
    byCommitment[132 + c2[i] * 11 + s]++;
    byCommitment[198 + c3[i] * 11 + s]++;
    byCommitment[264 + c4[i] * 11 + s]++;
    const r = repeat[i];
    if (r <= 10) repeats[r]++;
  }
  let promoters = 0;
  let detractors = 0;
  for (let s = 0; s <= 10; s++) {
    if (s >= 9) promoters += scores[s];
    else if (s <= 6) detractors += scores[s];
  }
  return { total: n, nps: n ? (100 * (promoters - detractors)) / n : null, byDay, bySegment, byUsability, byCommitment, repeats };
}
