//! A survey's webhooks, for admins: where its answers are posted, how the latest deliveries
//! went (failures in words, with the next retry), and the forms to add, change, test and
//! delete them.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pulse_core::limits::WEBHOOK_URL_MAX_CHARS;
use pulse_core::webhook::{
    CreatedWebhook, Webhook, WebhookAttempt, WebhookEvent, WebhookFormat, WebhookSettings,
};

use super::managed::{Managed, RemoveButton};
use super::secret::SecretShownOnce;
use super::title::page_title;
use crate::alert::Alert;
use crate::api::{self, Failure};
use crate::clock::local_time;
use crate::loaded::Loaded;

/// What a webhook's buttons do, for every webhook on the page.
#[derive(Clone, Copy)]
struct Changes {
    /// Replaces a webhook's settings: (its id, the new settings).
    update: Action<(String, WebhookSettings), Result<Webhook, Failure>>,
    /// Sends a webhook a test message: answers its id and how the attempt went.
    test: Action<String, (String, Result<WebhookAttempt, Failure>)>,
    delete: Action<String, Result<(), Failure>>,
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let params = use_params_map();
    let survey_id = move || params.read_untracked().get("survey_id").unwrap_or_default();
    page_title(&format!("Webhooks: {}", survey_id()));
    let managed = Managed::new(
        move || {
            let survey_id = params.read().get("survey_id").unwrap_or_default();
            async move { api::webhooks(&survey_id).await }
        },
        move |settings: WebhookSettings| async move { api::create_webhook(&survey_id(), &settings).await },
        move |webhook_id: String| async move { api::delete_webhook(&survey_id(), &webhook_id).await },
    );
    let Managed { list: webhooks, add, remove: delete } = managed;
    let update = Action::new_local(move |(webhook_id, settings): &(String, WebhookSettings)| {
        let (webhook_id, settings) = (webhook_id.clone(), settings.clone());
        async move { api::update_webhook(&survey_id(), &webhook_id, &settings).await }
    });
    let test = Action::new_local(move |webhook_id: &String| {
        let webhook_id = webhook_id.clone();
        async move {
            let tried = api::test_webhook(&survey_id(), &webhook_id).await;
            (webhook_id, tried)
        }
    });
    // The list shows the changed settings and the test's attempt.
    Effect::new(move || {
        if matches!(update.value().get(), Some(Ok(_))) {
            webhooks.refetch();
        }
    });
    Effect::new(move || {
        if test.value().get().is_some() {
            webhooks.refetch();
        }
    });
    let changes = Changes { update, test, delete };
    let update_refusal =
        Signal::derive(move || update.value().get().and_then(Result::err).map(|failure| failure.to_string()));
    // Viewers are refused the list: the form is for those who may see it.
    let may_add = move || matches!(webhooks.get(), Some(Ok(_)));

    view! {
        <section class="page webhooks">
            <h1>{format!("Webhooks of {}", survey_id())}</h1>
            <p class="note">
                "A webhook posts this survey's answers to another system as they are stored, "
                "changed or deleted. A delivery that fails is tried again, for up to a day."
            </p>
            <Alert message=update_refusal />
            <Loaded resource=webhooks what="webhooks" let:webhooks>
                <WebhookList webhooks changes />
            </Loaded>
            <Show when=may_add>
                <AddWebhook add refusal=managed.refusal() />
            </Show>
        </section>
    }
}

