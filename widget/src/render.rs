//! Turns a survey's state into DOM inside the host element's shadow root.

use std::cell::Cell;

use js_sys::{Array, Function};
use pulse_core::api::SurveyConfig;
use pulse_core::nps::Category;
use pulse_core::validation::{COMMENT_MAX_CHARS, USABILITY_MAX, USABILITY_MIN};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CssStyleSheet, Document, Element, HtmlElement, HtmlTextAreaElement, ShadowRootInit, ShadowRootMode,
};

use crate::survey::{Step, Survey};
use crate::texts::Texts;

/// The survey card on screen. The status line lives as long as the card, because screen
/// readers only announce changes to a live region that already exists; the step's content
/// is rebuilt whenever the step changes.
pub struct View {
    config: SurveyConfig,
    texts: &'static Texts,
    document: Document,
    card: Element,
    step: Element,
    status: Element,
    close: Element,
    /// The step on screen, `None` before the first [`View::show`].
    shown: Cell<Option<Step>>,
}

impl View {
    /// Puts an empty card into the host's open shadow root, replacing whatever an earlier
    /// mount left there.
    pub fn new(host: &Element, config: SurveyConfig, texts: &'static Texts) -> Result<Self, JsValue> {
        let root = match host.shadow_root() {
            Some(root) => root,
            None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
        };
        // A constructed sheet, unlike a <style> element, needs no 'unsafe-inline' in the CSP.
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(include_str!("style.css"))?;
        root.set_adopted_style_sheets(&Array::of1(&sheet));

        let document = host.owner_document().ok_or("the host is not in a document")?;
        let card = element(&document, "div", &[("class", "card")], "")?;
        let step = element(&document, "div", &[], "")?;
        let status =
            element(&document, "p", &[("class", "status"), ("role", "status"), ("aria-live", "polite")], "")?;
        let close = element(
            &document,
            "button",
            &[("type", "button"), ("name", "close"), ("class", "close"), ("aria-label", texts.close)],
            "×",
        )?;
        card.append_with_node_3(&step, &status, &close)?;
        root.replace_children_with_node_1(&card);
        Ok(View { config, texts, document, card, step, status, close, shown: Cell::new(None) })
    }

    /// Listens to clicks on every button of the card; buttons say what they are by their
    /// `name` (`nps`, `usability`, `send` or `close`) and `value`.
    pub fn on_click(&self, listener: &Function) -> Result<(), JsValue> {
        self.card.add_event_listener_with_callback("click", listener)
    }

    /// What the visitor typed in the comment box.
    pub fn comment(&self) -> String {
        match self.step.query_selector("textarea") {
            Ok(Some(textarea)) => textarea.unchecked_into::<HtmlTextAreaElement>().value(),
            _ => String::new(),
        }
    }

    pub fn show(&self, survey: &Survey) -> Result<(), JsValue> {
        let step = survey.step();
        let (status, class) = match (survey.failed(), step) {
            (true, _) => (self.texts.send_failed, "status error"),
            (false, Step::Thanks) => (self.texts.thanks, "status"),
            _ => ("", "status"),
        };
        self.status.set_text_content(Some(status));
        self.status.set_class_name(class);

        let previous = self.shown.replace(Some(step));
        if previous == Some(step) {
            return Ok(());
        }
        let texts = self.texts;
        let content = match step {
            Step::Recommend => self.rating(
                "nps",
                &(texts.recommend)(&self.config.company),
                self.config.scale.scores(),
                texts.recommend_low,
                texts.recommend_high,
            )?,
            Step::Usability => self.rating(
                "usability",
                texts.usability,
                USABILITY_MIN..=USABILITY_MAX,
                texts.usability_low,
                texts.usability_high,
            )?,
            Step::Comment => self.comment_box(Category::of(survey.nps().unwrap_or_default()))?,
            Step::Thanks => Array::new(),
            Step::Dismissed => {
                self.card.remove();
                return Ok(());
            }
        };
        self.step.replace_children_with_node(&content);
        // Focus follows the step for keyboard and screen reader users, but the first
        // render must not steal focus from the page.
        if previous.is_some() {
            let first = self.step.query_selector("button, textarea")?;
            first.unwrap_or_else(|| self.close.clone()).unchecked_into::<HtmlElement>().focus()?;
        }
        Ok(())
    }

    /// A question answered by one button per value, between two end labels.
    fn rating(
        &self,
        name: &str,
        question: &str,
        values: impl Iterator<Item = u8>,
        low: &str,
        high: &str,
    ) -> Result<Array, JsValue> {
        let document = &self.document;
        let question = element(document, "p", &[("id", "question"), ("class", "question")], question)?;
        let group = element(
            document,
            "div",
            &[("role", "group"), ("aria-labelledby", "question"), ("class", "scale")],
            "",
        )?;
        for value in values {
            let value = value.to_string();
            let button = element(
                document,
                "button",
                &[("type", "button"), ("name", name), ("value", &value)],
                &value,
            )?;
            group.append_with_node_1(&button)?;
        }
        // So that a screen reader says "1, Not at all likely" on the first button.
        if let (Some(first), Some(last)) = (group.first_element_child(), group.last_element_child()) {
            first.set_attribute("aria-describedby", "low")?;
            last.set_attribute("aria-describedby", "high")?;
        }
        let ends = element(document, "div", &[("class", "ends")], "")?;
        let low = element(document, "span", &[("id", "low")], low)?;
        let high = element(document, "span", &[("id", "high")], high)?;
        ends.append_with_node_2(&low, &high)?;
        Ok(Array::of3(&question, &group, &ends))
    }

    fn comment_box(&self, category: Category) -> Result<Array, JsValue> {
        let document = &self.document;
        let label = element(
            document,
            "label",
            &[("for", "comment"), ("class", "question")],
            self.texts.comment(category),
        )?;
        // maxlength counts UTF-16 units, never fewer than the characters the server counts.
        let textarea = element(
            document,
            "textarea",
            &[("id", "comment"), ("maxlength", &COMMENT_MAX_CHARS.to_string()), ("rows", "4")],
            "",
        )?;
        let send = element(
            document,
            "button",
            &[("type", "button"), ("name", "send"), ("class", "send")],
            self.texts.send,
        )?;
        Ok(Array::of3(&label, &textarea, &send))
    }
}

fn element(
    document: &Document,
    tag: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    for (name, value) in attributes {
        element.set_attribute(name, value)?;
    }
    element.set_text_content(Some(text));
    Ok(element)
}
