//! The survey's own wording of what the widget says, one language at a time: each field
//! shows Pulse's text until the marketer writes another, and says at once what the server
//! would refuse.

use std::collections::BTreeMap;

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;
use pulse_core::survey::{LANGUAGES, TEXT_KEYS};
use pulse_core::validation::validate_text;

/// What each of [`TEXT_KEYS`] is, in the same order, as the editor labels its field.
const LABELS: [&str; TEXT_KEYS.len()] = [
    "Survey name, for screen readers",
    "Recommendation question ({company} is the company name)",
    "Lowest recommendation score",
    "Highest recommendation score",
    "Usability question",
    "Lowest usability rating",
    "Highest usability rating",
    "Comment prompt after a low score",
    "Comment prompt after a middling score",
    "Comment prompt after a high score",
    "Commitment question",
    "Least agreement",
    "Most agreement",
    "Statement: good feelings",
    "Statement: shared values",
    "Statement: benefits lost by leaving",
    "Statement: no alternative",
    "Statement: habit",
    "Repeat-purchase question",
    "None of the last 10 purchases",
    "All of the last 10 purchases",
    "Next button",
    "Send button",
    "Close button, for screen readers",
    "Thank-you message",
];

/// The name of each of [`LANGUAGES`], in the same order.
pub const LANGUAGE_NAMES: [&str; LANGUAGES.len()] = ["English", "French", "Dutch", "Afrikaans", "Hebrew"];

pub type Overrides = BTreeMap<String, BTreeMap<String, String>>;

/// The texts of `language` (the one the preview shows), with a picker for the others.
#[component]
pub fn TextFields(draft: RwSignal<SurveyDefinition>, language: RwSignal<&'static str>) -> impl IntoView {
    let fields = TEXT_KEYS.into_iter().zip(LABELS).map(|(key, label)| {
        let value = move || override_of(&draft.read().config.texts, language.get(), key).unwrap_or_default();
        let refusal = move || {
            let text = override_of(&draft.read().config.texts, language.get(), key)?;
            validate_text(language.get(), key, &text).err().map(|error| error.message)
        };
        let error_id = format!("text-{key}-error");
        let described_by = error_id.clone();
        view! {
            <label>
                {label}
                <input
                    lang=move || language.get()
                    dir=move || direction(language.get())
                    placeholder=move || pulse_widget::built_in_text(language.get(), key)
                    aria-invalid=move || refusal().map(|_| "true")
                    aria-describedby=move || refusal().map(|_| described_by.clone())
                    prop:value=value
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        draft.update(|survey| set_override(&mut survey.config.texts, language.get_untracked(), key, text));
                    }
                />
                {move || refusal().map(|message| view! {
                    <span class="field-error" id=error_id.clone()>{message}</span>
                })}
            </label>
        }
    });
    view! {
        <fieldset class="texts">
            <legend>"Texts"</legend>
            <p class="note">"Empty fields use Pulse's own text, shown in grey. The preview shows the language you edit."</p>
            <label>
                "Edit the texts in"
                <select on:change=move |event| {
                    let code = event_target_value(&event);
                    if let Some(code) = LANGUAGES.into_iter().find(|known| *known == code) {
                        language.set(code);
                    }
                }>
                    {LANGUAGES.into_iter().zip(LANGUAGE_NAMES).map(|(code, name)| view! {
                        <option value=code prop:selected=move || language.get() == code>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            {fields.collect_view()}
        </fieldset>
    }
}

/// The first language whose texts the server would refuse, to show the marketer its fields.
pub fn first_refused(texts: &Overrides) -> Option<&'static str> {
    LANGUAGES.into_iter().find(|language| {
        texts
            .get(*language)
            .into_iter()
            .flatten()
            .any(|(key, text)| validate_text(language, key, text).is_err())
    })
}

/// Hebrew is the one right-to-left language Pulse ships.
fn direction(language: &str) -> &'static str {
    if language == "he" {
        "rtl"
    } else {
        "ltr"
    }
}

fn override_of(texts: &Overrides, language: &str, key: &str) -> Option<String> {
    texts.get(language)?.get(key).cloned()
}

/// Writes what the marketer typed; an empty field (or one of spaces) means Pulse's own text.
fn set_override(texts: &mut Overrides, language: &str, key: &str, text: String) {
    let language_texts = texts.entry(language.to_owned()).or_default();
    if text.trim().is_empty() {
        language_texts.remove(key);
    } else {
        language_texts.insert(key.to_owned(), text);
    }
    if language_texts.is_empty() {
        texts.remove(language);
    }
}
