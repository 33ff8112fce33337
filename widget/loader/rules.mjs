// The server's rules for what the loader adds to an answer (core/src/validation.rs), kept
// here so that one bad attribute from the page, or a long URL, never gets a whole answer
// refused (and so lost): what breaks a rule is left out, with a console warning. Pure
// functions, checked against the server itself in e2e/widget-rules.test.mjs.

/**
 * The `attributes` the server accepts, in their order: names of 1 to 64 letters, digits,
 * `_`, `.` or `-`; values strings, numbers or booleans (made strings) of at most 256
 * characters without control characters; at most 20. Each one left out gets one warning
 * naming it and its rule: `invalid_key`, `not_text`, `too_long` (control characters too)
 * or `too_many`.
 */
export function allowed(attributes) {
  const kept = {};
  let count = 0;
  for (const [name, value] of Object.entries(attributes)) {
    const broken = !/^[\w.-]{1,64}$/.test(name)
      ? "invalid_key"
      : // boolean, number or string: what else a value is (object, undefined…) cannot be sent.
        !/^[bns][otu]/.test(typeof value)
        ? "not_text"
        : // Counted in code points, as the server counts characters; a lone surrogate would
          // make the answer unreadable to the server.
          !/^[^\p{Cc}\p{Cs}]{0,256}$/u.test(value)
          ? "too_long"
          : count++ > 19 && "too_many";
    if (broken) console.warn("Pulse: attribute left out:", name, broken);
    else kept[name] = String(value);
  }
  return kept;
}

/**
 * The page's path as the server takes it: at most 512 characters. A browser's
 * `location.pathname` is ASCII (the URL standard percent-encodes everything else), so
 * cutting it anywhere cuts between code points.
 */
export const pagePath = (path) => path.slice(0, 512);
