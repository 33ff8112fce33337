//! The shapes of field the editor's sections repeat, each bound to the part of the draft it
//! edits, most of them by [`part!`]. A field whose text is read into a value of another
//! shape (a number, a list) keeps the text as typed ([`typed`]), and says beside it why
//! what it shows would not be saved ([`Refusal`]): a keystroke never vanishes, and what a
//! field shows is what will be saved, or the field says why not.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;

use crate::refusal::Refusal;

/// What a field shows, and how it changes the draft.
pub type Part<T> = (Signal<T>, SignalSetter<T>);

/// The part of `draft` that `read` shows and `write` changes.
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

/// The part of the draft at a path, `part!(draft.config.company)`, for a field to edit.
macro_rules! part {
    ($draft:ident $(.$field:ident)+) => {
        $crate::pages::editor::fields::part_of($draft, |s| s$(.$field)+.clone(), |s, value| s$(.$field)+ = value)
    };
}
pub(super) use part;

/// The text of a field as the marketer types it, read into its part of the draft.
#[derive(Clone, Copy)]
pub struct Typed {
    /// For `bind:value`: the text the field is given, and the marketer's.
    pub text: (ReadSignal<String>, SignalSetter<String>),
    /// Why the marketer's text cannot be read, if it cannot.
    pub unread: Signal<Option<String>>,
}

/// A field whose text `read` reads into `value`, and `show` writes from it. Each text that
/// reads goes into the draft at once; one that does not (an emptied number) leaves the
/// draft as it was, and the form refuses to save until it is mended. The field is given
/// the draft's text again only when its part changes to a value that the typed text does
/// not read as: changed elsewhere, as a text's when the language edited changes.
pub fn typed<T>(
    value: Part<T>,
    show: impl Fn(&T) -> String + 'static,
    read: impl Fn(&str) -> Result<T, String> + Send + Sync + 'static,
) -> Typed
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let (value, set_value) = value;
    // Only a change of this part, not of the rest of the draft, gives the field its text.
    let value = Memo::new(move |_| value.get());
    let (given, give) = signal(value.with_untracked(&show));
    let typed = RwSignal::new(given.get_untracked());
    let read = Arc::new(read);
    Effect::new({
        let read = read.clone();
        move || {
            let text = value.with(|value| {
                let kept = typed.with_untracked(|text| read(text).as_ref() == Ok(value));
                (!kept).then(|| show(value))
            });
            if let Some(text) = text {
                typed.set(text.clone());
                // Set even when it is the text given last, since the marketer has typed since.
                give.set(text);
            }
        }
    });
    let unread = Signal::derive({
        let read = read.clone();
        move || typed.with(|text| read(text).err())
    });
    expect_context::<Unread>().0.update_value(|fields| fields.push(unread));
    let take = SignalSetter::map(move |text: String| {
        let value = read(&text);
        typed.set(text);
        if let Ok(value) = value {
            set_value.set(value);
        }
    });
    Typed { text: (given, take), unread }
}

/// The texts of a form's fields that cannot be read into the draft, which the form refuses
/// to save; provided by the form to the fields made after it.
#[derive(Clone, Copy)]
pub struct Unread(StoredValue<Vec<Signal<Option<String>>>>);

impl Unread {
    pub fn provide() -> Self {
        let unread = Unread(StoredValue::new(Vec::new()));
        provide_context(unread);
        unread
    }

    /// Why the first field in the form that cannot be read cannot, if one cannot.
    pub fn first(&self) -> Option<String> {
        self.0.with_value(|fields| fields.iter().find_map(|field| field.get_untracked()))
    }
}

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

/// What a number field edits: a whole number, or with `Option` one that may be left out.
pub trait Whole: Clone + PartialEq + Send + Sync + 'static {
    /// What an empty field means, if it means something.
    const EMPTY: Option<Self>;
    /// `number`, if it fits.
    fn from_whole(number: u32) -> Option<Self>;
    /// The number, if there is one.
    fn whole(&self) -> Option<u32>;
}

impl Whole for u8 {
    const EMPTY: Option<Self> = None;
    fn from_whole(number: u32) -> Option<Self> {
        number.try_into().ok()
    }
    fn whole(&self) -> Option<u32> {
        Some((*self).into())
    }
}

impl Whole for u32 {
    const EMPTY: Option<Self> = None;
    fn from_whole(number: u32) -> Option<Self> {
        Some(number)
    }
    fn whole(&self) -> Option<u32> {
        Some(*self)
    }
}

impl Whole for Option<u8> {
    const EMPTY: Option<Self> = Some(None);
    fn from_whole(number: u32) -> Option<Self> {
        u8::from_whole(number).map(Some)
    }
    fn whole(&self) -> Option<u32> {
        self.map(u32::from)
    }
}

/// A whole number from `min` to `max`. A text field that asks for digits, not the browser's
/// number field, which reads what it cannot parse ("1e", "-") as empty, so that what such a
/// field shows could silently differ from what is saved.
#[component]
pub fn NumberField<T: Whole>(
    label: &'static str,
    min: u8,
    #[prop(optional)] max: Option<u8>,
    value: Part<T>,
) -> impl IntoView {
    let range = u32::from(min)..=max.map_or(u32::MAX, u32::from);
    let wanted = match max {
        Some(max) => format!("{label}: enter a whole number from {min} to {max}"),
        None => format!("{label}: enter a whole number, {min} or more"),
    };
    let read = move |text: &str| {
        let text = text.trim();
        let number = if text.is_empty() {
            T::EMPTY
        } else {
            text.parse().ok().filter(|number| range.contains(number)).and_then(T::from_whole)
        };
        number.ok_or_else(|| wanted.clone())
    };
    let field =
        typed(value, |number: &T| number.whole().map(|number| number.to_string()).unwrap_or_default(), read);
    let refusal = Refusal::new(field.unread);
    view! {
        <div>
            <label>{label} <input inputmode="numeric" bind:value=field.text {..refusal.marks()} /></label>
            {refusal.view()}
        </div>
    }
}

/// A list written one item a line; blank lines and the spaces around items do not count.
#[component]
pub fn LinesField(label: &'static str, lines: Part<Vec<String>>) -> impl IntoView {
    let read = |text: &str| {
        Ok(text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect())
    };
    let field = typed(lines, |lines: &Vec<String>| lines.join("\n"), read);
    view! { <label>{label} <textarea bind:value=field.text></textarea></label> }
}
