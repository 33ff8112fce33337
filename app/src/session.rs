//! Who is signed in, shared by every page through Leptos context.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use pulse_core::admin::{Role, User};

use crate::api::{self, Failure};

#[derive(Clone, Copy)]
pub struct Session {
    /// `None` until known, and after signing out.
    pub user: RwSignal<Option<User>>,
}

impl Session {
    /// Asks the server once who is signed in (the cookie is HttpOnly: the page cannot read it).
    pub fn provide() -> Session {
        let session = Session { user: RwSignal::new(None) };
        leptos::task::spawn_local(async move {
            if let Ok(user) = api::current_user().await {
                session.user.set(user);
            }
        });
        provide_context(session);
        session
    }

    /// Whether the marketer signed in on this page is an admin, who may change what
    /// viewers only read. Made where the page's context is at hand, read anywhere.
    pub fn is_admin() -> Signal<bool> {
        let session = use_context::<Session>();
        Signal::derive(move || {
            session.is_some_and(|session| {
                session.user.with(|user| user.as_ref().is_some_and(|user| user.role == Role::Admin))
            })
        })
    }
}

/// Sends the marketer to the login page (and back here afterwards) when `loaded` says the
/// session ended.
pub fn sign_in_when_signed_out<T: Clone + 'static>(loaded: LocalResource<Result<T, Failure>>) {
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Err(Failure::SignedOut)) = loaded.get() {
            navigate(&login_path(), Default::default());
        }
    });
}

/// The login page's address, coming back to the page shown now.
pub fn login_path() -> String {
    let here = web_sys::window()
        .map(|window| window.location())
        .and_then(|location| Some(location.pathname().ok()? + &location.search().ok()?))
        .unwrap_or_default();
    format!("/login?next={}", js_sys::encode_uri_component(&here))
}

#[component]
pub fn AccountMenu() -> impl IntoView {
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let sign_out = Action::new_local(|_: &()| api::logout());
    Effect::new(move || {
        if let Some(Ok(())) = sign_out.value().get() {
            session.user.set(None);
            navigate("/login", Default::default());
        }
    });
    view! {
        {move || match session.user.get() {
            Some(user) => {
                let for_admins = (user.role == Role::Admin)
                    .then(|| {
                        view! {
                            <a href="/users">"Accounts"</a>
                            <a href="/tokens">"API tokens"</a>
                        }
                    });
                view! {
                    <span class="account">
                        {for_admins} <a href="/account">{user.email}</a>
                        <button
                            type="button"
                            class="link"
                            on:click=move |_| {
                                sign_out.dispatch(());
                            }
                        >
                            "Sign out"
                        </button>
                    </span>
                }
                    .into_any()
            }
            None => {
                view! {
                    <a href="/login" class="account">
                        "Sign in"
                    </a>
                }
                    .into_any()
            }
        }}
    }
}
