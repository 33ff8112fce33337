//! A form's refusal, in words, read out by screen readers as it appears.

use leptos::prelude::*;

/// Shows `message` while there is one.
#[component]
pub fn Alert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|message| {
            view! {
                <p class="error" role="alert">
                    {message}
                </p>
            }
        })
    }
}
