//! Wires one survey to its view: clicks and keys become survey events, and the survey's
//! outcomes become DOM events for the page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, KeyboardEvent};

use crate::config::Settings;
use crate::events;
use crate::id::new_response_id;
use crate::render::{self, View};
use crate::survey::{Event, Outcome, Step, Survey};
use crate::texts::{self, Texts};

struct Widget {
    host: Element,
    /// Right to left: the arrow keys swap sides.
    rtl: bool,
    survey: RefCell<Survey>,
    view: View,
}

/// Shows the survey of `settings` inside `host`: see the crate's `mount`.
pub fn mount(host: &Element, settings: &Settings) -> Result<(), JsValue> {
    // The host's window rather than web_sys::window(), which costs a search for the global.
    let document = host.owner_document().ok_or("the host is not in a document")?;
    let window = document.default_view().ok_or("the document has no window")?;
    let page_language = document.document_element().and_then(|root| root.get_attribute("lang"));
    let browser_language = window.navigator().language();
    let language = texts::choose(settings.language, [page_language.as_deref(), browser_language.as_deref()]);
    let texts = Texts::new(language, settings.overrides(language), settings.company.clone());
    let widget = Rc::new(Widget {
        host: host.clone(),
        rtl: language.is_right_to_left(),
        survey: RefCell::new(Survey::new(new_response_id(&window)?, language, settings.modules)),
        view: View::new(host, settings, texts)?,
    });
    widget.view.show(Step::Recommend, 0, true)?;
    widget.view.open()?;

    let handled = Rc::clone(&widget);
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        // Nobody could act on a failed DOM update; the survey goes on with what is shown.
        let _ = handled.on(&event);
    });
    let card = widget.view.card();
    for kind in &["click", "keydown"] {
        card.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())?;
    }
    // A survey lives as long as its card: the listener, and the widget it holds, are kept.
    listener.forget();

    let detail = js_sys::Object::new();
    js_sys::Reflect::set(&detail, &"language".into(), &language.as_str().into())?;
    events::dispatch(host, "pulse:shown", &detail)
}

impl Widget {
    fn on(&self, event: &web_sys::Event) -> Result<(), JsValue> {
        let Some(target) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else {
            return Ok(());
        };
        let step = self.survey.borrow().step();
        if let Some(key) = event.dyn_ref::<KeyboardEvent>() {
            return self.on_key(key, &target);
        }
        let Some(button) = target.closest("button")? else { return Ok(()) };
        let value = || render::value_of(&button);
        let survey_event =
            match (button.get_attribute("role").as_deref(), button.get_attribute("name").as_deref()) {
                (Some("radio"), _) => {
                    render::check(&button)?;
                    match (step, value()) {
                        (Step::Recommend, Some(score)) => Some(Event::Score(score)),
                        (Step::Usability, Some(rating)) => Some(Event::Usability(rating)),
                        (Step::RepeatPurchase, Some(count)) => Some(Event::RepeatPurchases(count)),
                        // Five statements on one step: Next takes them all.
                        _ => None,
                    }
                }
                (_, Some("next")) => Some(Event::Commitment(self.view.checked())),
                (_, Some("send")) => Some(Event::Comment(self.view.comment())),
                (_, Some("close")) => Some(Event::Close),
                _ => None,
            };
        match survey_event {
            Some(survey_event) => self.handle(survey_event),
            None => Ok(()),
        }
    }

    /// Escape closes; Tab goes round a modal card; in a radio group the arrow keys, Home
    /// and End move the choice, as in the WAI-ARIA radio group pattern (Enter or Space then
    /// answers with it, as a click).
    fn on_key(&self, event: &KeyboardEvent, target: &Element) -> Result<(), JsValue> {
        let key = &event.key();
        if key == "Escape" {
            event.prevent_default();
            return self.handle(Event::Close);
        }
        if key == "Tab" {
            if self.view.wrap_focus(target, event.shift_key())? {
                event.prevent_default();
            }
            return Ok(());
        }
        if target.get_attribute("role").as_deref() != Some("radio") {
            return Ok(());
        }
        let rtl = self.rtl;
        let forward = match key.as_str() {
            "ArrowDown" => true,
            "ArrowUp" => false,
            "ArrowRight" => !rtl,
            "ArrowLeft" => rtl,
            "Home" | "End" => key == "End",
            _ => return Ok(()),
        };
        event.prevent_default();
        let group = target.parent_element().ok_or("a radio outside its group")?;
        let next = match (key.as_str(), forward) {
            ("Home", _) => group.first_element_child(),
            ("End", _) => group.last_element_child(),
            (_, true) => target.next_element_sibling().or_else(|| group.first_element_child()),
            (_, false) => target.previous_element_sibling().or_else(|| group.last_element_child()),
        };
        let Some(next) = next else { return Ok(()) };
        render::check(&next)?;
        next.unchecked_into::<HtmlElement>().focus()
    }

    fn handle(&self, event: Event) -> Result<(), JsValue> {
        let before = self.survey.borrow().step();
        let outcome = self.survey.borrow_mut().handle(event);
        let (step, nps) = {
            let survey = self.survey.borrow();
            (survey.step(), survey.nps())
        };
        if step != before {
            self.view.show(step, nps, false)?;
        }
        let answers = || events::to_js(self.survey.borrow().answers());
        let (name, detail) = match outcome {
            None => return Ok(()),
            Some(Outcome::Answered) => ("pulse:answered", answers()),
            Some(Outcome::Submitted) => ("pulse:submitted", answers()),
            Some(Outcome::Dismissed) => ("pulse:dismissed", JsValue::NULL),
        };
        events::dispatch(&self.host, name, &detail)
    }
}
