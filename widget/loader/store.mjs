// localStorage as JSON, for the visitor's history and the answers waiting to be sent.
// Storage can be refused (some private modes, sandboxed frames): reads then give `fallback`.

export const load = (key, fallback = {}) => {
  try {
    return JSON.parse(localStorage[key] ?? "{}");
  } catch {
    return fallback;
  }
};

export const save = (key, value) => {
  try {
    localStorage[key] = JSON.stringify(value);
  } catch {}
};

/** Where the answers on their way wait (outbox.mjs); the loader looks there at each page. */
export const OUTBOX = "pulse:outbox";
