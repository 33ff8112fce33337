// localStorage as JSON, for the visitor's history and the answers waiting to be sent.
// Storage can be refused (some private modes, sandboxed frames) or full: a value it did not
// take is kept here for the page's life and read from here, or an answer would wait where
// nobody looks, and a visitor's page views would never count.
const unsaved = {};

export const load = (key) => {
  if (key in unsaved) return unsaved[key];
  try {
    return JSON.parse(localStorage[key] ?? "{}");
  } catch {
    return {};
  }
};

export const save = (key, value) => {
  try {
    localStorage[key] = JSON.stringify(value);
    delete unsaved[key];
  } catch {
    unsaved[key] = value;
  }
};

/** Where the answers on their way wait (outbox.mjs); the loader looks there at each page. */
export const OUTBOX = "pulse:outbox";
