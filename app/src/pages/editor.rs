//! Admins create and change surveys, seeing the real widget as visitors will, and copy the
//! snippet that puts it on their site.

mod scale;
mod texts;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use pulse_core::admin::SurveyDefinition;
use pulse_core::survey::{ColorMode, Language, Placement, Shape, SurveyConfig};

use super::title::page_title;
use crate::api::{self, Failure};
use crate::session::sign_in_when_signed_out;
use scale::ScaleField;
use texts::{first_refused, TextFields};

#[component]
pub fn NewSurveyPage() -> impl IntoView {
    let company = "Your company".to_owned();
    let survey = SurveyDefinition {
        config: SurveyConfig { company, ..SurveyConfig::default() },
        ..Default::default()
    };
    view! { <Editor survey is_new=true scale_fixed=false /> }
}

#[component]
pub fn EditSurveyPage() -> impl IntoView {
    let params = use_params_map();
    let loaded = LocalResource::new(move || {
        let id = params.read().get("survey_id").unwrap_or_default();
        async move { api::survey(&id).await }
    });
    sign_in_when_signed_out(loaded);
    view! {
        <Suspense fallback=|| {
            view! {
                <p class="page status" role="status">
                    "Loading the survey…"
                </p>
            }
        }>
            {move || {
                loaded
                    .get()
                    .map(|loaded| match loaded {
                        Ok(survey) => {
                            view! {
                                <Editor
                                    survey=survey.definition
                                    is_new=false
                                    scale_fixed=survey.has_answers
                                />
                            }
                                .into_any()
                        }
                        Err(failure) => {
                            view! {
                                <p class="page error" role="alert">
                                    "The survey could not be loaded. "
                                    {failure.to_string()}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// `scale_fixed`: the survey has answers, so its scale can no longer change.
#[component]
fn Editor(survey: SurveyDefinition, is_new: bool, scale_fixed: bool) -> impl IntoView {
    // The language whose texts are edited, and which the preview speaks.
    let language = RwSignal::new(
        survey.config.language.as_deref().and_then(|code| code.parse().ok()).unwrap_or(Language::English),
    );
    let heading = if is_new { "New survey".to_owned() } else { format!("Survey {}", survey.config.id) };
    page_title(&heading);
    let draft = RwSignal::new(survey);
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
        Some(Err(Failure::Message(message))) => Some(message),
        _ => None,
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_)));

    // Text and number fields write through these, so each field is one line below.
    let text = |read: fn(&SurveyDefinition) -> String, write: fn(&mut SurveyDefinition, String)| {
        (
            move || read(&draft.read()),
            move |event: leptos::ev::Event| draft.update(|survey| write(survey, event_target_value(&event))),
        )
    };
    let (company, set_company) = text(|s| s.config.company.clone(), |s, v| s.config.company = v);
    let (id, set_id) = text(|s| s.config.id.clone(), |s, v| s.config.id = v.trim().to_owned());
    let (colour, set_colour) =
        text(|s| s.config.theme.brand_color.clone(), |s, v| s.config.theme.brand_color = v);
    let (delay, set_delay) = text(
        |s| s.config.targeting.delay_seconds.to_string(),
        |s, v| s.config.targeting.delay_seconds = v.parse().unwrap_or(0),
    );
    let (sample, set_sample) = text(
        |s| s.config.targeting.sample_percent.to_string(),
        |s, v| s.config.targeting.sample_percent = v.parse().unwrap_or(100),
    );
    let (origins, set_origins) = text(|s| s.allowed_origins.join("\n"), |s, v| s.allowed_origins = lines(&v));
    let (include, set_include) = text(
        |s| s.config.targeting.include_urls.join("\n"),
        |s, v| s.config.targeting.include_urls = lines(&v),
    );
    let (exclude, set_exclude) = text(
        |s| s.config.targeting.exclude_urls.join("\n"),
        |s, v| s.config.targeting.exclude_urls = lines(&v),
    );
    let (scroll, set_scroll) = text(
        |s| s.config.targeting.scroll_percent.map(|percent| percent.to_string()).unwrap_or_default(),
        |s, v| s.config.targeting.scroll_percent = v.parse().ok(),
    );
    let (views, set_views) = text(
        |s| s.config.targeting.min_page_views.to_string(),
        |s, v| s.config.targeting.min_page_views = v.parse().unwrap_or(1),
    );
    let (after_answer, set_after_answer) = text(
        |s| s.config.targeting.days_after_answer.to_string(),
        |s, v| s.config.targeting.days_after_answer = v.parse().unwrap_or(0),
    );
    let (after_dismiss, set_after_dismiss) = text(
        |s| s.config.targeting.days_after_dismiss.to_string(),
        |s, v| s.config.targeting.days_after_dismiss = v.parse().unwrap_or(0),
    );

    let snippet = move || {
        let origin = web_sys::window().and_then(|window| window.location().origin().ok()).unwrap_or_default();
        format!(
            r#"<script async src="{origin}/widget/pulse.js" data-survey="{}"></script>"#,
            draft.read().config.id
        )
    };
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&snippet());
        }
    };

    view! {
        <section class="page editor">
            <h1>{heading}</h1>
            <div class="editor-layout">
                <form
                    class="stacked"
                    on:submit=move |event| {
                        event.prevent_default();
                        save.dispatch(draft.get());
                    }
                >
                    <Show when=move || is_new>
                        <label>
                            "Survey id (letters, digits, - and _)"
                            <input required prop:value=id on:input=set_id />
                        </label>
                    </Show>
                    <label>
                        "Company name, as visitors know it"
                        <input required prop:value=company on:input=set_company />
                    </label>
                    <ScaleField draft fixed=scale_fixed />
                    <label>
                        "Language"
                        <select on:change:target=move |event| {
                            let chosen = event.target().value().parse::<Language>().ok();
                            draft
                                .update(|s| {
                                    s.config.language = chosen.map(|chosen| chosen.as_str().to_owned());
                                });
                            if let Some(chosen) = chosen {
                                language.set(chosen);
                            }
                        }>
                            <option value="">"The page's, else the browser's"</option>
                            {Language::ALL
                                .map(|option| {
                                    view! {
                                        <option
                                            value=option.as_str()
                                            selected=move || {
                                                draft.read().config.language.as_deref()
                                                    == Some(option.as_str())
                                            }
                                        >
                                            {option.name()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <fieldset>
                        <legend>"Looks"</legend>
                        <label>
                            "Brand colour" <input type="color" prop:value=colour on:input=set_colour />
                        </label>
                        <label>
                            "Colours"
                            <select on:change:target=move |event| {
                                draft
                                    .update(|s| {
                                        s.config.theme.mode = event
                                            .target()
                                            .value()
                                            .parse()
                                            .unwrap_or_default();
                                    })
                            }>
                                {[
                                    (ColorMode::Auto, "Follow the visitor's system"),
                                    (ColorMode::Light, "Light"),
                                    (ColorMode::Dark, "Dark"),
                                ]
                                    .map(|(option, label)| {
                                        view! {
                                            <option
                                                value=option.as_str()
                                                selected=move || draft.read().config.theme.mode == option
                                            >
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <label>
                            "Placement"
                            <select on:change:target=move |event| {
                                draft
                                    .update(|s| {
                                        s.config.theme.placement = event
                                            .target()
                                            .value()
                                            .parse()
                                            .unwrap_or_default();
                                    })
                            }>
                                {[
                                    (Placement::Corner, "Pop-up in a corner"),
                                    (Placement::Modal, "Centred dialog"),
                                    (Placement::Inline, "Inline, where the page puts it"),
                                ]
                                    .map(|(option, label)| {
                                        view! {
                                            <option
                                                value=option.as_str()
                                                selected=move || draft.read().config.theme.placement == option
                                            >
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || draft.read().config.theme.shape == Shape::Square
                                on:change=move |event| {
                                    draft
                                        .update(|s| {
                                            s.config.theme.shape = if event_target_checked(&event) {
                                                Shape::Square
                                            } else {
                                                Shape::Rounded
                                            };
                                        })
                                }
                            />
                            "Square corners"
                        </label>
                    </fieldset>
                    <fieldset>
                        <legend>"Questions"</legend>
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || draft.read().config.modules.commitment
                                on:change=move |event| {
                                    draft
                                        .update(|s| {
                                            s.config.modules.commitment = event_target_checked(&event);
                                        })
                                }
                            />
                            "Commitment profile (five statements)"
                        </label>
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || draft.read().config.modules.repeat_purchase
                                on:change=move |event| {
                                    draft
                                        .update(|s| {
                                            s.config.modules.repeat_purchase = event_target_checked(&event);
                                        })
                                }
                            />
                            "Repeat purchases (of the last 10)"
                        </label>
                    </fieldset>
                    <TextFields draft language />
                    <fieldset>
                        <legend>"Who is asked, and when"</legend>
                        <label>
                            "Seconds on the page before it shows"
                            <input type="number" min="0" prop:value=delay on:input=set_delay />
                        </label>
                        <label>
                            "Once they have scrolled this far down (%; empty: at once)"
                            <input type="number" min="0" max="100" prop:value=scroll on:input=set_scroll />
                        </label>
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || draft.read().config.targeting.exit_intent
                                on:change=move |event| {
                                    draft
                                        .update(|s| {
                                            s.config.targeting.exit_intent = event_target_checked(&event);
                                        })
                                }
                            />
                            "When they are about to leave the page"
                        </label>
                        <label>
                            "From this page view on"
                            <input type="number" min="1" prop:value=views on:input=set_views />
                        </label>
                        <label>
                            "Share of visitors asked (%)"
                            <input type="number" min="0" max="100" prop:value=sample on:input=set_sample />
                        </label>
                        <label>
                            "Only on these pages (one pattern a line, * for anything; empty: every page)"
                            <textarea prop:value=include on:input=set_include></textarea>
                        </label>
                        <label>
                            "Never on these pages (one pattern a line)"
                            <textarea prop:value=exclude on:input=set_exclude></textarea>
                        </label>
                        <label>
                            "Days before asking again someone who answered"
                            <input type="number" min="0" prop:value=after_answer on:input=set_after_answer />
                        </label>
                        <label>
                            "Days before asking again someone who closed it"
                            <input
                                type="number"
                                min="0"
                                prop:value=after_dismiss
                                on:input=set_after_dismiss
                            />
                        </label>
                        <label>
                            "Sites allowed to embed it (one origin a line, e.g. https://shop.example; empty: any)"
                            <textarea prop:value=origins on:input=set_origins></textarea>
                        </label>
                    </fieldset>
                    <Show when=move || failure().is_some()>
                        <p class="error" role="alert">
                            "The survey was not saved. "
                            {failure}
                        </p>
                    </Show>
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
                    <Preview config=Signal::derive(move || SurveyConfig {
                        language: Some(language.get().as_str().to_owned()),
                        ..draft.read().config.clone()
                    }) />
                    <h2>"Embed it"</h2>
                    <p class="note">
                        "Paste this into every page of your site, before " <code>"</body>"</code> ":"
                    </p>
                    <pre class="snippet">
                        <code data-testid="snippet">{snippet}</code>
                    </pre>
                    <button type="button" class="secondary" on:click=copy>
                        "Copy the snippet"
                    </button>
                </aside>
            </div>
        </section>
    }
}

/// The widget itself, mounted again whenever the configuration changes.
#[component]
fn Preview(config: Signal<SurveyConfig>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        let mut config = config.get();
        config.theme.placement = Placement::Inline;
        let (Some(host), Ok(json)) = (host.get(), serde_json::to_string(&config)) else { return };
        if let Ok(config) = js_sys::JSON::parse(&json) {
            let _ = pulse_widget::mount(host.into(), config);
        }
    });
    view! { <div node_ref=host class="preview-host" data-testid="preview"></div> }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
}
