//! Turns the survey's step into DOM inside the host element's shadow root: a `<dialog>`
//! card holding the step's questions, a status line and a close button. Each step's markup
//! is written as text (`html`) and set at once: a DOM call per element would weigh several
//! times more Wasm.

use js_sys::Array;
use pulse_core::nps::{Category, Scale};
use pulse_core::survey::{Placement, TextKey};
use pulse_core::validation::{USABILITY_MAX, USABILITY_MIN};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CssStyleSheet, Element, FocusOptions, HtmlDialogElement, HtmlElement, ShadowRootInit, ShadowRootMode,
};

use crate::config::Settings;
use crate::html::Html;
use crate::survey::Step;
use crate::texts::Texts;
use crate::theme;

/// Score labels, so that the widget carries no number formatting.
const NUMBERS: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/// The card on screen. The status line lives as long as the card, because screen readers
/// only announce changes to a live region that already exists.
pub struct View {
    texts: Texts,
    scale: Scale,
    card: HtmlDialogElement,
    step: Element,
    status: Element,
    close: HtmlElement,
    modal: bool,
    /// What had the focus when the survey came, to have it back when the survey goes.
    before: Option<Element>,
}

impl View {
    /// Puts the card into the host's open shadow root, replacing whatever an earlier mount
    /// left there. A modal card opens over the page, which it makes inert until closed.
    pub fn new(host: &Element, settings: &Settings, texts: Texts) -> Result<Self, JsValue> {
        let root = match host.shadow_root() {
            Some(root) => root,
            None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
        };
        // Constructed sheets, unlike <style> elements or style attributes, need no
        // 'unsafe-inline' in the page's Content-Security-Policy.
        let sheets = Array::new();
        for css in &[
            include_str!(concat!(env!("OUT_DIR"), "/style.css")),
            &theme::brand_css(&settings.theme.brand_color),
        ] {
            let sheet = CssStyleSheet::new()?;
            sheet.replace_sync(css)?;
            sheets.push(&sheet);
        }
        root.set_adopted_style_sheets(&sheets);

        let direction = if texts.language.is_right_to_left() { "rtl" } else { "ltr" };
        host.set_attribute("data-placement", settings.theme.placement.as_str())?;
        host.set_attribute("dir", direction)?;

        let mut html = Html::default();
        // style.css styles the classes named as pulse-core names the colour modes and shapes.
        html.raw("<dialog class=\"card ")
            .raw(settings.theme.mode.as_str())
            .raw(" ")
            .raw(settings.theme.shape.as_str())
            .raw("\" dir=")
            .raw(direction)
            .raw(" lang=")
            .raw(texts.language.as_str())
            .raw(" tabindex=-1 aria-label=\"")
            .text(&texts.get(TextKey::Survey))
            .raw("\"><div></div><p class=status role=status></p><button type=button name=close class=close aria-label=\"")
            .text(&texts.get(TextKey::Close))
            .raw("\">×</button></dialog>");
        root.set_inner_html(html.as_str());

        // The markup above has every one of these.
        const DRAWN: &str = "the card was not drawn";
        let card: HtmlDialogElement = root.first_element_child().ok_or(DRAWN)?.unchecked_into();
        let step = card.first_element_child().ok_or(DRAWN)?;
        let status = step.next_element_sibling().ok_or(DRAWN)?;
        let close = card.last_element_child().ok_or(DRAWN)?.unchecked_into();
        let modal = settings.theme.placement == Placement::Modal;
        let before = host.owner_document().and_then(|document| document.active_element());
        Ok(View { texts, scale: settings.scale, card, step, status, close, modal, before })
    }

    /// Opens the card once its first step is drawn. Modal, the rest of the page is inert
    /// until it closes, and the focus is on the card itself, which screen readers announce
    /// by its name: the survey may come while the visitor types in the page, and a space or
    /// Enter meant for the page must answer nothing (on the first score, where showModal
    /// puts it, a space chose that score). Tab goes on to the first question.
    pub fn open(&self) -> Result<(), JsValue> {
        if self.modal {
            self.card.show_modal()?;
            return self.card.focus();
        }
        // The open attribute rather than show(), which would take the focus from the page.
        self.card.set_open(true);
        Ok(())
    }

