//! The survey's own themes as admins edit them: a name and keywords in any of the
//! languages, checked by core's rules as the admin types, then by the server's.

use leptos::prelude::*;
use pulse_core::admin::SurveyThemes;
use pulse_core::limits::THEME_NAME_MAX_CHARS;
use pulse_core::themes::{validate_themes, CustomTheme};

use crate::alert::Alert;
use crate::api;

/// One theme in the form, each field its own signal so that typing redraws nothing else.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    name: RwSignal<String>,
    /// Separated by commas, as typed.
    keywords: RwSignal<String>,
}

impl Row {
    fn theme(&self) -> CustomTheme {
        CustomTheme {
            name: self.name.get().trim().to_owned(),
            keywords: self
                .keywords
                .get()
                .split(',')
                .map(str::trim)
                .filter(|keyword| !keyword.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

#[component]
pub fn CustomThemesEditor(
    survey_id: String,
    custom: Signal<Vec<CustomTheme>>,
    /// Called with the themes once the server stored them.
    save: Callback<Vec<CustomTheme>>,
) -> impl IntoView {
    let rows = RwSignal::new(Vec::<Row>::new());
    let next_key = StoredValue::new(0u32);
    let add = move |theme: CustomTheme| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let row =
            Row { key, name: RwSignal::new(theme.name), keywords: RwSignal::new(theme.keywords.join(", ")) };
        rows.update(|rows| rows.push(row));
    };
    let editing = RwSignal::new(false);
    let start = move |_| {
        rows.set(Vec::new());
        custom.get_untracked().into_iter().for_each(add);
        editing.set(true);
    };
    let themes = move || rows.with(|rows| rows.iter().map(Row::theme).collect::<Vec<_>>());
    let survey_id = StoredValue::new(survey_id);
    let store = Action::new_local(move |themes: &Vec<CustomTheme>| {
        let themes = SurveyThemes { themes: themes.clone() };
        async move { api::replace_themes(&survey_id.get_value(), &themes).await }
    });
    Effect::new(move || {
        if let Some(Ok(stored)) = store.value().get() {
            save.run(stored.themes);
            editing.set(false);
        }
    });
    let broken = Memo::new(move |_| validate_themes(&themes()).err());
    let problem = move || {
        if !editing.get() {
            return None;
        }
        broken.get().map(|broken| broken.message).or_else(|| {
            store.value().get().and_then(Result::err).map(|failure| format!("Not saved: {failure}"))
        })
    };

    let current = move || {
        let themes = custom.get();
        if themes.is_empty() {
            return view! { <p class="empty">"No themes of your own yet."</p> }.into_any();
        }
        let items = themes
            .into_iter()
            .map(|theme| {
                view! {
                    <li>
                        <strong dir="auto">{theme.name}</strong>
                        ": "
                        <span dir="auto">{theme.keywords.join(", ")}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    let form = move || {
        view! {
            <form
                class="stacked"
                on:submit=move |event| {
                    event.prevent_default();
                    store.dispatch(themes());
                }
            >
                <For each=move || rows.get() key=|row| row.key let:row>
                    <fieldset>
                        <legend dir="auto">
                            {move || {
                                let name = row.name.get();
                                if name.trim().is_empty() { "New theme".to_owned() } else { name }
                            }}
                        </legend>
                        <label>
                            "Name" <input required maxlength=THEME_NAME_MAX_CHARS bind:value=row.name />
                        </label>
                        <label>
                            "Keywords in any language, separated by commas"
                            <input required bind:value=row.keywords />
                        </label>
                        <button
                            type="button"
                            class="secondary"
                            on:click=move |_| rows.update(|rows| rows.retain(|other| other.key != row.key))
                        >
                            "Remove this theme"
                        </button>
                    </fieldset>
                </For>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| add(CustomTheme {
                        name: String::new(),
                        keywords: Vec::new(),
                    })
                >
                    "Add a theme"
                </button>
                <Alert message=Signal::derive(problem) />
                <div class="actions">
                    <button
                        type="submit"
                        class="primary"
                        disabled=move || store.pending().get() || broken.with(Option::is_some)
                    >
                        "Save the themes"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| editing.set(false)>
                        "Cancel"
                    </button>
                </div>
            </form>
        }
    };

    view! {
        <section class="custom-themes" aria-labelledby="custom-themes-heading">
            <h3 id="custom-themes-heading">"Your themes"</h3>
            <p class="note">
                "Name a theme and its keywords in each language (delivery, livraison, levering, aflewering, משלוח). Your themes come first, and the themes found in the comments leave their keywords to them."
            </p>
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        {current}
                        <button type="button" class="secondary" on:click=start>
                            "Edit your themes"
                        </button>
                    }
                }
            >
                {form}
            </Show>
        </section>
    }
}
