// source scripts/lib.sh; use_wasm_toolchain; CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p pulse-widget --target wasm32-unknown-unknown

//! The survey in headless Chromium, through its public entry point `mount(host, config)`:
//! what a visitor sees and can do with the mouse or the keyboard, and what it reports.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use pulse_core::api::ResponseSubmission;
use pulse_widget::mount;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    CustomEvent, Document, Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
    ShadowRoot,
};

wasm_bindgen_test_configure!(run_in_browser);

/// A survey on a fresh host element, with the DOM events it dispatched.
struct Survey {
    host: Element,
    events: Rc<RefCell<Vec<(String, JsValue)>>>,
}

impl Survey {
    /// Mounts the survey of this configuration JSON, as the loader does with the server's.
    fn mount(config: &str) -> Survey {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_with_node_1(&host).unwrap();
        let survey = Survey { host, events: Rc::default() };
        let events = Rc::clone(&survey.events);
        let record = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let detail = event.unchecked_ref::<CustomEvent>().detail();
            events.borrow_mut().push((event.type_(), detail));
        });
        for name in ["pulse:shown", "pulse:answered", "pulse:submitted", "pulse:dismissed"] {
            survey.host.add_event_listener_with_callback(name, record.as_ref().unchecked_ref()).unwrap();
        }
        record.forget();
        mount(survey.host.clone(), js_sys::JSON::parse(config).unwrap()).unwrap();
        survey
    }

    fn acme() -> Survey {
        Survey::mount(r#"{"id": "s1", "company": "Acme", "scale": "one_to_ten", "language": "en"}"#)
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

    /// Presses `key` on the focused element.
    fn key(&self, key: &str) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.focused().dispatch_event(&event).unwrap();
    }

    /// Enter on the focused control, which browsers turn into a click on a button.
    fn enter(&self) {
        self.focused().unchecked_into::<HtmlElement>().click();
    }

    fn event_names(&self) -> Vec<String> {
        self.events.borrow().iter().map(|(name, _)| name.clone()).collect()
    }

    /// The answers carried by the last `pulse:answered` or `pulse:submitted` event.
    fn last_answers(&self) -> ResponseSubmission {
        let events = self.events.borrow();
        let (_, detail) = events.iter().rev().find(|(name, _)| name != "pulse:dismissed").unwrap();
        serde_json::from_str(&String::from(js_sys::JSON::stringify(detail).unwrap())).unwrap()
    }
}

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn values(radios: &[Element]) -> Vec<String> {
    radios.iter().map(|radio| radio.get_attribute("value").unwrap()).collect()
}

fn checked(radios: &[Element]) -> Vec<String> {
    radios.iter().map(|radio| radio.get_attribute("aria-checked").unwrap()).collect()
}

#[wasm_bindgen_test]
fn the_first_question_is_a_radio_group_named_by_the_question() {
    let survey = Survey::acme();
    let radios = survey.all("[role=radiogroup] [role=radio]");
    assert_eq!(values(&radios), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    assert!(radios.iter().all(|radio| radio.get_attribute("type").as_deref() == Some("button")));
    let tab_stops: Vec<_> = radios.iter().map(|radio| radio.get_attribute("tabindex").unwrap()).collect();
    assert_eq!(tab_stops.iter().filter(|tabindex| *tabindex == "0").count(), 1, "one tab stop per group");

    let label = survey.one("[role=radiogroup]").get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        survey.text(&format!("#{label}")),
        "How likely are you to recommend Acme to a friend or colleague?"
    );
    assert_eq!(survey.text("#low"), "Not at all likely");
    assert_eq!(survey.text("#high"), "Extremely likely");
    assert_eq!(radios[0].get_attribute("aria-describedby").as_deref(), Some("low"));
    assert_eq!(radios[9].get_attribute("aria-describedby").as_deref(), Some("high"));
    assert_eq!(survey.one("dialog").get_attribute("aria-label").as_deref(), Some("Survey"));
    assert_eq!(survey.one("button[name=close]").get_attribute("aria-label").as_deref(), Some("Close survey"));
    assert!(
        survey.root().active_element().is_none(),
        "showing the survey must not take the focus from the page"
    );
    assert_eq!(survey.event_names(), ["pulse:shown"]);
}

