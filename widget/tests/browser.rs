// source scripts/lib.sh; use_wasm_toolchain; CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p pulse-widget --target wasm32-unknown-unknown

//! The survey in headless Chromium: what a visitor sees and can do, and what is sent.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use pulse_core::api::{ResponseSubmission, SurveyConfig};
use pulse_core::nps::Scale;
use pulse_widget::mount_survey_with;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Element, HtmlElement, HtmlTextAreaElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const THANKS: &str = "Thank you for your feedback!";
const SEND_FAILED: &str = "We couldn't send your answer. Please check your connection and try again.";

/// A survey on a fresh host element, sending to a recorder that fails while `offline` is set.
struct Survey {
    host: Element,
    sent: Rc<RefCell<Vec<ResponseSubmission>>>,
    offline: Rc<Cell<bool>>,
}

impl Survey {
    fn mount(scale: Scale) -> Survey {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_with_node_1(&host).unwrap();
        let survey = Survey { host, sent: Rc::default(), offline: Rc::default() };
        let config = SurveyConfig { id: "s1".into(), company: "Acme".into(), scale, ..Default::default() };
        let (sent, offline) = (Rc::clone(&survey.sent), Rc::clone(&survey.offline));
        mount_survey_with(&survey.host, config, move |submission| {
            sent.borrow_mut().push(submission);
            let outcome = match offline.get() {
                true => Err(JsValue::from_str("offline")),
                false => Ok(()),
            };
            async move { outcome }
        })
        .unwrap();
        survey
    }

    fn root(&self) -> ShadowRoot {
        self.host.shadow_root().expect("an open shadow root")
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let nodes = self.root().query_selector_all(selector).unwrap();
        (0..nodes.length()).map(|index| nodes.item(index).unwrap().unchecked_into()).collect()
    }

    fn one(&self, selector: &str) -> Element {
        let found = self.root().query_selector(selector).unwrap();
        found.unwrap_or_else(|| panic!("no {selector} in the survey"))
    }

    fn text(&self, selector: &str) -> String {
        self.one(selector).text_content().unwrap_or_default()
    }

    fn focused(&self) -> Element {
        self.root().active_element().expect("focus inside the survey")
    }

    fn click(&self, selector: &str) {
        self.one(selector).unchecked_into::<HtmlElement>().click();
    }

    /// Focuses a control and activates it the way Enter does on a focused button.
    fn press(&self, selector: &str) {
        self.one(selector).unchecked_into::<HtmlElement>().focus().unwrap();
        self.focused().unchecked_into::<HtmlElement>().click();
    }

    fn sent(&self) -> Vec<ResponseSubmission> {
        self.sent.borrow().clone()
    }
}

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets the pending sends finish and the survey take in their outcomes.
async fn settle() {
    let timeout = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
    });
    JsFuture::from(timeout).await.unwrap();
}

fn values(buttons: &[Element]) -> Vec<String> {
    buttons.iter().map(|button| button.get_attribute("value").unwrap()).collect()
}

#[wasm_bindgen_test]
fn one_to_ten_shows_ten_buttons_in_a_group_named_by_the_question() {
    let survey = Survey::mount(Scale::OneToTen);
    let buttons = survey.all("[role=group] button[name=nps]");
    assert_eq!(values(&buttons), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    assert!(buttons.iter().all(|b| b.get_attribute("type").as_deref() == Some("button")));

    let label = survey.one("[role=group]").get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        survey.text(&format!("#{label}")),
        "How likely are you to recommend Acme to a friend or colleague?"
    );
    assert_eq!(survey.text("#low"), "Not at all likely");
    assert_eq!(survey.text("#high"), "Extremely likely");
    assert_eq!(survey.one("[role=status]").get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(
        survey.root().active_element().is_none(),
        "showing the survey must not take the focus from the page"
    );
}

#[wasm_bindgen_test]
fn zero_to_ten_shows_eleven_buttons() {
    let survey = Survey::mount(Scale::ZeroToTen);
    let buttons = survey.all("button[name=nps]");
    assert_eq!(buttons.len(), 11);
    assert_eq!(values(&buttons)[0], "0");
}

#[wasm_bindgen_test]
async fn choosing_a_score_sends_it_and_asks_about_usability() {
    let survey = Survey::mount(Scale::OneToTen);
    survey.click("button[value='7']");
    settle().await;

    let sent = survey.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].nps, sent[0].usability), (7, None));
    assert_eq!(survey.text("#question"), "How easy is it to use our website?");
    assert_eq!(values(&survey.all("button[name=usability]")), ["1", "2", "3", "4", "5"]);
    assert_eq!(survey.text("#low"), "Very difficult");
    assert_eq!(survey.text("#high"), "Very easy");
    assert_eq!(survey.focused(), survey.one("button[name=usability][value='1']"));
}

#[wasm_bindgen_test]
async fn a_keyboard_user_reaches_thanks_and_every_post_carries_all_answers() {
    let survey = Survey::mount(Scale::OneToTen);
    survey.press("button[value='9']");
    settle().await;
    survey.press("button[value='4']");
    settle().await;

    let comment = survey.one("textarea");
    assert_eq!(survey.focused(), comment);
    assert_eq!(comment.get_attribute("maxlength").as_deref(), Some("2000"));
    comment.unchecked_ref::<HtmlTextAreaElement>().set_value("Clear and fast");
    survey.press("button[name=send]");
    assert_eq!(survey.text("[role=status]"), "", "no thanks before it is stored");
    settle().await;

    assert_eq!(survey.text("[role=status]"), THANKS);
    assert!(survey.all("button[name=send]").is_empty());
    assert_eq!(survey.focused(), survey.one("button[name=close]"));

    let sent = survey.sent();
    assert_eq!(sent.len(), 3);
    let id = uuid::Uuid::parse_str(&sent[0].id).unwrap();
    assert_eq!(id.get_version_num(), 4);
    assert!(sent.iter().all(|submission| submission.id == sent[0].id));
    assert_eq!(
        sent[2],
        ResponseSubmission {
            id: sent[0].id.clone(),
            nps: 9,
            usability: Some(4),
            comment: Some("Clear and fast".into()),
        }
    );
}