/// The form that adds a webhook, and its secret shown once.
#[component]
fn AddWebhook(
    add: Action<WebhookSettings, Result<CreatedWebhook, Failure>>,
    refusal: Signal<Option<String>>,
) -> impl IntoView {
    let created = move || add.value().get().and_then(Result::ok);
    let (url, set_url) = signal(String::new());
    let events = RwSignal::new(Vec::new());
    let (format, set_format) = signal(WebhookFormat::Standard);
    view! {
        <h2>"Add a webhook"</h2>
        <form
            class="stacked"
            on:submit=move |event| {
                event.prevent_default();
                add.dispatch(WebhookSettings {
                    url: url.get(),
                    events: events.get(),
                    format: format.get(),
                    enabled: true,
                });
            }
        >
            <label>
                "URL: where the messages are posted"
                <input
                    type="url"
                    required
                    maxlength=WEBHOOK_URL_MAX_CHARS
                    autocomplete="off"
                    bind:value=(url, set_url)
                />
            </label>
            <EventChoices chosen=events />
            <label>
                "Format"
                <select on:change:target=move |event| {
                    set_format.set(event.target().value().parse().unwrap_or_default())
                }>
                    {WebhookFormat::ALL
                        .into_iter()
                        .map(|format| view! { <option value=format.as_str()>{format_name(format)}</option> })
                        .collect_view()}
                </select>
            </label>
            <Alert message=refusal />
            <button type="submit" class="primary" disabled=move || add.pending().get()>
                "Add the webhook"
            </button>
        </form>
        // Present before the secret, so that screen readers announce it as it appears.
        <div aria-live="polite">
            {move || {
                created()
                    .map(|created| {
                        view! {
                            <SecretShownOnce
                                heading=format!("The webhook to {}", created.webhook.settings.url)
                                label="Secret"
                                secret=created.secret
                            >
                                "The receiver checks each message's webhook-signature with it. "
                                "Pulse keeps it only to sign; if it is lost, delete the webhook and add it again. "
                                "Anyone who has it can forge messages, so keep it where passwords are kept."
                            </SecretShownOnce>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn WebhookList(webhooks: Vec<Webhook>, changes: Changes) -> impl IntoView {
    if webhooks.is_empty() {
        return view! { <p class="status">"No webhooks yet."</p> }.into_any();
    }
    webhooks.into_iter().map(|webhook| view! { <WebhookCard webhook changes /> }).collect_view().into_any()
}

/// One webhook: its settings, its messages waiting and given up, its buttons and its latest
/// attempts.
#[component]
fn WebhookCard(webhook: Webhook, changes: Changes) -> impl IntoView {
    let Webhook { id, settings, pending, failed, attempts, .. } = webhook;
    let Changes { update, test, delete } = changes;
    let url = settings.url.clone();
    let events = RwSignal::new(settings.events.clone());
    let heading = format!("heading-{id}");
    let labelled_by = heading.clone();
    let tested_id = id.clone();
    let tested = move || {
        test.value().get().filter(|(webhook_id, _)| *webhook_id == tested_id).map(|(_, tried)| match tried {
            Ok(attempt) => format!("Test sent: {}", attempt_result(&attempt)),
            Err(failure) => format!("The test could not be sent. {failure}"),
        })
    };
    let toggled = WebhookSettings { enabled: !settings.enabled, ..settings.clone() };
    let (toggle_id, save_id, test_id) = (id.clone(), id.clone(), id.clone());
    let saved = settings.clone();
    view! {
        <article class="webhook" aria-labelledby=labelled_by>
            <h2 id=heading>{url.clone()}</h2>
            <dl>
                <dt>"Events"</dt>
                <dd>{settings.events.iter().map(|event| event.as_str()).collect::<Vec<_>>().join(", ")}</dd>
                <dt>"Format"</dt>
                <dd>{format_name(settings.format)}</dd>
                <dt>"State"</dt>
                <dd>
                    {if settings.enabled {
                        "Enabled"
                    } else {
                        "Disabled: nothing is sent until it is enabled"
                    }}
                </dd>
                <dt>"Waiting to be delivered"</dt>
                <dd>{pending}</dd>
                <dt>"Given up after every retry"</dt>
                <dd>{failed}</dd>
            </dl>
            <div class="actions">
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        update.dispatch((toggle_id.clone(), toggled.clone()));
                    }
                >
                    {if settings.enabled { "Disable" } else { "Enable" }}
                </button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || test.pending().get()
                    on:click=move |_| {
                        test.dispatch(test_id.clone());
                    }
                >
                    "Send a test"
                </button>
                <RemoveButton
                    remove=delete
                    key=id
                    question=format!(
                        "Delete the webhook to {url}? Its messages not yet delivered are dropped.",
                    )
                >
                    "Delete"
                </RemoveButton>
            </div>
            <p role="status">{tested}</p>
            <form
                class="stacked"
                on:submit=move |event| {
                    event.prevent_default();
                    update
                        .dispatch((
                            save_id.clone(),
                            WebhookSettings {
                                events: events.get(),
                                ..saved.clone()
                            },
                        ));
                }
            >
                <EventChoices chosen=events />
                <button type="submit" class="secondary">
                    "Save the events"
                </button>
            </form>
            <AttemptTable attempts url=settings.url />
        </article>
    }
}

/// The latest attempts, newest first, each failure told in words with its next retry.
#[component]
fn AttemptTable(attempts: Vec<WebhookAttempt>, url: String) -> impl IntoView {
    if attempts.is_empty() {
        return view! { <p class="status">"Nothing sent yet."</p> }.into_any();
    }
    view! {
        <table class="data">
            <caption>{format!("Latest attempts to deliver to {url}")}</caption>
            <thead>
                <tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Event"</th>
                    <th scope="col">"Attempt"</th>
                    <th scope="col">"Result"</th>
                    <th scope="col">"Next attempt"</th>
                </tr>
            </thead>
            <tbody>
                {attempts
                    .into_iter()
                    .map(|attempt| {
                        view! {
                            <tr>
                                <th scope="row">{local_time(attempt.attempted_at)}</th>
                                <td>{attempt.event.clone()}</td>
                                <td>{attempt.attempt}</td>
                                <td>{attempt_result(&attempt)}</td>
                                <td>
                                    {attempt.next_attempt_at.map_or_else(|| "None".to_owned(), local_time)}
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

/// The events a webhook may be told of, as checkboxes.
#[component]
fn EventChoices(chosen: RwSignal<Vec<WebhookEvent>>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Events"</legend>
            {WebhookEvent::ALL
                .into_iter()
                .map(|event| {
                    view! {
                        <label class="choice">
                            <input
                                type="checkbox"
                                prop:checked=move || chosen.read().contains(&event)
                                on:change:target=move |change| {
                                    let checked = change.target().checked();
                                    chosen
                                        .update(|events| {
                                            events.retain(|other| *other != event);
                                            if checked {
                                                events.push(event);
                                            }
                                        });
                                }
                            />
                            {event_name(event)}
                            " ("
                            <code>{event.as_str()}</code>
                            ")"
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// An event in words.
fn event_name(event: WebhookEvent) -> &'static str {
    match event {
        WebhookEvent::ResponseCreated => "An answer is stored",
        WebhookEvent::ResponseUpdated => "An answer is completed or changed",
        WebhookEvent::ResponseDeleted => "An answer is deleted",
        WebhookEvent::AlertDetractor => "A detractor leaves a comment",
        WebhookEvent::AlertScoreDrop => "The week's NPS drops significantly",
    }
}

fn format_name(format: WebhookFormat) -> &'static str {
    match format {
        WebhookFormat::Standard => "Standard: signed JSON",
        WebhookFormat::Slack => "Slack: a message for a channel",
    }
}

/// How an attempt went, in words.
fn attempt_result(attempt: &WebhookAttempt) -> String {
    match (attempt.delivered, &attempt.error, attempt.status) {
        (true, _, Some(status)) => format!("Delivered ({status})"),
        (true, _, None) => "Delivered".to_owned(),
        (false, Some(error), _) => format!("Failed: {error}"),
        (false, None, status) => {
            format!("Failed ({})", status.map_or_else(|| "no answer".to_owned(), |s| s.to_string()))
        }
    }
}