#[wasm_bindgen_test]
fn zero_to_ten_shows_eleven_values() {
    let survey = Survey::mount(r#"{"id": "s1", "company": "Acme", "scale": "zero_to_ten"}"#);
    assert_eq!(values(&survey.all("[role=radio]"))[..2], ["0", "1"]);
    assert_eq!(survey.all("[role=radio]").len(), 11);
}

#[wasm_bindgen_test]
fn a_click_on_a_score_reports_it_at_once_and_asks_about_usability() {
    let survey = Survey::acme();
    survey.click("[value='7']");
    assert_eq!(survey.event_names(), ["pulse:shown", "pulse:answered"]);
    let answers = survey.last_answers();
    assert_eq!((answers.nps, answers.usability, answers.language.as_deref()), (7, None, Some("en")));
    let id = uuid::Uuid::parse_str(&answers.id).unwrap();
    assert_eq!(id.get_version_num(), 4);

    assert_eq!(survey.text("#q"), "How easy is it to use our website?");
    assert_eq!(values(&survey.all("[role=radio]")), ["1", "2", "3", "4", "5"]);
    assert_eq!(survey.text("#low"), "Very difficult");
    assert_eq!(survey.focused(), survey.one("[role=radio][value='1']"));
}

#[wasm_bindgen_test]
fn the_keyboard_alone_answers_every_question() {
    let survey = Survey::acme();
    survey.one("[role=radio][tabindex='0']").unchecked_into::<HtmlElement>().focus().unwrap();
    survey.key("ArrowRight");
    survey.key("ArrowRight");
    survey.key("ArrowLeft");
    let radios = survey.all("[role=radio]");
    assert_eq!(survey.focused(), radios[1]);
    assert_eq!(checked(&radios)[..3], ["false", "true", "false"]);
    assert_eq!(radios[1].get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(radios[0].get_attribute("tabindex").as_deref(), Some("-1"));
    survey.key("End");
    assert_eq!(survey.focused(), radios[9]);
    survey.key("ArrowRight");
    assert_eq!(survey.focused(), radios[0], "the arrows wrap around");
    survey.key("ArrowLeft");
    assert_eq!(survey.event_names(), ["pulse:shown"], "moving the choice is not answering");
    survey.enter();
    assert_eq!(survey.last_answers().nps, 10);

    survey.key("Home");
    survey.key("ArrowDown");
    survey.key("ArrowDown");
    survey.key("ArrowDown");
    survey.enter();
    assert_eq!(survey.last_answers().usability, Some(4));

    let comment = survey.one("textarea");
    assert_eq!(survey.focused(), comment);
    assert_eq!(comment.get_attribute("maxlength").as_deref(), Some("2000"));
    assert_eq!(survey.text("label[for=comment]"), "Great! What do you like most about us?");
    comment.unchecked_ref::<HtmlTextAreaElement>().set_value("Clear and fast");
    survey.one("button[name=send]").unchecked_into::<HtmlElement>().focus().unwrap();
    survey.enter();

    assert_eq!(survey.text("[role=status]"), "Thank you for your feedback!");
    assert!(survey.all("button[name=send]").is_empty());
    assert_eq!(survey.focused(), survey.one("button[name=close]"));
    assert_eq!(survey.event_names(), ["pulse:shown", "pulse:answered", "pulse:answered", "pulse:submitted"]);
    let answers = survey.last_answers();
    assert_eq!((answers.nps, answers.usability), (10, Some(4)));
    assert_eq!(answers.comment.as_deref(), Some("Clear and fast"));

    survey.enter();
    assert!(survey.all("dialog").is_empty(), "closing the thanks removes the card");
    assert_eq!(survey.event_names().last().unwrap(), "pulse:submitted", "and is no dismissal");
}

#[wasm_bindgen_test]
fn the_comment_question_follows_the_score() {
    for (score, question) in [
        ("3", "We're sorry to hear that. What could we do better?"),
        ("7", "What would make us a 10 for you?"),
        ("10", "Great! What do you like most about us?"),
    ] {
        let survey = Survey::acme();
        survey.click(&format!("[value='{score}']"));
        survey.click("[value='3']");
        assert_eq!(survey.text("label"), question);
        assert_eq!(survey.one("label").get_attribute("for").unwrap(), survey.one("textarea").id());
    }
}

#[wasm_bindgen_test]
fn escape_closes_the_survey_and_reports_a_dismissal() {
    let survey = Survey::acme();
    survey.click("[value='2']");
    survey.key("Escape");
    assert!(survey.all("dialog").is_empty());
    assert_eq!(survey.event_names(), ["pulse:shown", "pulse:answered", "pulse:dismissed"]);
}

#[wasm_bindgen_test]
fn the_modules_ask_about_commitment_and_repeat_purchases() {
    let survey = Survey::mount(
        r#"{"id": "s1", "company": "Acme", "modules": {"commitment": true, "repeat_purchase": true}}"#,
    );
    survey.click("[value='8']");
    survey.click("[value='4']");
    let groups = survey.all("[role=radiogroup]");
    assert_eq!(groups.len(), 5);
    for group in &groups {
        let label = group.get_attribute("aria-labelledby").unwrap();
        assert!(!survey.text(&format!("#{label}")).is_empty());
    }
    assert_eq!(
        survey.text(&format!("#{}", groups[0].get_attribute("aria-labelledby").unwrap())),
        "I feel good about this company."
    );
    survey.click("[aria-labelledby=c1] [value='5']");
    survey.click("[aria-labelledby=c3] [value='2']");
    survey.click("[aria-labelledby=c3] [value='1']");
    assert_eq!(survey.event_names().len(), 3, "agreeing is not yet answering");
    survey.click("button[name=next]");
    let answers = survey.last_answers();
    let commitment: Vec<_> = answers.commitment.values().copied().collect();
    assert_eq!(commitment, [5, 1]);

    assert_eq!(survey.text("#q"), "Of your last 10 purchases of this kind, how many were from us?");
    assert_eq!(values(&survey.all("[role=radio]")).len(), 11);
    survey.click("[value='0']");
    assert_eq!(survey.last_answers().repeat_purchases, Some(0));
    assert!(survey.all("textarea").len() == 1);
}

#[wasm_bindgen_test]
fn hebrew_is_laid_out_right_to_left_and_its_arrows_follow() {
    let survey = Survey::mount(r#"{"id": "s1", "company": "אקמה", "language": "he"}"#);
    let card = survey.one("dialog");
    assert_eq!(card.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(card.get_attribute("lang").as_deref(), Some("he"));
    assert_eq!(survey.host.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(survey.text("#q"), "עד כמה סביר שתמליצו על אקמה לחבר או לעמית?");
    survey.one("[role=radio][tabindex='0']").unchecked_into::<HtmlElement>().focus().unwrap();
    survey.key("ArrowLeft");
    assert_eq!(survey.focused().get_attribute("value").as_deref(), Some("2"), "left is forward in Hebrew");
}

#[wasm_bindgen_test]
fn the_page_language_applies_when_the_survey_sets_none_and_texts_can_be_overridden() {
    let html = document().document_element().unwrap();
    let before = html.get_attribute("lang");
    html.set_attribute("lang", "fr-BE").unwrap();
    let survey = Survey::mount(
        r#"{"id": "s1", "company": "Acme", "texts": {"fr": {"recommend_low": "Jamais chez {company}"}}}"#,
    );
    match before {
        Some(lang) => html.set_attribute("lang", &lang).unwrap(),
        None => html.remove_attribute("lang").unwrap(),
    }
    assert_eq!(survey.one("dialog").get_attribute("lang").as_deref(), Some("fr"));
    assert_eq!(survey.text("#low"), "Jamais chez Acme");
    assert_eq!(survey.text("#high"), "Très probable");
    survey.click("[value='9']");
    assert_eq!(survey.last_answers().language.as_deref(), Some("fr"));
}

#[wasm_bindgen_test]
fn the_theme_sets_the_placement_colours_and_shape() {
    let survey = Survey::mount(
        r##"{"id": "s1", "company": "Acme",
            "theme": {"brand_color": "#ffd500", "mode": "dark", "placement": "modal", "shape": "square"}}"##,
    );
    let card = survey.one("dialog");
    assert!(card.matches(":modal").unwrap(), "a modal survey is a modal dialog");
    assert_eq!(survey.focused(), card, "the modal takes the focus on itself, not on an answer");
    let first = survey.one("[role=radio][value='1']");
    first.unchecked_ref::<HtmlElement>().focus().unwrap();
    survey.key("Tab");
    assert_eq!(survey.focused(), first, "Tab on the first radio is the browser's to move");
    survey.one("button[name=close]").unchecked_into::<HtmlElement>().focus().unwrap();
    survey.key("Tab");
    assert_eq!(survey.focused(), first, "Tab from the last control goes round to the first");
    let back = KeyboardEventInit::new();
    back.set_key("Tab");
    back.set_shift_key(true);
    back.set_bubbles(true);
    for from in [&first, &card] {
        from.unchecked_ref::<HtmlElement>().focus().unwrap();
        from.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &back).unwrap())
            .unwrap();
        assert_eq!(
            survey.focused(),
            survey.one("button[name=close]"),
            "Shift+Tab from the {}",
            from.local_name()
        );
    }
    assert_eq!(card.class_name(), "card dark square");
    assert_eq!(survey.host.get_attribute("data-placement").as_deref(), Some("modal"));
    let style = web_sys::window().unwrap().get_computed_style(&card).unwrap().unwrap();
    assert_eq!(style.get_property_value("--brand").unwrap(), "#ffd500");
    assert_eq!(style.get_property_value("--on-brand").unwrap(), "#000", "dark text on yellow");
    survey.key("Escape");
    assert!(survey.all("dialog").is_empty());
}

#[wasm_bindgen_test]
fn markup_in_the_configuration_stays_text() {
    let survey = Survey::mount(r#"{"id": "s1", "company": "<img src=x onerror=alert(1)>"}"#);
    assert!(survey.all("img").is_empty());
    assert!(survey.text("#q").contains("<img src=x onerror=alert(1)>"));
}