#[wasm_bindgen_test]
async fn the_comment_question_follows_the_score() {
    for (score, question) in [
        ("3", "We're sorry to hear that. What could we do better?"),
        ("7", "What would make us a 10 for you?"),
        ("10", "Great! What do you like most about us?"),
    ] {
        let survey = Survey::mount(Scale::OneToTen);
        survey.click(&format!("button[value='{score}']"));
        survey.click("button[value='3']");
        settle().await;
        let label = survey.one("label");
        assert_eq!(label.text_content().unwrap(), question);
        assert_eq!(label.get_attribute("for").unwrap(), survey.one("textarea").id());
    }
}

#[wasm_bindgen_test]
async fn a_failed_final_send_says_so_and_can_be_retried() {
    let survey = Survey::mount(Scale::OneToTen);
    survey.click("button[value='2']");
    survey.click("button[value='1']");
    settle().await;
    survey.one("textarea").unchecked_ref::<HtmlTextAreaElement>().set_value("Too slow");

    survey.offline.set(true);
    survey.click("button[name=send]");
    settle().await;
    assert_eq!(survey.text("[role=status]"), SEND_FAILED);
    assert_eq!(
        survey.one("textarea").unchecked_into::<HtmlTextAreaElement>().value(),
        "Too slow",
        "the comment is kept for the retry"
    );

    survey.offline.set(false);
    survey.click("button[name=send]");
    settle().await;
    assert_eq!(survey.text("[role=status]"), THANKS);
    let sent = survey.sent();
    assert_eq!(sent.len(), 4, "the score, the usability, the comment twice");
    assert_eq!(sent[2], sent[3]);
    assert_eq!(sent[3].comment.as_deref(), Some("Too slow"));
}

#[wasm_bindgen_test]
async fn failed_intermediate_sends_are_silent() {
    let survey = Survey::mount(Scale::OneToTen);
    survey.offline.set(true);
    survey.click("button[value='8']");
    settle().await;
    assert_eq!(survey.text("[role=status]"), "");
    assert_eq!(survey.all("button[name=usability]").len(), 5);
}

#[wasm_bindgen_test]
async fn the_close_button_removes_the_survey() {
    let survey = Survey::mount(Scale::OneToTen);
    let close = survey.one("button[name=close]");
    assert_eq!(close.get_attribute("aria-label").as_deref(), Some("Close survey"));
    survey.click("button[value='10']");
    settle().await;
    survey.click("button[name=close]");
    assert_eq!(survey.root().child_element_count(), 0);
    assert_eq!(survey.sent().len(), 1);
}

#[wasm_bindgen_test]
fn mounting_again_replaces_the_survey() {
    let survey = Survey::mount(Scale::OneToTen);
    let config = SurveyConfig {
        id: "s2".into(),
        company: "Acme".into(),
        scale: Scale::ZeroToTen,
        ..Default::default()
    };
    mount_survey_with(&survey.host, config, |_| async { Ok(()) }).unwrap();
    assert_eq!(survey.root().child_element_count(), 1);
    assert_eq!(survey.all("button[name=nps]").len(), 11);
}

/// Adds page CSS that would break a survey it could reach, for the length of one test.
struct HostileCss(Element);

impl HostileCss {
    fn add() -> HostileCss {
        let style = document().create_element("style").unwrap();
        style.set_text_content(Some(
            "button { display: none !important }
             div { color: rgb(255, 0, 0) !important; letter-spacing: 9px !important;
                   position: relative !important; padding: 30px !important }",
        ));
        document().head().unwrap().append_with_node_1(&style).unwrap();
        HostileCss(style)
    }
}

impl Drop for HostileCss {
    fn drop(&mut self) {
        self.0.remove();
    }
}

fn computed(element: &Element, property: &str) -> String {
    let window = web_sys::window().unwrap();
    let style = window.get_computed_style(element).unwrap().unwrap();
    style.get_property_value(property).unwrap()
}

#[wasm_bindgen_test]
fn the_host_pages_css_does_not_reach_the_survey() {
    let _css = HostileCss::add();
    let survey = Survey::mount(Scale::OneToTen);

    let button = survey.one("button[value='5']");
    assert_ne!(computed(&button, "display"), "none");
    assert!(button.get_bounding_client_rect().height() >= 44.0);
    let question = survey.one("#question");
    assert_ne!(computed(&question, "color"), "rgb(255, 0, 0)");
    assert_eq!(computed(&question, "letter-spacing"), "normal");
}

#[wasm_bindgen_test]
fn the_corner_placement_needs_no_css_from_the_page() {
    let _css = HostileCss::add();
    let survey = Survey::mount(Scale::OneToTen);
    survey.host.set_attribute("data-placement", "corner").unwrap();

    assert_eq!(computed(&survey.host, "position"), "fixed");
    assert_eq!(computed(&survey.host, "padding-top"), "0px");
    let window = web_sys::window().unwrap();
    let bottom = window.inner_height().unwrap().as_f64().unwrap();
    let gap = bottom - survey.host.get_bounding_client_rect().bottom();
    assert!((0.0..=16.0).contains(&gap), "{gap} px above the bottom");
}
