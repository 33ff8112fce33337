//! The embeddable Pulse survey, without a framework because it ships to every visitor of
//! every customer's site: a pure state machine (`survey`) drawn into a shadow root
//! (`render`), reporting through DOM events (`events`). The loader (`loader/`) decides when
//! to show it, fetches its configuration and posts the answers.

mod config;
mod events;
mod html;
mod id;
mod mount;
mod render;
mod survey;
mod texts;
mod theme;

use wasm_bindgen::prelude::*;

/// Public JS API, for the loader: `mount(host, config)` shows the survey whose
/// configuration `config` is the JSON object of `GET /api/v1/surveys/{id}` inside the
/// element `host`, in the survey's language, else the page's, else the browser's. Mounting
/// again on the same host replaces the survey shown there. It reports through DOM events on
/// `host`, which bubble to the page: `pulse:shown` (detail `{language}`), `pulse:answered`
/// after each answer and `pulse:submitted` at the end (detail: every answer so far, as
/// `POST /api/v1/surveys/{id}/responses` takes them, under a response id made here), and
/// `pulse:dismissed`. Throws only when the host cannot take a shadow root.
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, config: JsValue) -> Result<(), JsValue> {
    mount::mount(&host, &config::from_js(&config))
}
