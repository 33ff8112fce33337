//! The survey's own wording of what the widget says, one language at a time: each field
//! shows Pulse's text until the marketer writes another, and says at once what the server
//! would refuse.

use std::collections::BTreeMap;

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;
use pulse_core::survey::{Language, TextKey};
use pulse_core::validation::validate_text;

use super::fields::{typed, Choice};
use crate::refusal::Refusal;

/// The texts in groups a marketer thinks in, each text's label in the order of
/// [`TextKey::ALL`].
const GROUPS: [(&str, &[&str]); 5] = [
    (
        "Recommendation and usability",
        &[
            "Survey name, for screen readers",
            "Recommendation question ({company} is the company name)",
            "Lowest recommendation score",
            "Highest recommendation score",
            "Usability question",
            "Lowest usability rating",
            "Highest usability rating",
        ],
    ),
    ("Comment prompts", &["After a low score", "After a middling score", "After a high score"]),
    (
        "Commitment statements",
        &[
            "Commitment question",
            "Least agreement",
            "Most agreement",
            "Good feelings",
            "Shared values",
            "Benefits lost by leaving",
            "No alternative",
            "Habit",
        ],
    ),
    ("Repeat purchases", &["Repeat-purchase question", "None of the last 10", "All of the last 10"]),
    (
        "Buttons and thanks",
        &["Next button", "Send button", "Close button, for screen readers", "Thank-you message"],
    ),
];

const _: () = {
    let (mut group, mut labels) = (0, 0);
    while group < GROUPS.len() {
        labels += GROUPS[group].1.len();
        group += 1;
    }
    assert!(labels == TextKey::ALL.len(), "one label per text");
};

pub type Overrides = BTreeMap<String, BTreeMap<String, String>>;

/// The texts of `language` (the one the preview shows), with a picker for the others.
#[component]
pub fn TextFields(draft: RwSignal<SurveyDefinition>, language: RwSignal<Language>) -> impl IntoView {
    let mut keys = TextKey::ALL.into_iter();
    let groups = GROUPS.into_iter().enumerate().map(|(index, (name, labels))| {
        // Labels first: zip would take one key too many were the keys first.
        let fields = labels.iter().zip(keys.by_ref()).map(|(label, key)| (key, *label)).collect();
        view! { <TextGroup name fields open=index == 0 draft language /> }
    });
    view! {
        <fieldset class="texts">
            <legend>"Texts"</legend>
            <p class="note">
                "Empty fields use Pulse's own text, shown in grey. The preview shows the language you edit."
            </p>
            <Choice
                label="Edit the texts in"
                options=Language::ALL.map(|option| (option, option.name())).to_vec()
                name=Language::as_str
                value=(language.into(), language.into())
            />
            {groups.collect_view()}
        </fieldset>
    }
}

/// Texts of one group, which the marketer folds and unfolds; it unfolds by itself when
/// the server would refuse one of them.
#[component]
fn TextGroup(
    name: &'static str,
    /// Each text's key and label.
    fields: Vec<(TextKey, &'static str)>,
    open: bool,
    draft: RwSignal<SurveyDefinition>,
    language: RwSignal<Language>,
) -> impl IntoView {
    let keys: Vec<_> = fields.iter().map(|(key, _)| *key).collect();
    let details = NodeRef::<leptos::html::Details>::new();
    let refused = move || {
        let texts = &draft.read().config.texts;
        keys.iter().any(|key| refusal(texts, language.get(), *key).is_some())
    };
    Effect::new(move || {
        if let (true, Some(details)) = (refused(), details.get()) {
            details.set_open(true);
        }
    });
    view! {
        <details node_ref=details open=open>
            <summary>{name}</summary>
            {fields
                .into_iter()
                .map(|(key, label)| view! { <TextField key label draft language /> })
                .collect_view()}
        </details>
    }
}

/// One text: Pulse's own as the placeholder, and what the server would say of the
/// marketer's beside it.
#[component]
fn TextField(
    key: TextKey,
    label: &'static str,
    draft: RwSignal<SurveyDefinition>,
    language: RwSignal<Language>,
) -> impl IntoView {
    let text = (
        Signal::derive(move || {
            override_of(&draft.read().config.texts, language.get(), key).unwrap_or_default()
        }),
        SignalSetter::map(move |text: String| {
            draft
                .update(|survey| set_override(&mut survey.config.texts, language.get_untracked(), key, text));
        }),
    );
    // A field of spaces is read as empty, Pulse's own text, and kept as typed.
    let read = |text: &str| Ok(if text.trim().is_empty() { String::new() } else { text.to_owned() });
    let field = typed(text, String::clone, read);
    let refusal =
        Refusal::new(Signal::derive(move || refusal(&draft.read().config.texts, language.get(), key)));
    view! {
        <div class="text-field">
            <label>
                {label}
                <input
                    lang=move || language.get().as_str()
                    dir=move || if language.get().is_right_to_left() { "rtl" } else { "ltr" }
                    placeholder=move || language.get().text(key)
                    bind:value=field.text
                    {..refusal.marks()}
                />
            </label>
            {refusal.view()}
        </div>
    }
}

/// The first language whose texts the server would refuse, to show the marketer its fields.
pub fn first_refused(texts: &Overrides) -> Option<Language> {
    Language::ALL.into_iter().find(|language| {
        texts
            .get(language.as_str())
            .into_iter()
            .flatten()
            .any(|(key, text)| validate_text(language.as_str(), key, text).is_err())
    })
}

/// Why the server would refuse the survey's text `key` in `language`, if it would.
fn refusal(texts: &Overrides, language: Language, key: TextKey) -> Option<String> {
    let text = override_of(texts, language, key)?;
    validate_text(language.as_str(), key.as_str(), &text).err().map(|error| error.message)
}

fn override_of(texts: &Overrides, language: Language, key: TextKey) -> Option<String> {
    texts.get(language.as_str())?.get(key.as_str()).cloned()
}

/// Writes what the marketer typed; an empty text means Pulse's own.
fn set_override(texts: &mut Overrides, language: Language, key: TextKey, text: String) {
    let language_texts = texts.entry(language.as_str().to_owned()).or_default();
    if text.is_empty() {
        language_texts.remove(key.as_str());
    } else {
        language_texts.insert(key.as_str().to_owned(), text);
    }
    if language_texts.is_empty() {
        texts.remove(language.as_str());
    }
}
