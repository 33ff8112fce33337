//! The widget itself, as visitors will see it, inside the editor.

use leptos::prelude::*;
use pulse_core::survey::{Placement, SurveyConfig};

/// Mounted again whenever the configuration changes; always inline, wherever the survey
/// will sit on the company's pages.
#[component]
pub fn Preview(config: Signal<SurveyConfig>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        let mut config = config.get();
        config.theme.placement = Placement::Inline;
        let (Some(host), Ok(json)) = (host.get(), serde_json::to_string(&config)) else { return };
        if let Ok(config) = js_sys::JSON::parse(&json) {
            let _ = pulse_widget::mount(host.into(), config);
        }
    });
    view! { <div node_ref=host class="preview-host" data-testid="preview"></div> }
}
