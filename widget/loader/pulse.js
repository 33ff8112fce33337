// The Pulse loader: the one script company pages embed, either as
//   <script async src="https://PULSE/widget/pulse.js" data-survey="SURVEY_ID"></script>
// for a pop-up that follows the survey's targeting, or with
//   <pulse-survey survey="SURVEY_ID"></pulse-survey>
// where an inline survey goes. It fetches the survey's configuration, decides whether this
// visitor sees it now, and only then downloads the Wasm widget. It posts what the widget
// reports and keeps the visitor's history in localStorage (no cookies). `window.Pulse` is
// its JavaScript API; README.md documents it all. Whatever fails, the page only gets a
// console warning.
import { deliver, flush } from "./outbox.mjs";
import { load, save } from "./store.mjs";
import { eligible, scrolled, viewed } from "./targeting.mjs";

const script = document.currentScript;
const options = script.dataset;
const server = options.server ?? new URL(script.src).origin;
const posting = options.backend != "none";
const KEY = "pulse";
let widget;
let current;

const history = () => load(KEY);

const remember = (change) => save(KEY, { ...history(), ...change });

const api = (origin, id) => origin + "/api/v1/surveys/" + encodeURIComponent(id);

/** Resolves once the survey's trigger fired: its delay, then scrolling or exit intent. */
const triggered = ({ delay_seconds, scroll_percent, exit_intent }) =>
  new Promise((resolve) =>
    setTimeout(() => {
      const check = (event) => {
        const root = document.documentElement;
        if (
          !(scroll_percent || exit_intent) ||
          scrolled(root.scrollTop, innerHeight, root.scrollHeight) >= scroll_percent ||
          // The pointer left the page at its top edge, towards the tabs or the address bar.
          (exit_intent && event?.clientY <= 0 && !event.relatedTarget)
        )
          resolve();
      };
      // Scroll events cannot be cancelled: the listener needs no `passive`. Both listeners
      // stay: once the promise is settled, they do nothing (and removing them costs bytes).
      addEventListener("scroll", check);
      document.addEventListener("mouseout", check);
      check();
    }, delay_seconds * 1e3),
  );

/**
 * Shows `survey` (an id, or a configuration object as the server serves it) from the Pulse
 * server at `origin` in `host`, or in a pop-up made here. Unless `force`d, only when its
 * targeting allows, once triggered. Answers are posted unless the page wants no backend.
 */
async function show(survey, host, origin, force, posting) {
  try {
    const config =
      survey?.id ? survey : await fetch(api(origin, survey)).then((r) => (r.ok ? r.json() : Promise.reject(r)));
    const { id, targeting } = config;
    const seen = history();
    // Drawn once per visitor and kept: a fresh draw at every visit would favour frequent visitors.
    (seen.draws ??= {})[id] ??= Math.random() * 100;
    save(KEY, seen);
    if (!force && !eligible(targeting, id, seen, location.href, seen.draws[id], Date.now())) return;
    // The Wasm downloads while the trigger is awaited.
    widget ??= import(new URL("pulse_widget.js", script.src)).then((module) => module.default().then(() => module));
    if (!force) await triggered(targeting);
    const { mount } = await widget;
    // What the widget reports is posted, and recorded in the history.
    const url = api(origin, id);
    // The server takes 512 characters of a path (ASCII: browsers percent-encode the rest):
    // cut here, a long one costs neither the page of an answer nor a display.
    const page = location.pathname.slice(0, 512);
    const at = (field) => remember({ [field]: { ...history()[field], [id]: Date.now() } });
    // The score alone is an answer: the quiet days after answering start with it, so that a
    // visitor who leaves before the comment is not asked again at the next visit.
    const answer = ({ detail }) => {
      at("answered");
      if (posting) deliver(url + "/responses", { ...detail, page, attributes: history().attributes });
    };
    current = host ||= document.body.appendChild(document.createElement("div"));
    host.addEventListener("pulse:shown", ({ detail }) => {
      remember({ shown: Date.now() });
      // A display is counted at most once, whatever happens to its post: a beacon is enough.
      if (posting) navigator.sendBeacon(url + "/impressions", JSON.stringify({ ...detail, page }));
    });
    host.addEventListener("pulse:answered", answer);
    host.addEventListener("pulse:submitted", answer);
    host.addEventListener("pulse:dismissed", () => at("dismissed"));
    mount(host, config);
  } catch (error) {
    console.warn(error);
  }
}

window.Pulse = {
  /** Shows a survey now, whatever its targeting: `show()` the snippet's, `show(id)`, or `show(config)`. */
  show: (survey = options.survey) => show(survey, 0, server, 1, posting),
  /** Takes the survey off the page (no dismissal). */
  hide: () => current?.remove(),
  /**
   * Visitor attributes sent with every answer, e.g. `{user: "42", plan: "pro"}`; kept across
   * pages. An answer the server refuses for them is stored without them (outbox.mjs).
   */
  identify: (attributes) => remember({ attributes: { ...history().attributes, ...attributes } }),
};

customElements.get("pulse-survey") ||
  customElements.define(
    "pulse-survey",
    class extends HTMLElement {
      connectedCallback() {
        show(this.getAttribute("survey"), this, this.getAttribute("server") ?? server, 1, this.getAttribute("backend") != "none");
      }
    },
  );

remember(viewed(history(), Date.now()));
flush();
if (options.survey) {
  // An async script can run before <body> exists.
  const start = () => show(options.survey, 0, server, 0, posting);
  if (document.body) start();
  else addEventListener("DOMContentLoaded", start);
}
