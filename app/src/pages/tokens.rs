//! Admins make API tokens for programs (a CRM, a nightly export), see when each was last
//! used, and revoke those no longer needed.

use leptos::prelude::*;
use pulse_core::admin::{ApiToken, CreatedApiToken, NewApiToken, Role, API_TOKEN_NAME_MAX_CHARS};

use super::managed::{Managed, RemoveButton};
use super::secret::SecretShownOnce;
use super::title::page_title;
use super::users::role_name;
use crate::alert::Alert;
use crate::api::{self, Failure};
use crate::clock::local_time;
use crate::loaded::Loaded;

#[component]
pub fn TokensPage() -> impl IntoView {
    page_title("API tokens");
    let managed = Managed::new(
        api::tokens,
        |token: NewApiToken| async move { api::create_token(&token).await },
        |token_id: String| async move { api::revoke_token(&token_id).await },
    );
    let Managed { list: tokens, add: create, remove: revoke } = managed;
    let created = move || create.value().get().and_then(Result::ok);
    let (name, set_name) = signal(String::new());
    let (role, set_role) = signal(Role::Viewer);

    view! {
        <section class="page tokens">
            <h1>"API tokens"</h1>
            <p class="note">
                "A program sends its token in the header " <code>"Authorization: Bearer …"</code>
                " and may then do what its role allows, and no more than the admin who made it. "
                "Revoke a token as soon as its program no longer needs it."
            </p>
            <Loaded resource=tokens what="API tokens" let:tokens>
                <TokenTable tokens revoke />
            </Loaded>
            <h2>"Make a token"</h2>
            <form
                class="stacked"
                on:submit=move |event| {
                    event.prevent_default();
                    create
                        .dispatch(NewApiToken {
                            name: name.get(),
                            role: role.get(),
                        });
                }
            >
                <label>
                    "Name: which program holds it"
                    <input
                        type="text"
                        required
                        maxlength=API_TOKEN_NAME_MAX_CHARS
                        autocomplete="off"
                        bind:value=(name, set_name)
                    />
                </label>
                <label>
                    "Role"
                    <select on:change:target=move |event| {
                        set_role.set(event.target().value().parse().unwrap_or(Role::Viewer))
                    }>
                        <option value=Role::Viewer.as_str()>"Viewer: reads surveys and answers"</option>
                        <option value=Role::Admin.as_str()>"Admin: also changes them"</option>
                    </select>
                </label>
                <Alert message=managed.refusal() />
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    "Make the token"
                </button>
            </form>
            // Present before the secret, so that screen readers announce it as it appears.
            <div aria-live="polite">{move || created().map(|created| view! { <NewSecret created /> })}</div>
        </section>
    }
}

/// The secret of the token just made: shown this once, as the server keeps only its hash.
#[component]
fn NewSecret(created: CreatedApiToken) -> impl IntoView {
    let CreatedApiToken { api_token, token } = created;
    view! {
        <SecretShownOnce heading=format!("The token {}", api_token.name) label="Token" secret=token>
            "Pulse keeps only a fingerprint of it; if it is lost, revoke it and make another. "
            "Anyone who has it can act as this token, so keep it where passwords are kept."
        </SecretShownOnce>
    }
}

/// Every token, with when it was last used and a button to revoke it.
#[component]
fn TokenTable(tokens: Vec<ApiToken>, revoke: Action<String, Result<(), Failure>>) -> impl IntoView {
    if tokens.is_empty() {
        return view! { <p class="status">"No API tokens yet."</p> }.into_any();
    }
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Made"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col">
                        <span class="visually-hidden">"Revoke"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {tokens
                    .into_iter()
                    .map(|token| {
                        let ApiToken { id, name, role, created_at, created_by, last_used_at } = token;
                        view! {
                            <tr>
                                <th scope="row">{name.clone()}</th>
                                <td>{role_name(role)}</td>
                                <td>{format!("{} by {created_by}", local_time(created_at))}</td>
                                <td>{last_used_at.map_or_else(|| "Never".to_owned(), local_time)}</td>
                                <td>
                                    <RemoveButton
                                        remove=revoke
                                        key=id
                                        question=format!(
                                            "Revoke the token {name}? Programs using it will be refused at once.",
                                        )
                                    >
                                        {format!("Revoke {name}")}
                                    </RemoveButton>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
        .into_any()
}
