//! What the survey is: its id (chosen once, when it is made), the company it asks about,
//! its scale and the language it speaks.

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;
use pulse_core::survey::Language;
use pulse_core::validation::validate_survey;

use super::fields::{part, Choice};
use super::scale::ScaleField;
use crate::refusal::Refusal;

/// `language`: the language whose texts are edited, which follows the survey's own.
#[component]
pub fn Basics(
    draft: RwSignal<SurveyDefinition>,
    language: RwSignal<Language>,
    is_new: bool,
    scale_fixed: bool,
) -> impl IntoView {
    // Kept as typed, spaces and all, with the server's reason beside it until it would be
    // saved. An empty id has the browser's own: the field is required.
    let id_refusal = Refusal::new(Signal::derive(move || {
        let survey = draft.read();
        let refused = validate_survey(&survey.config, &survey.allowed_origins).err()?;
        (refused.field == "id" && !survey.config.id.is_empty()).then_some(refused.message)
    }));
    let spoken =
        Signal::derive(move || draft.read().config.language.as_deref().and_then(|code| code.parse().ok()));
    let speak = SignalSetter::map(move |chosen: Option<Language>| {
        draft.update(|s| s.config.language = chosen.map(|chosen| chosen.as_str().to_owned()));
        if let Some(chosen) = chosen {
            language.set(chosen);
        }
    });
    let languages = [(None, "The page's, else the browser's")]
        .into_iter()
        .chain(Language::ALL.map(|option| (Some(option), option.name())))
        .collect();
    let code = |option: Option<Language>| option.map_or("", Language::as_str);
    view! {
        {is_new
            .then(|| {
                view! {
                    <div>
                        <label>
                            "Survey id (letters, digits, - and _)"
                            <input required bind:value=part!(draft.config.id) {..id_refusal.marks()} />
                        </label>
                        {id_refusal.view()}
                    </div>
                }
            })}
        <label>
            "Company name, as visitors know it" <input required bind:value=part!(draft.config.company) />
        </label>
        <ScaleField draft fixed=scale_fixed />
        <Choice label="Language" options=languages name=code value=(spoken, speak) />
    }
}
