//! Wires one survey to its view and its sender: clicks become events, events become posts.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use pulse_core::api::{ResponseSubmission, SurveyConfig};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use crate::api;
use crate::render::View;
use crate::survey::{Event, Survey};
use crate::texts;

type Sending = Pin<Box<dyn Future<Output = Result<(), JsValue>>>>;

struct Widget {
    survey: RefCell<Survey>,
    view: View,
    send: Box<dyn Fn(ResponseSubmission) -> Sending>,
}

/// Shows the survey inside `host` and posts the answers to the Pulse server at `server`
/// (a base URL; empty for the page's own origin). Mounting again on the same host replaces
/// the survey shown there.
pub fn mount_survey(host: &Element, config: SurveyConfig, server: String) -> Result<(), JsValue> {
    let survey_id = config.id.clone();
    mount_survey_with(host, config, move |submission| {
        let (server, survey_id) = (server.clone(), survey_id.clone());
        async move { api::post_response(&server, &survey_id, &submission).await }
    })
}

/// [`mount_survey`] with another way to deliver the answers, e.g. a preview that stores
/// nothing, or a test that records them.
pub fn mount_survey_with<F, Fut>(host: &Element, config: SurveyConfig, send: F) -> Result<(), JsValue>
where
    F: Fn(ResponseSubmission) -> Fut + 'static,
    Fut: Future<Output = Result<(), JsValue>> + 'static,
{
    let widget = Rc::new(Widget {
        survey: RefCell::new(Survey::new(new_response_id()?)),
        view: View::new(host, config, &texts::ENGLISH)?,
        send: Box::new(move |submission| Box::pin(send(submission))),
    });
    widget.view.show(&widget.survey.borrow())?;

    let clicked = Rc::clone(&widget);
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(button) = event
            .target()
            .and_then(|target| target.unchecked_into::<Element>().closest("button").ok().flatten())
        else {
            return;
        };
        let value = || button.get_attribute("value").and_then(|value| value.parse().ok());
        let event = match button.get_attribute("name").as_deref() {
            Some("nps") => value().map(Event::Score),
            Some("usability") => value().map(Event::Usability),
            Some("send") => Some(Event::Comment(clicked.view.comment())),
            Some("close") => Some(Event::Dismiss),
            _ => None,
        };
        if let Some(event) = event {
            clicked.dispatch(event);
        }
    });
    widget.view.on_click(on_click.as_ref().unchecked_ref())?;
    // A survey lives as long as the page: the listener, and the widget it holds, are kept.
    on_click.forget();
    Ok(())
}

impl Widget {
    fn dispatch(self: &Rc<Self>, event: Event) {
        let post = self.survey.borrow_mut().handle(event);
        // Nobody could act on a failed DOM update; the survey goes on with what is shown.
        let _ = self.view.show(&self.survey.borrow());
        if let Some(submission) = post {
            let sending = (self.send)(submission);
            let widget = Rc::clone(self);
            spawn_local(async move {
                let outcome = match sending.await {
                    Ok(()) => Event::SendSucceeded,
                    Err(_) => Event::SendFailed,
                };
                widget.dispatch(outcome);
            });
        }
    }
}

/// A random (version 4) UUID for the response, from the browser's cryptographic generator.
fn new_response_id() -> Result<String, JsValue> {
    let mut bytes = [0; 16];
    let window = web_sys::window().ok_or("no window")?;
    window.crypto()?.get_random_values_with_u8_array(&mut bytes)?;
    Ok(uuid::Builder::from_random_bytes(bytes).into_uuid().to_string())
}
