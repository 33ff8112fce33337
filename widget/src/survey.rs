//! The survey as a pure state machine: which step the visitor is on, what they answered so
//! far, and which answer to post next. No browser in here, so it is tested natively.

use pulse_core::api::ResponseSubmission;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Recommend,
    Usability,
    Comment,
    Thanks,
    Dismissed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Score(u8),
    Usability(u8),
    /// The visitor pressed Send with this text in the comment box.
    Comment(String),
    Dismiss,
    /// The outcome of the post that [`Survey::handle`] returned last.
    SendSucceeded,
    SendFailed,
}

#[derive(Clone, Debug)]
pub struct Survey {
    /// The response id: every post repeats it, so the server keeps one answer, the latest.
    id: String,
    step: Step,
    nps: Option<u8>,
    usability: Option<u8>,
    comment: Option<String>,
    /// A post awaits its outcome. Only one is sent at a time, so that the posts reach the
    /// server in order (a late partial post would erase the comment) and every outcome
    /// belongs to a known post.
    in_flight: bool,
    /// The answers changed while a post was in flight: they go out when it returns.
    queued: bool,
    /// The comment was submitted and the outcome of that final post is not known yet.
    finishing: bool,
    /// The final post failed; the visitor can press Send again.
    failed: bool,
}

impl Survey {
    pub fn new(id: String) -> Self {
        Survey {
            id,
            step: Step::Recommend,
            nps: None,
            usability: None,
            comment: None,
            in_flight: false,
            queued: false,
            finishing: false,
            failed: false,
        }
    }

    pub fn step(&self) -> Step {
        self.step
    }

    pub fn nps(&self) -> Option<u8> {
        self.nps
    }

    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Applies what happened and returns the answers to post now, if any. Events that do
    /// not fit the current step (a second click on Send, say) change nothing.
    pub fn handle(&mut self, event: Event) -> Option<ResponseSubmission> {
        match (self.step, event) {
            (Step::Recommend, Event::Score(score)) => {
                self.nps = Some(score);
                self.step = Step::Usability;
                self.post()
            }
            (Step::Usability, Event::Usability(rating)) => {
                self.usability = Some(rating);
                self.step = Step::Comment;
                self.post()
            }
            (Step::Comment, Event::Comment(text)) if !self.finishing => {
                self.comment = Some(text).filter(|text| !text.trim().is_empty());
                self.finishing = true;
                self.failed = false;
                self.post()
            }
            (_, Event::Dismiss) => {
                self.step = Step::Dismissed;
                None
            }
            (_, Event::SendSucceeded) => self.settle(true),
            (_, Event::SendFailed) => self.settle(false),
            _ => None,
        }
    }

    fn post(&mut self) -> Option<ResponseSubmission> {
        if self.in_flight {
            self.queued = true;
            return None;
        }
        let submission = ResponseSubmission {
            id: self.id.clone(),
            nps: self.nps?.into(),
            usability: self.usability.map(i64::from),
            comment: self.comment.clone(),
            ..Default::default()
        };
        self.in_flight = true;
        Some(submission)
    }

