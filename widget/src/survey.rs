//! The survey as a pure state machine: which step the visitor is on, what they answered so
//! far, and what to tell the page. No browser in here, so it is tested natively.

use pulse_core::survey::{Language, Modules};
use pulse_core::validation::is_comment_character;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Recommend,
    Usability,
    /// The five commitment statements, when the survey has that module.
    Commitment,
    /// Repeat purchases out of the last ten, when the survey has that module.
    RepeatPurchase,
    Comment,
    Thanks,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Score(u8),
    Usability(u8),
    /// Agreement from 1 to 5 with each statement of `Commitment::ALL`, `None` if skipped.
    Commitment([Option<u8>; 5]),
    RepeatPurchases(u8),
    /// The visitor pressed Send with this text in the comment box.
    Comment(String),
    /// The close button or Escape.
    Close,
}

/// One visitor's answers so far: what `pulse_core::api::ResponseSubmission` carries, kept
/// in plain fields because its maps would cost the Wasm a sorting and a tree library.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers {
    /// Made in the browser: every post repeats it, so the server keeps one answer.
    pub id: String,
    pub language: Language,
    pub nps: u8,
    pub usability: Option<u8>,
    /// In the order of `Commitment::ALL`.
    pub commitment: [Option<u8>; 5],
    pub repeat_purchases: Option<u8>,
    pub comment: Option<String>,
}

/// What the page must hear about; the loader posts answers and keeps the visitor's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// [`Survey::answers`] changed, to post now: the server keeps the latest post per
    /// response id, so a visitor who leaves after the first question still counts.
    Answered,
    /// The answers are final, comment included.
    Submitted,
    /// Closed before the end.
    Dismissed,
}

#[derive(Clone, Debug)]
pub struct Survey {
    answers: Answers,
    modules: Modules,
    step: Step,
}

impl Survey {
    /// A survey whose answers carry response id `id` and the `language` it is shown in.
    pub fn new(id: String, language: Language, modules: Modules) -> Self {
        Survey { answers: Answers { id, language, ..Default::default() }, modules, step: Step::Recommend }
    }

    pub fn step(&self) -> Step {
        self.step
    }

    pub fn nps(&self) -> u8 {
        self.answers.nps
    }

    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// Applies what the visitor did. Events that do not fit the current step (a click on a
    /// step that was already left, say) change nothing.
    pub fn handle(&mut self, event: Event) -> Option<Outcome> {
        let answers = &mut self.answers;
        match (self.step, event) {
            (Step::Recommend, Event::Score(score)) => answers.nps = score,
            (Step::Usability, Event::Usability(rating)) => answers.usability = Some(rating),
            (Step::Commitment, Event::Commitment(agreements)) => answers.commitment = agreements,
            (Step::RepeatPurchase, Event::RepeatPurchases(count)) => answers.repeat_purchases = Some(count),
            (Step::Comment, Event::Comment(text)) => {
                // The server refuses a comment that holds a control character (a form feed
                // pasted from a PDF), and the visitor, thanked, would never know: each
                // becomes a space.
                let text = text.replace(|c| !is_comment_character(c), " ");
                answers.comment = Some(text).filter(|text| !text.chars().all(char::is_whitespace));
                self.step = Step::Thanks;
                return Some(Outcome::Submitted);
            }
            (Step::Thanks, Event::Close) => {
                self.step = Step::Closed;
                return None;
            }
            (Step::Closed, _) => return None,
            (_, Event::Close) => {
                self.step = Step::Closed;
                return Some(Outcome::Dismissed);
            }
            _ => return None,
        }
        self.step = self.next_step();
        Some(Outcome::Answered)
    }

    fn next_step(&self) -> Step {
        let after_usability = match (self.modules.commitment, self.modules.repeat_purchase) {
            (true, _) => Step::Commitment,
            (false, true) => Step::RepeatPurchase,
            (false, false) => Step::Comment,
        };
        match self.step {
            Step::Recommend => Step::Usability,
            Step::Usability => after_usability,
            Step::Commitment if self.modules.repeat_purchase => Step::RepeatPurchase,
            _ => Step::Comment,
        }
    }
}

#[cfg(test)]
mod tests {
    use pulse_core::api::ResponseSubmission;
    use pulse_core::nps::Scale;
    use pulse_core::validation::validate;

    use super::*;

    const ID: &str = "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13";

    fn survey(commitment: bool, repeat_purchase: bool) -> Survey {
        Survey::new(ID.into(), Language::French, Modules { commitment, repeat_purchase })
    }

