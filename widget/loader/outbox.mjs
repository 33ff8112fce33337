// Answers on their way to the Pulse server. Each waits in localStorage until the server has
// it, so that no answer is lost to a network error, a 5xx, a timeout or the page closing:
// it is re-sent with back-off, on the next page load, when the browser is back online, and
// once more with sendBeacon when the page goes away. Every post of one response carries all
// its answers under the same id, which the server stores once, so sending twice is harmless
// and only the latest post per id needs to wait here.

import { load, save } from "./store.mjs";

const KEY = "pulse:outbox";
// Where storage is refused, answers wait in memory.
let memory = {};
let busy;
let retry;
let backoff = 1e3;

const read = () => load(KEY, memory);

const write = (box) => save(KEY, (memory = box));

// A string body goes as text/plain, which the server reads as JSON (as from sendBeacon):
// a simple request, so the browser sends no preflight first.
const post = (url, body) => fetch(url, { method: "POST", body, signal: AbortSignal.timeout(1e4) });

/** Sends `answer` to `url`, replacing a waiting older post of the same answer (its `id`). */
export function deliver(url, answer) {
  write({ ...read(), [answer.id]: { url, body: JSON.stringify(answer) } });
  flush();
}

/** Sends the waiting answers one at a time, so that they reach the server in order. */
export async function flush() {
  if (busy) return;
  busy = true;
  clearTimeout(retry);
  let wait = 0;
  try {
    for (const [id, { url, body }] of Object.entries(read())) {
      const { status } = await post(url, body);
      // A 5xx or too many requests can pass; any other answer is final (a 4xx would be
      // refused again), so the answer stops waiting, unless it changed meanwhile.
      if (status > 499 || status == 429) throw status;
      const box = read();
      if (box[id]?.body == body) delete box[id];
      write(box);
    }
    backoff = 1e3;
  } catch {
    wait = backoff;
    backoff = Math.min(backoff * 2, 6e4);
  }
  busy = false;
  // What failed, and what arrived or changed while these were on their way.
  if (Object.keys(read())[0]) retry = setTimeout(flush, wait);
}

addEventListener("online", flush);
// A beacon cannot tell whether it arrived: the answer keeps waiting for the next page.
addEventListener("pagehide", () => {
  for (const { url, body } of Object.values(read())) navigator.sendBeacon(url, body);
});