    fn settle(&mut self, succeeded: bool) -> Option<ResponseSubmission> {
        if !std::mem::take(&mut self.in_flight) {
            return None;
        }
        // Whatever happened to the returning post, the queued one carries all of it.
        if std::mem::take(&mut self.queued) {
            return self.post();
        }
        // Partial posts fail silently: the next post repeats their answers.
        if std::mem::take(&mut self.finishing) {
            if !succeeded {
                self.failed = true;
            } else if self.step == Step::Comment {
                self.step = Step::Thanks;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13";

    fn sent(nps: i64, usability: Option<i64>, comment: Option<&str>) -> ResponseSubmission {
        ResponseSubmission {
            id: ID.into(),
            nps,
            usability,
            comment: comment.map(str::to_owned),
            ..Default::default()
        }
    }

    /// A survey answered up to the comment box, with every post acknowledged.
    fn at_comment() -> Survey {
        let mut survey = Survey::new(ID.into());
        survey.handle(Event::Score(9));
        survey.handle(Event::SendSucceeded);
        survey.handle(Event::Usability(4));
        survey.handle(Event::SendSucceeded);
        survey
    }

    #[test]
    fn each_answer_is_posted_with_everything_before_it() {
        let mut survey = Survey::new(ID.into());
        assert_eq!(survey.step(), Step::Recommend);

        assert_eq!(survey.handle(Event::Score(9)), Some(sent(9, None, None)));
        assert_eq!(survey.step(), Step::Usability);
        assert_eq!(survey.handle(Event::SendSucceeded), None);

        assert_eq!(survey.handle(Event::Usability(4)), Some(sent(9, Some(4), None)));
        assert_eq!(survey.step(), Step::Comment);
        assert_eq!(survey.handle(Event::SendSucceeded), None);

        assert_eq!(survey.handle(Event::Comment("Fast".into())), Some(sent(9, Some(4), Some("Fast"))));
        assert_eq!(survey.step(), Step::Comment, "thanks only once it is stored");
        assert_eq!(survey.handle(Event::SendSucceeded), None);
        assert_eq!(survey.step(), Step::Thanks);
    }

    #[test]
    fn a_blank_comment_is_sent_as_none() {
        let mut survey = at_comment();
        assert_eq!(survey.handle(Event::Comment(" \n".into())), Some(sent(9, Some(4), None)));
    }

    #[test]
    fn a_failed_final_post_can_be_retried() {
        let mut survey = at_comment();
        survey.handle(Event::Comment("Fast".into()));
        survey.handle(Event::SendFailed);
        assert_eq!(survey.step(), Step::Comment);
        assert!(survey.failed());

        assert_eq!(survey.handle(Event::Comment("Fast!".into())), Some(sent(9, Some(4), Some("Fast!"))));
        assert!(!survey.failed(), "the message goes while retrying");
        survey.handle(Event::SendSucceeded);
        assert_eq!(survey.step(), Step::Thanks);
    }

    #[test]
    fn failed_partial_posts_are_silent() {
        let mut survey = Survey::new(ID.into());
        survey.handle(Event::Score(3));
        assert_eq!(survey.handle(Event::SendFailed), None);
        assert_eq!(survey.step(), Step::Usability);
        assert!(!survey.failed());
        assert_eq!(survey.handle(Event::Usability(2)), Some(sent(3, Some(2), None)));
    }

    #[test]
    fn answers_given_while_a_post_is_in_flight_follow_it_in_order() {
        let mut survey = Survey::new(ID.into());
        survey.handle(Event::Score(7));
        assert_eq!(survey.handle(Event::Usability(5)), None);
        assert_eq!(survey.handle(Event::Comment("Ok".into())), None);
        assert_eq!(survey.step(), Step::Comment);

        // The first post failed, but the queued one repeats it.
        assert_eq!(survey.handle(Event::SendFailed), Some(sent(7, Some(5), Some("Ok"))));
        assert!(!survey.failed());
        survey.handle(Event::SendSucceeded);
        assert_eq!(survey.step(), Step::Thanks);
    }

    #[test]
    fn send_is_ignored_while_the_final_post_is_in_flight() {
        let mut survey = at_comment();
        survey.handle(Event::Comment("Fast".into()));
        assert_eq!(survey.handle(Event::Comment("Fast".into())), None);
        assert_eq!(survey.handle(Event::SendSucceeded), None);
        assert_eq!(survey.step(), Step::Thanks);
    }

    #[test]
    fn events_of_other_steps_change_nothing() {
        let mut survey = Survey::new(ID.into());
        assert_eq!(survey.handle(Event::Usability(3)), None);
        assert_eq!(survey.handle(Event::Comment("x".into())), None);
        assert_eq!(survey.handle(Event::SendSucceeded), None);
        assert_eq!(survey.step(), Step::Recommend);
        survey.handle(Event::Score(10));
        assert_eq!(survey.handle(Event::Score(1)), None);
        assert_eq!(survey.nps(), Some(10));
    }

    #[test]
    fn dismissing_ends_the_survey_from_any_step() {
        let mut fresh = Survey::new(ID.into());
        assert_eq!(fresh.handle(Event::Dismiss), None);
        assert_eq!(fresh.step(), Step::Dismissed);
        assert_eq!(fresh.handle(Event::Score(5)), None);

        let mut thanked = at_comment();
        thanked.handle(Event::Comment(String::new()));
        thanked.handle(Event::SendSucceeded);
        thanked.handle(Event::Dismiss);
        assert_eq!(thanked.step(), Step::Dismissed);
    }

    #[test]
    fn answers_queued_before_dismissing_are_still_sent() {
        let mut survey = Survey::new(ID.into());
        survey.handle(Event::Score(8));
        survey.handle(Event::Usability(3));
        survey.handle(Event::Dismiss);
        assert_eq!(survey.handle(Event::SendSucceeded), Some(sent(8, Some(3), None)));
        assert_eq!(survey.step(), Step::Dismissed);
    }

    #[test]
    fn the_final_outcome_does_not_reopen_a_dismissed_survey() {
        let mut survey = at_comment();
        survey.handle(Event::Comment("Bye".into()));
        survey.handle(Event::Dismiss);
        survey.handle(Event::SendSucceeded);
        assert_eq!(survey.step(), Step::Dismissed);
    }
}
