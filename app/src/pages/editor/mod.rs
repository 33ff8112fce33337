//! Admins create and change surveys, seeing the real widget as visitors will, and copy the
//! snippet that puts it on their site. The form is in sections, each editing its part of
//! one draft of the survey.

mod basics;
mod fields;
mod looks;
mod preview;
mod questions;
mod scale;
mod snippet;
mod targeting;
mod texts;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use pulse_core::admin::SurveyDefinition;
use pulse_core::survey::{Language, SurveyConfig};

use super::title::page_title;
use crate::alert::Alert;
use crate::api::{self, Failure};
use crate::loaded::Loaded;
use basics::Basics;
use fields::Unread;
use looks::Looks;
use preview::Preview;
use questions::Questions;
use snippet::Snippet;
use targeting::Targeting;
use texts::{first_refused, TextFields};

#[component]
pub fn NewSurveyPage() -> impl IntoView {
    page_title("New survey");
    let company = "Your company".to_owned();
    let survey = SurveyDefinition {
        config: SurveyConfig { company, ..SurveyConfig::default() },
        ..Default::default()
    };
    view! {
        <section class="page editor">
            <h1>"New survey"</h1>
            <Editor survey is_new=true scale_fixed=false />
        </section>
    }
}

#[component]
pub fn EditSurveyPage() -> impl IntoView {
    let params = use_params_map();
    let survey_id = move || params.read().get("survey_id").unwrap_or_default();
    let heading = format!("Survey {}", params.read_untracked().get("survey_id").unwrap_or_default());
    page_title(&heading);
    let loaded = LocalResource::new(move || {
        let survey_id = survey_id();
        async move { api::survey(&survey_id).await }
    });
    view! {
        <section class="page editor">
            <h1>{heading}</h1>
            <Loaded resource=loaded what="survey" let:survey>
                <Editor survey=survey.definition is_new=false scale_fixed=survey.has_answers />
            </Loaded>
        </section>
    }
}

/// `scale_fixed`: the survey has answers, so its scale can no longer change.
#[component]
fn Editor(survey: SurveyDefinition, is_new: bool, scale_fixed: bool) -> impl IntoView {
    // The language whose texts are edited, and which the preview speaks.
    let language = RwSignal::new(
        survey.config.language.as_deref().and_then(|code| code.parse().ok()).unwrap_or(Language::English),
    );
    let draft = RwSignal::new(survey);
    let unread = Unread::provide();
    let save = Action::new_local(move |survey: &SurveyDefinition| {
        let survey = survey.clone();
        async move {
            if is_new {
                api::create_survey(&survey).await
            } else {
                api::update_survey(&survey).await
            }
        }
    });
    let navigate = use_navigate();
    Effect::new(move || match save.value().get() {
        Some(Ok(saved)) => navigate(&format!("/surveys/{}/edit", saved.config.id), Default::default()),
        Some(Err(Failure::SignedOut)) => navigate(&crate::session::login_path(), Default::default()),
        // A refused text may be in another language than the one shown: show its fields.
        Some(Err(Failure::Message(_))) => {
            if let Some(refused) = first_refused(&draft.read_untracked().config.texts) {
                language.set(refused);
            }
        }
        None => {}
    });
    let failure = move || match save.value().get() {
        Some(Err(Failure::Message(message))) => Some(format!("The survey was not saved. {message}")),
        _ => None,
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // A text a field could not read into the draft is refused as the server refuses.
        match unread.first() {
            Some(why) => save.value().set(Some(Err(Failure::Message(why)))),
            None => {
                save.dispatch(draft.get());
            }
        }
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let previewed = Signal::derive(move || SurveyConfig {
        language: Some(language.get().as_str().to_owned()),
        ..draft.read().config.clone()
    });

    view! {
        <div class="editor-layout">
            <form class="stacked" on:submit=submit>
                <Basics draft language is_new scale_fixed />
                <Looks draft />
                <Questions draft />
                <TextFields draft language />
                <Targeting draft />
                <Alert message=Signal::derive(failure) />
                <Show when=saved>
                    <p class="status" role="status">
                        "Saved."
                    </p>
                </Show>
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    "Save the survey"
                </button>
            </form>
            <aside class="preview" aria-label="Preview">
                <h2>"Preview"</h2>
                <p class="note">
                    "The real widget, shown inline here in the language whose texts you edit; answers given in the preview are not sent."
                </p>
                <Preview config=previewed />
                <Snippet survey_id=Signal::derive(move || draft.read().config.id.clone()) />
            </aside>
        </div>
    }
}
