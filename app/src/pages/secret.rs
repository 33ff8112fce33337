//! A secret the server shows only once (an API token, a webhook's signing key): set apart,
//! with a warning and a button to copy it.

use leptos::prelude::*;

/// Shows `secret`, labelled `label` ("Token"), under `heading`; `children` say what losing
/// or leaking it means. Pages put it in a live region present before it appears.
#[component]
pub fn SecretShownOnce(
    heading: String,
    label: &'static str,
    secret: String,
    children: Children,
) -> impl IntoView {
    let copied = secret.clone();
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&copied);
        }
    };
    view! {
        <div class="secret">
            <h2>{heading}</h2>
            <p>
                <strong>"Copy it now: it is shown only this once."</strong>
                " "
                {children()}
            </p>
            <label>
                {label}
                <input
                    type="text"
                    readonly
                    class="token"
                    value=secret
                    on:focus:target=move |event| event.target().select()
                />
            </label>
            <button type="button" class="secondary" on:click=copy>
                {format!("Copy the {}", label.to_lowercase())}
            </button>
        </div>
    }
}
