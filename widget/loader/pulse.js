// The Pulse loader: the one script company pages embed, either as
//   <script async fetchpriority="high" src="https://PULSE/widget/pulse.js?survey=SURVEY_ID"></script>
// for a pop-up that follows the survey's targeting, or with
//   <pulse-survey survey="SURVEY_ID"></pulse-survey>
// where an inline survey goes. The server sends the snippet's survey's configuration inside
// this script: the loader decides at once whether this visitor sees it now, and only then
// downloads the widget: its module (wasm-bindgen's glue and the outbox, see
// scripts/build-widget) and its Wasm, side by side. It posts what the widget reports and
// keeps the visitor's history in localStorage (no cookies). In a single-page app the
// snippet's survey is decided again at each change of URL. `window.Pulse` is its
// JavaScript API; README.md documents it all. Whatever fails, the page only gets a console
// warning.
import { load, OUTBOX, save } from "./store.mjs";
import { eligible, onPage, scrolled, viewed } from "./targeting.mjs";

const script = document.currentScript;
const options = script.dataset;
const server = options.server ?? new URL(script.src).origin;
const posting = options.backend != "none";
const KEY = "pulse";
const file = (name) => new URL(name, script.src);
let glue;
let widget;
let current;
// The snippet's pop-up, and the URL changes so far: a change cancels a pending trigger.
let snippet;
let changes = 0;

const api = (origin, id) => origin + "/api/v1/surveys/" + encodeURIComponent(id);

const get = (origin, id) => fetch(api(origin, id)).then((r) => (r.ok ? r.json() : Promise.reject(r)));

/** The configuration `survey` is, or the one the server gives for the id `survey`. */
const configured = async (survey) => (survey?.id ? survey : get(server, survey));

// The snippet's survey. For `pulse.js?survey=ID` the server calls this script, a function
// (scripts/build-widget), with the survey's configuration, which spares a request, or with
// its id when it may not give this page the configuration (server/src/static_files.rs).
// Else `data-survey`, whose configuration is asked for first, before any other work. Asked
// for again at a change of URL if it failed, or a single-page app would never see its survey.
const survey = inlined ?? options.survey;
let config = survey && configured(survey);

/** The visitor's history. */
const record = () => load(KEY);

const remember = (change) => save(KEY, { ...record(), ...change });

/** The widget's module: its glue, and the outbox for the answers. */
const imported = () => (glue ??= import(file("pulse_widget.js")));

/**
 * The module, with its Wasm downloaded beside it. The glue compiles the Wasm once it is all
 * here, on this thread: V8 compiles a function of it when first called, so this takes about
 * a millisecond, less than a trip to a compiling thread and back; streaming compilation
 * ended tens of milliseconds after the last byte in Chromium.
 */
const start = () =>
  (widget ??= Promise.all([imported(), fetch(file("pulse_widget_bg.wasm")).then((r) => r.arrayBuffer())]).then(
    ([widget, wasm]) => (widget.initSync({ module: wasm }), widget),
  ));

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
 * Shows the survey whose configuration `survey` is (or resolves to, as the server at
 * `origin` serves it) in `host`, or in a pop-up made here. Unless `force`d, only when its
 * targeting allows, once triggered, and not if the URL changed meanwhile. Answers are
 * posted unless the page wants no backend.
 */
async function show(survey, host, origin, force, posting) {
  const change = changes;
  try {
    if (force) start();
    const config = await survey;
    const { id, targeting } = config;
    const seen = record();
    // Drawn once per visitor and kept: a fresh draw at every visit would favour frequent visitors.
    (seen.draws ??= {})[id] ??= Math.random() * 100;
    save(KEY, seen);
    // Asked again once triggered: another tab of the visit may have shown a survey meanwhile.
    const asked = () => force || eligible(targeting, id, record(), location.href, seen.draws[id], Date.now());
    // A single-page app left the survey's pages: its pop-up goes (no dismissal).
    if (!(force || onPage(targeting, location.href))) snippet?.remove();
    if (!asked()) return;
    // The Wasm downloads while the trigger is awaited.
    start();
    if (!force) await triggered(targeting);
    const { mount, deliver } = await widget;
    if (!force && (change != changes || !asked())) return;
    // What the widget reports is posted, and recorded in the history.
    const url = api(origin, id);
    // The server takes 512 characters of a path (ASCII: browsers percent-encode the rest):
    // cut here, a long one costs neither the page of an answer nor a display.
    const page = location.pathname.slice(0, 512);
    const at = (field) => remember({ [field]: { ...record()[field], [id]: Date.now() } });
    // The score alone is an answer: the quiet days after answering start with it, so that a
    // visitor who leaves before the comment is not asked again at the next visit.
    const answer = ({ detail }) => {
      at("answered");
      if (posting) deliver(url + "/responses", { ...detail, page, attributes: record().attributes });
    };
    current = host ||= snippet = document.body.appendChild(document.createElement("div"));
    host.addEventListener("pulse:shown", ({ detail }) => {
      // At once: a change of URL from now on must find this visit's survey shown.
      remember({ shown: Date.now() });
      // A display is counted at most once, whatever happens to its post: a beacon is
      // enough, sent once the survey is painted, so as not to hold back its first frame.
      if (posting)
        requestAnimationFrame(() =>
          setTimeout(() => navigator.sendBeacon(url + "/impressions", JSON.stringify({ ...detail, page }))),
        );
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
  show: (shown = survey) => show(configured(shown), 0, server, 1, posting),
  /** Takes the survey off the page (no dismissal). */
  hide: () => current?.remove(),
  /**
   * Visitor attributes sent with every answer, e.g. `{user: "42", plan: "pro"}`; kept across
   * pages. An answer the server refuses for them is stored without them (outbox.mjs).
   */
  identify: (attributes) => remember({ attributes: { ...record().attributes, ...attributes } }),
};

customElements.get("pulse-survey") ||
  customElements.define(
    "pulse-survey",
    class extends HTMLElement {
      // Once per element: moved in the page, it keeps its survey (shown again, it would
      // count a display and take an answer twice).
      connectedCallback() {
        const origin = this.getAttribute("server") ?? server;
        this.shown ||= show(get(origin, this.getAttribute("survey")), this, origin, 1, this.getAttribute("backend") != "none");
      }
    },
  );

remember(viewed(record(), Date.now()));
// Answers left waiting by an earlier page go out now.
if (Object.keys(load(OUTBOX))[0]) imported().then((glue) => glue.flush());
if (config) {
  let url = location.href;
  const decide = () => show(config, 0, server, 0, posting);
  // A single-page app changes the URL without loading a page: each change cancels a pending
  // trigger and decides again. pushState and replaceState are wrapped once, here, calling
  // whatever was there before; a library wrapping them later calls this wrapper in turn.
  const changed = () =>
    url != location.href &&
    ((url = location.href), changes++, (config = config.catch(() => configured(survey))), decide());
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function () {
      original.apply(this, arguments);
      changed();
    };
  }
  addEventListener("popstate", changed);
  addEventListener("hashchange", changed);
  // An async script can run before <body> exists.
  if (document.body) decide();
  else addEventListener("DOMContentLoaded", decide);
}
