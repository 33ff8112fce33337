//! The widget's DOM events, its only output: `pulse:shown`, `pulse:answered`,
//! `pulse:submitted` and `pulse:dismissed`, dispatched on the host element. They bubble out
//! of the shadow root to the page; the loader posts the answers they carry.

use js_sys::{Object, Reflect};
use pulse_core::survey::Commitment;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

use crate::survey::Answers;

/// Dispatches `name` on `host`, with `detail` as the event's `detail`.
pub fn dispatch(host: &Element, name: &str, detail: &JsValue) -> Result<(), JsValue> {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    let event = CustomEvent::new_with_event_init_dict(name, &init)?;
    host.dispatch_event(&event).map(drop)
}

/// The answers as serde writes a `pulse_core::api::ResponseSubmission`, for `JSON.stringify`.
pub fn to_js(answers: &Answers) -> JsValue {
    let json = Object::new();
    let set = |object: &Object, name: &str, value: JsValue| {
        // Setting a property of a fresh plain object cannot fail.
        let _ = Reflect::set(object, &name.into(), &value);
    };
    let number = |value: u8| JsValue::from(f64::from(value));
    set(&json, "id", answers.id.as_str().into());
    set(&json, "language", answers.language.as_str().into());
    set(&json, "nps", number(answers.nps));
    if let Some(usability) = answers.usability {
        set(&json, "usability", number(usability));
    }
    if answers.commitment.iter().any(Option::is_some) {
        let commitment = Object::new();
        for (name, agreement) in Commitment::NAMES.iter().zip(&answers.commitment) {
            if let Some(agreement) = *agreement {
                set(&commitment, name, number(agreement));
            }
        }
        set(&json, "commitment", commitment.into());
    }
    if let Some(count) = answers.repeat_purchases {
        set(&json, "repeat_purchases", number(count));
    }
    if let Some(comment) = &answers.comment {
        set(&json, "comment", comment.as_str().into());
    }
    json.into()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::collections::BTreeMap;

    use pulse_core::api::ResponseSubmission;
    use pulse_core::survey::Language;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn answers_are_written_as_serde_reads_them() {
        let id = "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13";
        let bare = Answers { id: id.into(), language: Language::English, ..Default::default() };
        let full = Answers {
            language: Language::Hebrew,
            nps: 10,
            usability: Some(5),
            commitment: [Some(1), None, Some(3), Some(4), Some(5)],
            repeat_purchases: Some(0),
            comment: Some("Say \"hi\" \\ back\n\ttab \u{1} é 👍 שלום".into()),
            ..bare.clone()
        };
        let expected = [
            ResponseSubmission { id: id.into(), language: Some("en".into()), ..Default::default() },
            ResponseSubmission {
                id: id.into(),
                nps: 10,
                usability: Some(5),
                comment: full.comment.clone(),
                commitment: BTreeMap::from([
                    (Commitment::Affective, 1),
                    (Commitment::Economic, 3),
                    (Commitment::Forced, 4),
                    (Commitment::Habitual, 5),
                ]),
                repeat_purchases: Some(0),
                language: Some("he".into()),
                ..Default::default()
            },
        ];
        for (answers, expected) in [bare, full].iter().zip(expected) {
            let json: String = js_sys::JSON::stringify(&to_js(answers)).unwrap().into();
            let read: ResponseSubmission = serde_json::from_str(&json).unwrap();
            assert_eq!(read, expected, "{json}");
        }
    }
}
