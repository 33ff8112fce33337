//! Admins manage the marketers' accounts: who may sign in, and whether they may change
//! surveys (admin) or only read results (viewer).

use leptos::prelude::*;
use pulse_core::admin::{NewUser, Role, User};
use pulse_core::validation::PASSWORD_MIN_CHARS;

use crate::alert::Alert;
use crate::api::{self, Failure};
use crate::loaded::Loaded;

use super::title::page_title;

#[component]
pub fn UsersPage() -> impl IntoView {
    page_title("Accounts");
    let users = LocalResource::new(api::users);
    let add = Action::new_local(|user: &NewUser| {
        let user = user.clone();
        async move { api::add_user(&user).await }
    });
    let remove = Action::new_local(|email: &String| {
        let email = email.clone();
        async move { api::delete_user(&email).await }
    });
    // One effect each: a single `a || b` would stop tracking `b` once `a` is true.
    Effect::new(move || {
        if matches!(add.value().get(), Some(Ok(_))) {
            users.refetch();
        }
    });
    Effect::new(move || {
        if matches!(remove.value().get(), Some(Ok(()))) {
            users.refetch();
        }
    });
    let failure = move || {
        [add.value().get().and_then(Result::err), remove.value().get().and_then(Result::err)]
            .into_iter()
            .flatten()
            .next()
            .map(|failure| failure.to_string())
    };
    let (email, set_email) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let (role, set_role) = signal(Role::Viewer);

    view! {
        <section class="page users">
            <h1>"Accounts"</h1>
            <Loaded resource=users what="accounts" let:users>
                <AccountTable users remove />
            </Loaded>
            <h2>"Add an account"</h2>
            <form
                class="stacked"
                on:submit=move |event| {
                    event.prevent_default();
                    add.dispatch(NewUser {
                        email: email.get(),
                        role: role.get(),
                        password: password.get(),
                    });
                }
            >
                <label>"Email" <input type="email" required bind:value=(email, set_email) /></label>
                <label>
                    "Role"
                    <select on:change:target=move |event| {
                        set_role.set(event.target().value().parse().unwrap_or(Role::Viewer))
                    }>
                        <option value=Role::Viewer.as_str()>"Viewer: reads results"</option>
                        <option value=Role::Admin.as_str()>"Admin: also manages surveys and accounts"</option>
                    </select>
                </label>
                <label>
                    {format!("Password (at least {PASSWORD_MIN_CHARS} characters)")}
                    <input
                        type="password"
                        autocomplete="new-password"
                        required
                        bind:value=(password, set_password)
                    />
                </label>
                <Alert message=Signal::derive(failure) />
                <button type="submit" class="primary" disabled=move || add.pending().get()>
                    "Add the account"
                </button>
            </form>
        </section>
    }
}

/// Every account, each with a button to remove it.
#[component]
fn AccountTable(users: Vec<User>, remove: Action<String, Result<(), Failure>>) -> impl IntoView {
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">
                        <span class="visually-hidden">"Remove"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|User { email, role }| {
                        let removed = email.clone();
                        view! {
                            <tr>
                                <th scope="row">{email.clone()}</th>
                                <td>{role_name(role)}</td>
                                <td>
                                    <button
                                        type="button"
                                        class="link"
                                        on:click=move |_| {
                                            let question = format!("Remove the account {removed}?");
                                            let confirmed = web_sys::window()
                                                .and_then(|window| {
                                                    window.confirm_with_message(&question).ok()
                                                })
                                                .unwrap_or(false);
                                            if confirmed {
                                                remove.dispatch(removed.clone());
                                            }
                                        }
                                    >
                                        {format!("Remove {email}")}
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "Admin",
        Role::Viewer => "Viewer",
    }
}