    /// Keeps Tab inside a modal card: from its last control to its first, and Shift+Tab
    /// back, from the first or from the card itself, which has the focus when it opens.
    /// Returns whether it moved the focus.
    pub fn wrap_focus(&self, from: &Element, backwards: bool) -> Result<bool, JsValue> {
        let close: &Element = &self.close;
        let first = self.step.query_selector("[tabindex='0'],textarea")?.unwrap_or_else(|| close.clone());
        let (edge, next) = if backwards { (&first, close) } else { (close, &first) };
        let at_edge = from == edge || (backwards && from == self.card.unchecked_ref::<Element>());
        if !self.modal || !at_edge {
            return Ok(false);
        }
        next.unchecked_ref::<HtmlElement>().focus()?;
        Ok(true)
    }

    /// The card, which hears every click and key press inside it.
    pub fn card(&self) -> &Element {
        &self.card
    }

    /// Draws `step`; `nps` is the score given, for the comment question. Focus follows the
    /// step for keyboard and screen reader users, except on the first one, which must not
    /// take it from the page.
    pub fn show(&self, step: Step, nps: u8, first: bool) -> Result<(), JsValue> {
        let mut html = Html::default();
        match step {
            Step::Recommend => {
                let scores = self.scale.min()..=self.scale.max();
                self.rating(
                    &mut html,
                    TextKey::Recommend,
                    scores,
                    TextKey::RecommendLow,
                    TextKey::RecommendHigh,
                );
            }
            Step::Usability => {
                let ratings = USABILITY_MIN..=USABILITY_MAX;
                self.rating(
                    &mut html,
                    TextKey::Usability,
                    ratings,
                    TextKey::UsabilityLow,
                    TextKey::UsabilityHigh,
                );
            }
            Step::Commitment => self.commitment(&mut html),
            Step::RepeatPurchase => {
                self.rating(
                    &mut html,
                    TextKey::RepeatPurchase,
                    0..=10,
                    TextKey::RepeatLow,
                    TextKey::RepeatHigh,
                );
            }
            Step::Comment => self.comment_box(&mut html, Category::of(nps)),
            Step::Thanks => self.status.set_text_content(Some(&self.texts.get(TextKey::Thanks))),
            Step::Closed => {
                // Only a modal dialog gives the focus back itself: the focus, which the close
                // button or Escape had inside the card, goes back where it was, not to the body.
                // Not if the visitor has put it elsewhere on the page meanwhile (it is still
                // the survey's inside the card, or on the body, which is in no `body *`), nor
                // to an element gone from the page. Any element that had the focus can take
                // it again, an SVG link too: the glue calls `focus` on it whatever its class.
                // `closest` is imported already: `matches` and `body` would weigh more.
                let active = self.card.owner_document().and_then(|document| document.active_element());
                let ours = self.card.closest(":focus-within").ok().flatten().is_some()
                    || active.and_then(|active| active.closest("body *").ok().flatten()).is_none();
                self.card.close();
                self.card.remove();
                // Without scrolling: the visitor may have read far down the page since (a
                // pop-up that comes on scrolling had the page jump back to the menu at its top).
                let before = self.before.as_ref().filter(|before| ours && before.is_connected());
                let Some(before) = before else { return Ok(()) };
                let options = FocusOptions::new();
                options.set_prevent_scroll(true);
                return before.unchecked_ref::<HtmlElement>().focus_with_options(&options);
            }
        }
        self.step.set_inner_html(html.as_str());
        if !first {
            match self.step.query_selector("[tabindex='0'],textarea")? {
                Some(target) => target.unchecked_into::<HtmlElement>().focus()?,
                None => self.close.focus()?,
            }
        }
        Ok(())
    }

    /// The text in the comment box.
    pub fn comment(&self) -> String {
        match self.step.query_selector("textarea") {
            Ok(Some(textarea)) => textarea.unchecked_into::<web_sys::HtmlTextAreaElement>().value(),
            _ => String::new(),
        }
    }

    /// The checked value of each radio group on screen, in order.
    pub fn checked(&self) -> [Option<u8>; 5] {
        let mut values = [None; 5];
        let groups = self.step.get_elements_by_class_name("scale");
        for (index, value) in (0..groups.length()).zip(values.iter_mut()) {
            let checked =
                groups.item(index).and_then(|group| group.query_selector("[aria-checked=true]").ok()?);
            *value = checked.as_ref().and_then(value_of);
        }
        values
    }

    /// One question answered on a scale: its text, the radio group, the end labels.
    fn rating(
        &self,
        html: &mut Html,
        question: TextKey,
        values: std::ops::RangeInclusive<u8>,
        low: TextKey,
        high: TextKey,
    ) {
        html.raw("<p id=q class=question>").text(&self.texts.get(question)).raw("</p>");
        radio_group(html, "q", values);
        self.ends(html, low, high);
    }

