//! Why a field's value would not be saved: the message beside the field, which marks the
//! field invalid and describes it, for the editor's fields and the follow-up form alike.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

/// Why a field's value would not be saved, if it would not: the field's description,
/// outside its label, so that it is not part of the field's name.
#[derive(Clone)]
pub struct Refusal {
    id: Arc<str>,
    message: Signal<Option<String>>,
}

impl Refusal {
    pub fn new(message: Signal<Option<String>>) -> Self {
        static FIELDS: AtomicUsize = AtomicUsize::new(0);
        let id = format!("refusal-{}", FIELDS.fetch_add(1, Ordering::Relaxed)).into();
        Refusal { id, message }
    }

    /// For the field: `<input {..refusal.marks()} />`.
    pub fn marks(&self) -> impl leptos::attr::Attribute {
        let Refusal { id, message } = self.clone();
        view! {
            <{..}
                aria-invalid=move || message.read().is_some().then_some("true")
                aria-describedby=move || message.read().is_some().then(|| id.to_string())
            />
        }
    }

    /// The message, beside the field.
    pub fn view(&self) -> impl IntoView {
        let Refusal { id, message } = self.clone();
        move || {
            message.get().map(|message| {
                view! {
                    <p class="field-error" id=id.to_string()>
                        {message}
                    </p>
                }
            })
        }
    }
}
