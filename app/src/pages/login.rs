//! Marketers sign in with the email and password an admin gave them.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use pulse_core::admin::LoginRequest;
use pulse_core::redirect::same_site_path;

use crate::alert::Alert;
use crate::api;
use crate::session::Session;

use super::title::page_title;

#[component]
pub fn LoginPage() -> impl IntoView {
    page_title("Sign in");
    let query = use_query_map();
    // Only paths of this site: a link must not send a marketer elsewhere after login.
    let next = move || {
        let next = query.read().get("next").unwrap_or_default();
        same_site_path(&next).unwrap_or("/").to_owned()
    };
    let session = expect_context::<Session>();
    let (email, set_email) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let login = Action::new_local(|request: &LoginRequest| {
        let request = request.clone();
        async move { api::login(&request).await }
    });
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(user)) = login.value().get() {
            session.user.set(Some(user));
            navigate(&next(), Default::default());
        }
    });
    let failure = move || login.value().get().and_then(Result::err);

    view! {
        <section class="page login">
            <h1>"Sign in to Pulse"</h1>
            <form on:submit=move |event| {
                event.prevent_default();
                login
                    .dispatch(LoginRequest {
                        email: email.get(),
                        password: password.get(),
                    });
            }>
                <label>
                    "Email"
                    <input
                        type="email"
                        name="email"
                        autocomplete="username"
                        required
                        bind:value=(email, set_email)
                    />
                </label>
                <label>
                    "Password"
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                        bind:value=(password, set_password)
                    />
                </label>
                <Alert message=Signal::derive(failure) />
                <button type="submit" class="primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}
