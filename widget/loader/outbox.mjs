// Answers on their way to the Pulse server. Each waits in localStorage until the server has
// it, so that no answer is lost to a network error, a 5xx, a timeout, a proxy's error page
// or the page closing: it is re-sent with back-off, on the next page load, when the browser
// is back online, and once more with sendBeacon when the page goes away. Every post of one
// response carries all its answers under the same id, which the server stores once, so
// sending twice is harmless and only the latest post per id needs to wait here. An answer
// refused for what the page put in it (its path, the visitor's attributes) is sent again
// without that, with a warning.

import { load, OUTBOX, save } from "./store.mjs";

let busy;
let retry;
let backoff = 1e3;

const read = () => load(OUTBOX);

const write = (box) => save(OUTBOX, box);

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
  let failed;
  for (const [id, { url, body }] of Object.entries(read())) {
    // An answer that cannot pass now waits for the next try, and the others go on meanwhile.
    try {
      // A string body goes as text/plain, which the server reads as JSON (as from
      // sendBeacon): a simple request, so the browser sends no preflight first.
      const response = await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(1e4) });
      const { status } = response;
      // The server's error, if any: `{code, message, field}`; a proxy's page gives none.
      const { error } = await response.json().catch(() => 0);
      // A 5xx, too many requests or a timeout (408) can pass, and so can a 404 that is not
      // the Pulse server's own JSON error (a proxy's page while a release rolls out): the
      // answer waits. Any other answer is final (a firewall's 403 page would be again), so
      // the answer stops waiting, unless it changed meanwhile.
      if (status > 499 || status == 429 || status == 408 || (status == 404 && !error)) throw status;
      const box = read();
      if (box[id]?.body == body) {
        delete box[id];
        write(box);
        // What the page put in the answer must not lose it. Refused for its page or its
        // attributes (the `field` the server names), the answer is sent again without that
        // part. A body the server cannot read names no field (400, 413, 422): from this
        // loader, only attributes can cause that (a value that is not a string, or more
        // than 32 KiB of them), so they go. Refused for anything else, it would be again:
        // it is dropped.
        const answer = JSON.parse(body);
        const part = error?.field ?? ((status > 410 || status == 400) && "attributes");
        if (/^(page|attributes)$/.test(part) && answer[part]) {
          console.warn(`Pulse: answer kept without ${part}:`, error?.message);
          delete answer[part];
          deliver(url, answer);
        }
      }
    } catch {
      failed = 1;
    }
  }
  const wait = failed ? backoff : 0;
  backoff = failed ? Math.min(backoff * 2, 6e4) : 1e3;
  busy = false;
  // What failed, and what arrived or changed while these were on their way.
  if (Object.keys(read())[0]) retry = setTimeout(flush, wait);
}

addEventListener("online", flush);
// A beacon cannot tell whether it arrived: the answer keeps waiting for the next page.
addEventListener("pagehide", () => {
  for (const { url, body } of Object.values(read())) navigator.sendBeacon(url, body);
});
