//! The embeddable Pulse survey, without a framework because it ships to every visitor of
//! every customer's site: a pure state machine (`survey`) drawn with web-sys into a shadow
//! root (`render`), posting each answer to the server (`api`).

mod api;
mod mount;
mod render;
mod survey;
mod texts;

use wasm_bindgen::prelude::*;

pub use mount::{mount_survey, mount_survey_with};

/// Public JS API: `await mount(host, surveyId, server)` loads survey `surveyId` from the
/// Pulse server at `server` (a base URL such as `https://pulse.example`; `""` for the page's
/// own origin) and shows it inside the element `host`. Resolves once the survey is shown;
/// rejects when it cannot be loaded.
#[wasm_bindgen]
pub async fn mount(host: web_sys::Element, survey_id: String, server: String) -> Result<(), JsValue> {
    let config = api::fetch_survey(&server, &survey_id).await?;
    mount_survey(&host, config, server)
}