    /// The answers after an event that answered a question.
    fn answer(survey: &mut Survey, event: Event) -> Answers {
        assert_eq!(survey.handle(event), Some(Outcome::Answered));
        survey.answers().clone()
    }

    #[test]
    fn each_answer_is_posted_at_once_with_all_the_answers_before_it() {
        let mut survey = survey(false, false);
        assert_eq!(survey.step(), Step::Recommend);
        let first = answer(&mut survey, Event::Score(0));
        assert_eq!((first.id.as_str(), first.nps, first.usability), (ID, 0, None));
        assert_eq!(first.language, Language::French);
        assert_eq!(survey.step(), Step::Usability);

        let second = answer(&mut survey, Event::Usability(4));
        assert_eq!((second.nps, second.usability), (0, Some(4)));
        assert_eq!(survey.step(), Step::Comment);

        assert_eq!(survey.handle(Event::Comment("  Faster checkout ".into())), Some(Outcome::Submitted));
        let expected = Answers { comment: Some("  Faster checkout ".into()), ..second };
        assert_eq!(survey.answers(), &expected);
        assert_eq!(survey.step(), Step::Thanks);
    }

    #[test]
    fn a_blank_comment_is_no_comment() {
        let mut survey = survey(false, false);
        survey.handle(Event::Score(9));
        survey.handle(Event::Usability(5));
        assert_eq!(survey.handle(Event::Comment(" \n ".into())), Some(Outcome::Submitted));
        assert_eq!(survey.answers().comment, None);
    }

    #[test]
    fn control_characters_pasted_in_a_comment_become_spaces_the_server_takes() {
        let mut survey = survey(false, false);
        survey.handle(Event::Score(4));
        survey.handle(Event::Usability(2));
        survey.handle(Event::Comment("Crashed twice.\u{c}Notes, page 2:\tlate\r\nagain\u{85}".into()));
        let comment = survey.answers().comment.clone();
        assert_eq!(comment.as_deref(), Some("Crashed twice. Notes, page 2:\tlate\r\nagain "));
        let submission = ResponseSubmission { id: ID.into(), nps: 4, comment, ..Default::default() };
        assert!(validate(&submission, Scale::ZeroToTen).is_ok());
    }

    #[test]
    fn the_modules_come_between_usability_and_the_comment() {
        let mut survey = survey(true, true);
        survey.handle(Event::Score(8));
        survey.handle(Event::Usability(3));
        assert_eq!(survey.step(), Step::Commitment);
        let agreements = [Some(5), None, Some(1), None, Some(3)];
        assert_eq!(answer(&mut survey, Event::Commitment(agreements)).commitment, agreements);
        assert_eq!(survey.step(), Step::RepeatPurchase);
        assert_eq!(answer(&mut survey, Event::RepeatPurchases(0)).repeat_purchases, Some(0));
        assert_eq!(survey.step(), Step::Comment);
    }

    #[test]
    fn each_module_alone_is_asked() {
        let mut only_commitment = survey(true, false);
        only_commitment.handle(Event::Score(8));
        only_commitment.handle(Event::Usability(3));
        only_commitment.handle(Event::Commitment([None; 5]));
        assert_eq!(only_commitment.step(), Step::Comment);

        let mut only_repeat = survey(false, true);
        only_repeat.handle(Event::Score(8));
        only_repeat.handle(Event::Usability(3));
        assert_eq!(only_repeat.step(), Step::RepeatPurchase);
    }

    #[test]
    fn events_for_another_step_change_nothing() {
        let mut survey = survey(false, false);
        assert_eq!(survey.handle(Event::Usability(3)), None);
        assert_eq!(survey.handle(Event::Comment("early".into())), None);
        survey.handle(Event::Score(7));
        assert_eq!(survey.handle(Event::Score(2)), None, "a second click on the first scale");
        assert_eq!(survey.nps(), 7);
    }

    #[test]
    fn closing_before_the_end_is_a_dismissal_and_ends_the_survey() {
        let mut survey = survey(false, false);
        survey.handle(Event::Score(3));
        assert_eq!(survey.handle(Event::Close), Some(Outcome::Dismissed));
        assert_eq!(survey.step(), Step::Closed);
        assert_eq!(survey.handle(Event::Usability(2)), None);
        assert_eq!(survey.handle(Event::Close), None);
    }

    #[test]
    fn closing_the_thanks_is_no_dismissal() {
        let mut survey = survey(false, false);
        survey.handle(Event::Score(10));
        survey.handle(Event::Usability(5));
        survey.handle(Event::Comment(String::new()));
        assert_eq!(survey.handle(Event::Close), None);
        assert_eq!(survey.step(), Step::Closed);
    }
}
