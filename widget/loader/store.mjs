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
