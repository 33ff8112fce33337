//! How an answer is followed up, shown on every answer the page lists, and the small form
//! in which admins change it: checked by core's rules as they type, then by the server's.

use leptos::prelude::*;
use pulse_core::admin::StoredResponse;
use pulse_core::follow_up::{FollowUp, FollowUpChange, FollowUpState};

use crate::alert::Alert;
use crate::api;
use crate::refusal::Refusal;
use crate::session::Session;

/// The list of accounts' emails every owner field offers.
const OWNERS_LIST: &str = "follow-up-owners";

/// What the page's follow-ups share: the survey, whether the marketer may change them, and
/// the latest change made on the page, which every answer shown follows.
#[derive(Clone, Copy)]
pub struct FollowUpDesk {
    survey_id: StoredValue<String>,
    pub can_change: Signal<bool>,
    /// The answer as the server stored it after the latest change.
    pub changed: RwSignal<Option<StoredResponse>>,
    /// The accounts' emails, when the marketer may list accounts; else owners are typed.
    owners: LocalResource<Vec<String>>,
}

impl FollowUpDesk {
    pub fn new(survey_id: String) -> FollowUpDesk {
        let can_change = Session::is_admin();
        let owners = LocalResource::new(move || {
            let wanted = can_change.get();
            async move {
                let users = if wanted { api::users().await.unwrap_or_default() } else { Vec::new() };
                users.into_iter().map(|user| user.email).collect()
            }
        });
        FollowUpDesk {
            survey_id: StoredValue::new(survey_id),
            can_change,
            changed: RwSignal::new(None),
            owners,
        }
    }

    pub fn survey_id(self) -> String {
        self.survey_id.get_value()
    }

    /// The accounts' emails for the owner fields, once on the page.
    pub fn owners_list(self) -> impl IntoView {
        view! {
            <datalist id=OWNERS_LIST>
                {move || {
                    self.owners
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|email| view! { <option value=email></option> })
                        .collect_view()
                }}
            </datalist>
        }
    }
}

fn state_name(state: FollowUpState) -> &'static str {
    match state {
        FollowUpState::Open => "Open",
        FollowUpState::Contacted => "Contacted",
        FollowUpState::Resolved => "Resolved",
    }
}

/// An answer's follow-up in words, and for admins the form that changes it.
#[component]
pub fn FollowUpBlock(response: StoredResponse, desk: FollowUpDesk) -> impl IntoView {
    let id = StoredValue::new(response.id);
    let current = RwSignal::new(response.follow_up);
    // The same answer may be listed twice (in the comments and among those waiting).
    Effect::new(move || {
        desk.changed.with(|changed| {
            if let Some(changed) = changed.as_ref().filter(|changed| id.with_value(|id| *id == changed.id)) {
                current.set(changed.follow_up.clone());
            }
        })
    });
    let owner = move || {
        current.with(|follow_up| follow_up.owner.clone()).map(|owner| {
            view! {
                " · Owner: "
                {owner}
            }
        })
    };
    let note = move || {
        current.with(|follow_up| follow_up.note.clone()).map(|note| {
            view! {
                <p class="follow-up-note" dir="auto">
                    {note}
                </p>
            }
        })
    };
    view! {
        <div class="follow-up">
            <p class="follow-up-state">
                "Follow-up: " <strong>{move || current.with(|follow_up| state_name(follow_up.state))}</strong>
                {owner}
            </p>
            {note}
            {move || {
                desk.can_change
                    .get()
                    .then(|| view! { <FollowUpForm response_id=id.get_value() current desk /> })
            }}
        </div>
    }
}

#[component]
fn FollowUpForm(response_id: String, current: RwSignal<FollowUp>, desk: FollowUpDesk) -> impl IntoView {
    let (state, owner, note) =
        (RwSignal::new(FollowUpState::Open), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let show = move |follow_up: &FollowUp| {
        state.set(follow_up.state);
        owner.set(follow_up.owner.clone().unwrap_or_default());
        note.set(follow_up.note.clone().unwrap_or_default());
    };
    current.with_untracked(show);
    // The fields follow the follow-up as stored, changed here or in another list.
    Effect::new(move || current.with(show));
    let change =
        move || FollowUpChange { state: Some(state.get()), owner: Some(owner.get()), note: Some(note.get()) };
    let refusal = Memo::new(move |_| change().validate().err());
    // The field the refusal is about is marked invalid and described by it.
    let about = move |field: &'static str| {
        Refusal::new(Signal::derive(move || {
            refusal.get().filter(|refusal| refusal.field == field).map(|refusal| refusal.message)
        }))
    };
    let (owner_refusal, note_refusal) = (about("owner"), about("note"));
    let response_id = StoredValue::new(response_id);
    let save = Action::new_local(move |change: &FollowUpChange| {
        let change = change.clone();
        async move { api::change_follow_up(&desk.survey_id(), &response_id.get_value(), &change).await }
    });
    Effect::new(move || {
        // Every block of the answer, this one's among them, follows `desk.changed`.
        if let Some(Ok(stored)) = save.value().get() {
            desk.changed.set(Some(stored));
        }
    });
    let failure =
        move || save.value().get().and_then(Result::err).map(|failure| format!("Not saved: {failure}"));
    let saved = move || matches!(save.value().get(), Some(Ok(_))) && !save.pending().get();

    view! {
        <details class="follow-up-change">
            <summary>"Change the follow-up"</summary>
            <form
                class="stacked"
                // The server says why an owner is refused, in words, beside the form.
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    if let Ok(change) = change().validate() {
                        save.dispatch(change);
                    }
                }
            >
                <label>
                    "State"
                    <select
                        prop:value=move || state.get().as_str()
                        on:change:target=move |event| {
                            if let Ok(chosen) = event.target().value().parse() {
                                state.set(chosen);
                            }
                        }
                    >
                        {FollowUpState::ALL
                            .map(|state| view! { <option value=state.as_str()>{state_name(state)}</option> })}
                    </select>
                </label>
                <label>
                    "Owner"
                    <input
                        type="email"
                        list=OWNERS_LIST
                        autocomplete="off"
                        {..owner_refusal.marks()}
                        bind:value=owner
                    />
                </label>
                {owner_refusal.view()}
                <label>
                    "Note" <textarea rows="2" dir="auto" {..note_refusal.marks()} bind:value=note></textarea>
                </label>
                {note_refusal.view()}
                <Alert message=Signal::derive(failure) />
                <button
                    type="submit"
                    class="primary"
                    disabled=move || save.pending().get() || refusal.with(Option::is_some)
                >
                    "Save"
                </button>
                <p class="status" role="status">
                    {move || saved().then_some("Saved.")}
                </p>
            </form>
        </details>
    }
}