    /// The five commitment statements, each with its own 1–5 agreement scale, and Next.
    fn commitment(&self, html: &mut Html) {
        html.raw("<p class=question>").text(&self.texts.get(TextKey::Commitment)).raw("</p>");
        self.ends(html, TextKey::Disagree, TextKey::Agree);
        let statements = [
            TextKey::CommitmentAffective,
            TextKey::CommitmentNormative,
            TextKey::CommitmentEconomic,
            TextKey::CommitmentForced,
            TextKey::CommitmentHabitual,
        ];
        for (statement, id) in statements.iter().zip(&["c1", "c2", "c3", "c4", "c5"]) {
            html.raw("<p class=statement id=").raw(id).raw(">").text(&self.texts.get(*statement)).raw("</p>");
            radio_group(html, id, 1..=5);
        }
        html.raw("<button type=button name=next class=primary>")
            .text(&self.texts.get(TextKey::Next))
            .raw("</button>");
    }

    fn ends(&self, html: &mut Html, low: TextKey, high: TextKey) {
        html.raw("<div class=ends><span id=low>")
            .text(&self.texts.get(low))
            .raw("</span><span id=high>")
            .text(&self.texts.get(high))
            .raw("</span></div>");
    }

    fn comment_box(&self, html: &mut Html, category: Category) {
        let prompt = match category {
            Category::Detractor => TextKey::CommentDetractor,
            Category::Passive => TextKey::CommentPassive,
            Category::Promoter => TextKey::CommentPromoter,
        };
        // maxlength is pulse-core's COMMENT_MAX_CHARS (see the tests); it counts UTF-16
        // units, never fewer than the characters the server counts.
        html.raw("<label for=comment class=question>")
            .text(&self.texts.get(prompt))
            .raw("</label><textarea id=comment maxlength=2000 rows=3></textarea><button type=button name=send class=primary>")
            .text(&self.texts.get(TextKey::Send))
            .raw("</button>");
    }
}

/// Radio buttons for `values`, labelled by the element `label_id`. Only one is in the tab
/// order; the arrow keys move between them (see `mount`). The ends are described by the
/// end labels, so that a screen reader says "1, Not at all likely".
fn radio_group(html: &mut Html, label_id: &str, values: std::ops::RangeInclusive<u8>) {
    html.raw("<div role=radiogroup class=scale aria-labelledby=").raw(label_id).raw(">");
    let (first, last) = (*values.start(), *values.end());
    for value in values {
        let label = NUMBERS[usize::from(value)];
        html.raw("<button type=button role=radio aria-checked=false value=").raw(label);
        html.raw(match value {
            _ if value == first => " tabindex=0 aria-describedby=low>",
            _ if value == last => " tabindex=-1 aria-describedby=high>",
            _ => " tabindex=-1>",
        });
        html.raw(label).raw("</button>");
    }
    html.raw("</div>");
}

/// The value of a radio button: its label, one of `NUMBERS`, whose index it is (a search
/// there weighs less Wasm than parsing a number).
pub fn value_of(radio: &Element) -> Option<u8> {
    let label = radio.get_attribute("value")?;
    let index = NUMBERS.iter().position(|number| *number == label)?;
    u8::try_from(index).ok()
}

/// Checks `radio` in its group, unchecks the others, and makes it the group's one tab stop.
pub fn check(radio: &Element) -> Result<(), JsValue> {
    let Some(group) = radio.parent_element() else { return Ok(()) };
    let radios = group.children();
    for index in 0..radios.length() {
        if let Some(other) = radios.item(index) {
            let chosen = other == *radio;
            other.set_attribute("aria-checked", if chosen { "true" } else { "false" })?;
            other.set_attribute("tabindex", if chosen { "0" } else { "-1" })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_radio_groups_with_one_tab_stop_and_described_ends() {
        let mut html = Html::default();
        radio_group(&mut html, "q", 1..=3);
        assert_eq!(
            html.as_str(),
            "<div role=radiogroup class=scale aria-labelledby=q>\
             <button type=button role=radio aria-checked=false value=1 tabindex=0 aria-describedby=low>1</button>\
             <button type=button role=radio aria-checked=false value=2 tabindex=-1>2</button>\
             <button type=button role=radio aria-checked=false value=3 tabindex=-1 aria-describedby=high>3</button>\
             </div>"
        );
    }

    #[test]
    fn the_comment_limit_is_the_servers() {
        assert_eq!(pulse_core::validation::COMMENT_MAX_CHARS, 2000);
        assert!(NUMBERS.iter().enumerate().all(|(value, label)| *label == value.to_string()));
    }
}
