//! Admins manage the marketers' accounts: who may sign in, and whether they may change
//! surveys (admin) or only read results (viewer).

use leptos::prelude::*;
use pulse_core::admin::{NewUser, Role, User};
use pulse_core::validation::PASSWORD_MIN_CHARS;

use crate::alert::Alert;
use crate::api::{self, Failure};
use crate::loaded::Loaded;

use super::managed::{Managed, RemoveButton};
use super::title::page_title;

#[component]
pub fn UsersPage() -> impl IntoView {
    page_title("Accounts");
    let accounts = Managed::new(
        api::users,
        |user: NewUser| async move { api::add_user(&user).await },
        |email: String| async move { api::delete_user(&email).await },
    );
    let Managed { list: users, add, remove } = accounts;
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
                <Alert message=accounts.refusal() />
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
                        view! {
                            <tr>
                                <th scope="row">{email.clone()}</th>
                                <td>{role_name(role)}</td>
                                <td>
                                    <RemoveButton
                                        remove
                                        key=email.clone()
                                        question=format!("Remove the account {email}?")
                                    >
                                        {format!("Remove {email}")}
                                    </RemoveButton>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

pub(super) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "Admin",
        Role::Viewer => "Viewer",
    }
}
