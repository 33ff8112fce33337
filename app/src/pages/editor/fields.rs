//! The shapes of field the editor's sections repeat, each bound to the part of the draft it
//! edits, most of them by [`part!`].

use std::str::FromStr;

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;

/// What a field shows, and how it changes the draft.
pub type Part<T> = (Signal<T>, SignalSetter<T>);

/// The part of `draft` that `read` shows and `write` changes. Unlike a memoised
/// `create_slice`, each change to the draft writes every field again, so that a field shows
/// what will be saved (the id trimmed, an emptied number's default), not what was typed.
pub fn part_of<T: Send + Sync + 'static>(
    draft: RwSignal<SurveyDefinition>,
    read: impl Fn(&SurveyDefinition) -> T + Send + Sync + 'static,
    write: impl Fn(&mut SurveyDefinition, T) + Send + Sync + 'static,
) -> Part<T> {
    (
        Signal::derive(move || read(&draft.read())),
        SignalSetter::map(move |value| draft.update(|survey| write(survey, value))),
    )
}

/// The part of the draft at a path, `part!(draft.config.company)`, for a field to edit. With
/// `or` a value, the part of a number field that can be emptied, which sets that value.
macro_rules! part {
    ($draft:ident $(.$field:ident)+) => {
        $crate::pages::editor::fields::part_of($draft, |s| s$(.$field)+.clone(), |s, value| s$(.$field)+ = value)
    };
    ($draft:ident $(.$field:ident)+ or $empty:expr) => {
        $crate::pages::editor::fields::part_of(
            $draft,
            |s| Some(s$(.$field)+),
            |s, value: Option<_>| s$(.$field)+ = value.unwrap_or($empty),
        )
    };
}
pub(super) use part;

/// A yes-or-no setting.
#[component]
pub fn Check(label: &'static str, checked: Part<bool>) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" bind:checked=checked />
            {label}
        </label>
    }
}

/// One of a few `options`, each with its label; `name` gives each its value in the form.
#[component]
pub fn Choice<T>(
    label: &'static str,
    options: Vec<(T, &'static str)>,
    name: fn(T) -> &'static str,
    value: Part<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let (chosen, choose) = value;
    let views = options
        .iter()
        .map(|&(option, text)| {
            view! {
                <option value=name(option) prop:selected=move || chosen.get() == option>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <label>
            {label}
            <select on:change:target=move |event| {
                let picked = event.target().value();
                if let Some(&(option, _)) = options.iter().find(|(option, _)| name(*option) == picked) {
                    choose.set(option);
                }
            }>{views}</select>
        </label>
    }
}

/// A whole number; an empty field, or one the browser cannot read as a number, is `None`.
#[component]
pub fn NumberField<T>(
    label: &'static str,
    min: u8,
    #[prop(optional)] max: Option<u8>,
    value: Part<Option<T>>,
) -> impl IntoView
where
    T: FromStr + ToString + Send + Sync + 'static,
{
    let (number, set_number) = value;
    view! {
        <label>
            {label}
            <input
                type="number"
                min=min
                max=max
                prop:value=move || number.read().as_ref().map(T::to_string).unwrap_or_default()
                on:input:target=move |event| set_number.set(event.target().value().parse().ok())
            />
        </label>
    }
}

/// A list written one item a line; blank lines and the spaces around items do not count.
#[component]
pub fn LinesField(label: &'static str, lines: Part<Vec<String>>) -> impl IntoView {
    let (items, set_items) = lines;
    view! {
        <label>
            {label}
            <textarea
                prop:value=move || items.read().join("\n")
                on:input:target=move |event| {
                    let text = event.target().value();
                    set_items
                        .set(
                            text
                                .lines()
                                .map(str::trim)
                                .filter(|line| !line.is_empty())
                                .map(str::to_owned)
                                .collect(),
                        );
                }
            ></textarea>
        </label>
    }
}
