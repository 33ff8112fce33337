//! The line of HTML that puts the survey on the company's site, ready to copy.

use leptos::prelude::*;

#[component]
pub fn Snippet(survey_id: Signal<String>) -> impl IntoView {
    let snippet = move || {
        let origin = web_sys::window().and_then(|window| window.location().origin().ok()).unwrap_or_default();
        let survey_id = js_sys::encode_uri_component(&survey_id.read());
        // README's snippet: the survey's configuration comes inside the loader.
        format!(
            r#"<script async fetchpriority="high" src="{origin}/widget/pulse.js?survey={survey_id}"></script>"#
        )
    };
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&snippet());
        }
    };
    view! {
        <h2>"Embed it"</h2>
        <p class="note">"Paste this into every page of your site, before " <code>"</body>"</code> ":"</p>
        <pre class="snippet">
            <code data-testid="snippet">{snippet}</code>
        </pre>
        <button type="button" class="secondary" on:click=copy>
            "Copy the snippet"
        </button>
    }
}
