//! The signed-in marketer's own account: who they are, and a new password. Changing it
//! signs out every other browser on the account; this one stays signed in.

use leptos::prelude::*;
use pulse_core::admin::PasswordChange;
use pulse_core::validation::PASSWORD_MIN_CHARS;

use crate::alert::Alert;
use crate::api::{self, Failure};
use crate::loaded::Loaded;

use super::title::page_title;

#[component]
pub fn AccountPage() -> impl IntoView {
    page_title("Your account");
    let me = LocalResource::new(|| async { api::current_user().await?.ok_or(Failure::SignedOut) });
    let (current, set_current) = signal(String::new());
    let (new, set_new) = signal(String::new());
    let (repeated, set_repeated) = signal(String::new());
    let (mismatch, set_mismatch) = signal(false);
    let change = Action::new_local(|password: &PasswordChange| {
        let password = password.clone();
        async move { api::change_password(&password).await }
    });
    // The form empties once the password changed, so that it does not linger on screen.
    Effect::new(move || {
        if let Some(Ok(())) = change.value().get() {
            for set in [set_current, set_new, set_repeated] {
                set.set(String::new());
            }
        }
    });
    let failure = move || {
        if mismatch.get() {
            return Some("The two new passwords differ: type the same one twice.".to_owned());
        }
        change.value().get().and_then(Result::err).map(|failure| failure.to_string())
    };
    let changed = move || matches!(change.value().get(), Some(Ok(()))) && !mismatch.get();

    view! {
        <section class="page account">
            <h1>"Your account"</h1>
            <Loaded resource=me what="account" let:user>
                <p>"Signed in as " <strong>{user.email}</strong></p>
            </Loaded>
            <h2>"Change your password"</h2>
            <form
                class="stacked"
                on:submit=move |event| {
                    event.prevent_default();
                    let differs = new.get() != repeated.get();
                    set_mismatch.set(differs);
                    if !differs {
                        change
                            .dispatch(PasswordChange {
                                current_password: current.get(),
                                new_password: new.get(),
                            });
                    }
                }
            >
                <label>
                    "Current password"
                    <input
                        type="password"
                        autocomplete="current-password"
                        required
                        bind:value=(current, set_current)
                    />
                </label>
                <label>
                    {format!("New password (at least {PASSWORD_MIN_CHARS} characters)")}
                    <input type="password" autocomplete="new-password" required bind:value=(new, set_new) />
                </label>
                <label>
                    "New password again"
                    <input
                        type="password"
                        autocomplete="new-password"
                        required
                        bind:value=(repeated, set_repeated)
                    />
                </label>
                <Alert message=Signal::derive(failure) />
                <Show when=changed>
                    <p class="status" role="status">
                        "Your password is changed. Every other browser signed in to your account was signed out."
                    </p>
                </Show>
                <button type="submit" class="primary" disabled=move || change.pending().get()>
                    {move || if change.pending().get() { "Changing…" } else { "Change the password" }}
                </button>
            </form>
        </section>
    }
}
