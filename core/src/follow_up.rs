//! Following up with detractors: each answer's follow-up (open, contacted, resolved, with
//! an owner and a note) as marketers change it, and the survey's detractors with their
//! follow-ups for the results page's figures: how many wait, for how long, and the share
//! followed up within [`FOLLOW_UP_WINDOW_HOURS`].
//!
//! Layout of [`FollowUps`], little-endian, as [`crate::subset`] lays out its kinds:
//! `"PLSU"`, version `u16`, feed length `u32`, the feed of the detractors' answers (only their times, scores, pages, languages and
//! attributes, as [`crate::comments`] sends them), then each one's state `u8` ×n (index in
//! [`FollowUpState::ALL`]), then when each was first followed up `u32` ×n (seconds since
//! 1970-01-01 UTC, [`NOT_FOLLOWED_UP`] when never).

use serde::{Deserialize, Serialize};

use crate::feed::{Feed, Row};
use crate::limits::{FOLLOW_UP_NOTE_MAX_CHARS, FOLLOW_UP_WINDOW_HOURS};
use crate::names::names;
use crate::report::Filter;
use crate::subset::{push_answer, Kind, Problem, SubsetError};
use crate::validation::{at_most, control_characters, text, ValidationError, EMAIL_MAX_CHARS};

pub const FOLLOW_UPS_VERSION: u16 = 1;
pub const CONTENT_TYPE: &str = "application/vnd.pulse.follow-ups";
const KIND: Kind = Kind { magic: b"PLSU", version: FOLLOW_UPS_VERSION, name: "follow-ups" };
/// The time a detractor was first followed up, when it never was.
pub const NOT_FOLLOWED_UP: u32 = u32::MAX;
const WINDOW_SECONDS: i64 = FOLLOW_UP_WINDOW_HOURS as i64 * 3600;

/// Where following up an answer stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FollowUpState {
    /// Nobody has acted on it yet.
    #[default]
    Open,
    /// Someone reached out to the respondent.
    Contacted,
    /// Done with.
    Resolved,
}

names!(FollowUpState { Open => "open", Contacted => "contacted", Resolved => "resolved" });

/// An answer's follow-up, as `StoredResponse::follow_up` carries it: open and nobody's
/// until a marketer changes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub state: FollowUpState,
    /// The email of the account that takes care of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it last changed, milliseconds since 1970-01-01 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    /// When it first left `open`, milliseconds since 1970-01-01 UTC; kept if it is opened
    /// again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followed_up_at: Option<i64>,
}

impl FollowUp {
    /// This follow-up once `change` (checked by [`FollowUpChange::validate`]) is made at
    /// `now` (milliseconds), or `None` when the change changes nothing.
    pub fn changed(&self, change: &FollowUpChange, now: i64) -> Option<FollowUp> {
        let cleared = |value: &String| Some(value.clone()).filter(|value| !value.is_empty());
        let state = change.state.unwrap_or(self.state);
        let owner = change.owner.as_ref().map_or_else(|| self.owner.clone(), cleared);
        let note = change.note.as_ref().map_or_else(|| self.note.clone(), cleared);
        if (state, &owner, &note) == (self.state, &self.owner, &self.note) {
            return None;
        }
        let left_open = state != FollowUpState::Open;
        let followed_up_at = self.followed_up_at.or(left_open.then_some(now));
        Some(FollowUp { state, owner, note, updated_at: Some(now), followed_up_at })
    }
}

/// A change of an answer's follow-up: `PATCH
/// /api/v1/admin/surveys/{survey_id}/responses/{response_id}/follow-up`. A field left out
/// stays as it is; an empty owner or note removes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<FollowUpState>,
    /// The email of an account; the server checks that it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// At most [`FOLLOW_UP_NOTE_MAX_CHARS`] characters, on several lines if need be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl FollowUpChange {
    /// The rules that need no database: an owner on one line of at most
    /// [`EMAIL_MAX_CHARS`], a note of at most [`FOLLOW_UP_NOTE_MAX_CHARS`] with no control
    /// characters but line breaks. Returns the change with both trimmed, and the owner
    /// lower-cased as accounts' emails are.
    pub fn validate(&self) -> Result<FollowUpChange, ValidationError> {
        let owner = self.owner.as_deref().map(|owner| owner.trim().to_lowercase());
        let note = self.note.as_deref().map(str::trim);
        if let Some(owner) = &owner {
            text("owner", owner, EMAIL_MAX_CHARS)?;
        }
        if let Some(note) = note {
            at_most("note", note, FOLLOW_UP_NOTE_MAX_CHARS)?;
            if note.chars().any(|c| c.is_control() && c != '\n') {
                return Err(control_characters("note"));
            }
        }
        Ok(FollowUpChange { state: self.state, owner, note: note.map(str::to_owned) })
    }
}

/// A survey's detractors with their follow-ups, oldest answer first.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowUps {
    /// One answer per detractor.
    pub answers: Feed,
    pub states: Vec<FollowUpState>,
    /// When each was first followed up, seconds since 1970-01-01 UTC, or [`NOT_FOLLOWED_UP`].
    pub followed_up_at: Vec<u32>,
}

/// The results page's follow-up figures of the detractors a filter keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FollowUpFigures {
    /// Detractors still open.
    pub waiting: u64,
    /// How long the oldest of them has waited, in milliseconds.
    pub oldest_waiting_ms: Option<i64>,
    /// Detractors who answered at least [`FOLLOW_UP_WINDOW_HOURS`] ago, whose time to be
    /// followed up in has passed.
    pub due: u64,
    /// Of those, the ones first followed up within [`FOLLOW_UP_WINDOW_HOURS`] of answering.
    pub followed_up_in_time: u64,
    /// `followed_up_in_time / due`, when any are due.
    pub share: Option<f64>,
}

impl FollowUps {
    /// No detractors yet; `answers` is an empty feed of the survey's scale and modules.
    pub fn new(answers: Feed) -> FollowUps {
        FollowUps { answers, states: Vec::new(), followed_up_at: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.states.len()
    }

    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Adds a detractor after the others, with its answer's time, score and segments.
    pub fn push(&mut self, answer: &Row<'_>, follow_up: &FollowUp) {
        push_answer(&mut self.answers, answer);
        self.states.push(follow_up.state);
        let seconds = follow_up.followed_up_at.map(|ms| (ms.div_euclid(1000)) as u32);
        self.followed_up_at.push(seconds.unwrap_or(NOT_FOLLOWED_UP));
    }

    /// The detractors (indices, ascending) that `filter` keeps, as the results page's
    /// figures count answers; `segments` is the results feed's dictionary.
    pub fn kept(&self, filter: &Filter, segments: &[String]) -> Vec<u32> {
        self.answers.kept(filter, segments)
    }

    /// The figures of the `kept` detractors at `now` (milliseconds).
    pub fn figures(&self, kept: &[u32], now_ms: i64) -> FollowUpFigures {
        let now = now_ms.div_euclid(1000);
        let mut figures = FollowUpFigures::default();
        for &i in kept {
            let i = i as usize;
            let answered = i64::from(self.answers.time[i]);
            if self.states[i] == FollowUpState::Open {
                figures.waiting += 1;
                let age = now_ms - answered * 1000;
                figures.oldest_waiting_ms = figures.oldest_waiting_ms.max(Some(age));
            }
            if now - answered >= WINDOW_SECONDS {
                figures.due += 1;
                let first = self.followed_up_at[i];
                if first != NOT_FOLLOWED_UP && i64::from(first) - answered <= WINDOW_SECONDS {
                    figures.followed_up_in_time += 1;
                }
            }
        }
        figures.share = (figures.due > 0).then(|| figures.followed_up_in_time as f64 / figures.due as f64);
        figures
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = KIND.start(&[], &self.answers, 5 * self.len());
        out.extend(self.states.iter().map(|&state| state as u8));
        for time in &self.followed_up_at {
            out.extend_from_slice(&time.to_le_bytes());
        }
        out
    }

    /// Reads follow-ups, checking every length and state, so that the page can index
    /// without checks.
    pub fn decode(bytes: &[u8]) -> Result<FollowUps, SubsetError> {
        let (_, answers, rest) = KIND.read(bytes, 0)?;
        let n = answers.len();
        let (states, times) = rest.split_at_checked(n).ok_or(KIND.error(Problem::Truncated))?;
        if times.len() != 4 * n {
            return Err(KIND.error(Problem::Truncated));
        }
        let states = states
            .iter()
            .map(|&state| FollowUpState::ALL.get(usize::from(state)).copied())
            .collect::<Option<_>>()
            .ok_or(KIND.error(Problem::Corrupt("state")))?;
        let followed_up_at =
            times.chunks_exact(4).map(|time| u32::from_le_bytes(time.try_into().expect("4 bytes"))).collect();
        Ok(FollowUps { answers, states, followed_up_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorCode;
    use crate::nps::{Category, Scale};
    use crate::survey::Modules;

    const HOUR: i64 = 3600;
    const WINDOW: i64 = FOLLOW_UP_WINDOW_HOURS as i64 * HOUR;
    /// Now, in seconds: long after every answer of the samples.
    const NOW: i64 = 1_800_000_000;

    fn follow_up(state: FollowUpState, followed_up_at: Option<i64>) -> FollowUp {
        FollowUp {
            state,
            followed_up_at: followed_up_at.map(|seconds| seconds * 1000),
            ..FollowUp::default()
        }
    }

    /// Detractors answered `NOW - age`, in seconds, each followed up (or not) when given.
    fn sample(detractors: &[(i64, FollowUpState, Option<i64>)]) -> FollowUps {
        let mut follow_ups = FollowUps::new(Feed::new(Scale::ZeroToTen, Modules::default()));
        for &(age, state, followed_up_at) in detractors {
            let answer = Row { time: (NOW - age) as u32, score: 3, ..Row::default() };
            follow_ups.push(&answer, &follow_up(state, followed_up_at));
        }
        follow_ups
    }

    fn figures_of(follow_ups: &FollowUps) -> FollowUpFigures {
        let all: Vec<u32> = (0..follow_ups.len() as u32).collect();
        follow_ups.figures(&all, NOW * 1000)
    }

    #[test]
    fn a_detractor_followed_up_within_48_hours_counts_as_in_time() {
        use FollowUpState::*;
        let answered = |age| NOW - age;
        // Oldest answer first, as the server sends them.
        let follow_ups = sample(&[
            // Resolved straight from open within the hour.
            (5 * WINDOW, Resolved, Some(answered(5 * WINDOW) + HOUR)),
            // Never followed up.
            (4 * WINDOW, Open, None),
            // Contacted exactly 48 hours after answering: in time.
            (3 * WINDOW, Contacted, Some(answered(3 * WINDOW) + WINDOW)),
            // One second later: late.
            (3 * WINDOW, Contacted, Some(answered(3 * WINDOW) + WINDOW + 1)),
            // Contacted in time, then opened again: it was followed up in time all the same.
            (2 * WINDOW, Open, Some(answered(2 * WINDOW) + HOUR)),
        ]);
        let figures = figures_of(&follow_ups);
        assert_eq!((figures.due, figures.followed_up_in_time), (5, 3));
        assert_eq!(figures.share, Some(0.6));
        assert_eq!(figures.waiting, 2);
        assert_eq!(figures.oldest_waiting_ms, Some(4 * WINDOW * 1000));
    }

    #[test]
    fn a_detractor_is_due_once_48_hours_have_passed() {
        use FollowUpState::*;
        // Answered exactly 48 hours ago and not followed up: due, and late.
        let exactly = sample(&[(WINDOW, Open, None)]);
        assert_eq!(figures_of(&exactly).due, 1);
        assert_eq!(figures_of(&exactly).share, Some(0.0));
        // A second less: it still has time, so it is in no share, but it waits.
        let recent = sample(&[(WINDOW - 1, Open, None), (HOUR, Contacted, Some(NOW - 60))]);
        let figures = figures_of(&recent);
        assert_eq!((figures.due, figures.share), (0, None));
        assert_eq!((figures.waiting, figures.oldest_waiting_ms), (1, Some((WINDOW - 1) * 1000)));
    }

    #[test]
    fn no_detractors_no_figures() {
        let figures = figures_of(&sample(&[]));
        assert_eq!(figures, FollowUpFigures::default());
    }

    #[test]
    fn figures_count_only_the_kept_detractors() {
        use FollowUpState::*;
        let mut follow_ups = FollowUps::new(Feed::new(Scale::ZeroToTen, Modules::default()));
        let old = (NOW - 3 * WINDOW) as u32;
        let pricing = Row { time: old, score: 2, page: Some("/pricing"), ..Row::default() };
        let checkout = Row { time: old + 10, score: 6, page: Some("/checkout"), ..Row::default() };
        follow_ups.push(&pricing, &follow_up(Open, None));
        follow_ups.push(&checkout, &follow_up(Resolved, Some(i64::from(old) + HOUR)));
        // The results feed's dictionary, in its own order.
        let names: Vec<String> = ["page:/checkout", "page:/pricing"].map(String::from).to_vec();
        let kept = follow_ups.kept(&Filter { segments: vec![0], ..Filter::default() }, &names);
        assert_eq!(kept, [1]);
        let figures = follow_ups.figures(&kept, NOW * 1000);
        assert_eq!((figures.waiting, figures.due, figures.share), (0, 1, Some(1.0)));
        let later = Filter { from: Some(old + 1), ..Filter::default() };
        assert_eq!(follow_ups.kept(&later, &names), [1]);
        let passives = Filter { category: Some(Category::Passive), ..Filter::default() };
        assert_eq!(follow_ups.kept(&passives, &names), [] as [u32; 0]);
    }

    #[test]
    fn follow_ups_survive_encoding() {
        use FollowUpState::*;
        let follow_ups =
            sample(&[(WINDOW, Open, None), (2 * HOUR, Resolved, Some(NOW)), (HOUR, Contacted, Some(NOW))]);
        let decoded = FollowUps::decode(&follow_ups.encode()).unwrap();
        assert_eq!(decoded, follow_ups);
        assert_eq!(decoded.states, [Open, Resolved, Contacted]);
        assert_eq!(decoded.followed_up_at, [NOT_FOLLOWED_UP, NOW as u32, NOW as u32]);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = sample(&[(HOUR, FollowUpState::Contacted, Some(NOW))]).encode();
        for end in 0..bytes.len() {
            assert!(FollowUps::decode(&bytes[..end]).is_err(), "decoded {end} of {} bytes", bytes.len());
        }
        let problem = |bytes: &[u8]| FollowUps::decode(bytes).unwrap_err().problem;
        assert_eq!(problem(b"PLSC\x01\x00"), Problem::Foreign);
        let mut newer = bytes.clone();
        newer[4] = 2;
        assert_eq!(problem(&newer), Problem::Version(2));
        let mut unknown = bytes.clone();
        unknown[bytes.len() - 5] = 3;
        assert_eq!(problem(&unknown), Problem::Corrupt("state"));
        assert_eq!(
            FollowUps::decode(&unknown).unwrap_err().to_string(),
            "the follow-ups are damaged (state)"
        );
    }

    #[test]
    fn followed_up_at_is_set_when_it_first_leaves_open_and_kept() {
        use FollowUpState::*;
        let contact = FollowUpChange { state: Some(Contacted), ..FollowUpChange::default() };
        let contacted = FollowUp::default().changed(&contact, 1_000).unwrap();
        assert_eq!(
            (contacted.state, contacted.updated_at, contacted.followed_up_at),
            (Contacted, Some(1_000), Some(1_000))
        );
        let reopen = FollowUpChange { state: Some(Open), ..FollowUpChange::default() };
        let reopened = contacted.changed(&reopen, 2_000).unwrap();
        assert_eq!((reopened.state, reopened.followed_up_at), (Open, Some(1_000)));
        let resolve = FollowUpChange { state: Some(Resolved), ..FollowUpChange::default() };
        assert_eq!(reopened.changed(&resolve, 3_000).unwrap().followed_up_at, Some(1_000));
        // An owner or a note alone leaves it open, not followed up.
        let note = FollowUpChange { note: Some("Call on Monday".into()), ..FollowUpChange::default() };
        let noted = FollowUp::default().changed(&note, 4_000).unwrap();
        assert_eq!(
            (noted.state, noted.note.as_deref(), noted.followed_up_at),
            (Open, Some("Call on Monday"), None)
        );
    }

    #[test]
    fn a_change_that_changes_nothing_is_none_and_empty_clears() {
        let owned = FollowUp {
            owner: Some("ana@shop.example".into()),
            note: Some("Called".into()),
            ..FollowUp::default()
        };
        assert_eq!(owned.changed(&FollowUpChange::default(), 1), None);
        let same = FollowUpChange {
            state: Some(FollowUpState::Open),
            owner: Some("ana@shop.example".into()),
            note: Some("Called".into()),
        };
        assert_eq!(owned.changed(&same, 1), None);
        let clear = FollowUpChange { owner: Some(String::new()), ..FollowUpChange::default() };
        let cleared = owned.changed(&clear, 1).unwrap();
        assert_eq!((cleared.owner, cleared.note.as_deref()), (None, Some("Called")));
    }

    #[test]
    fn a_change_is_trimmed_and_checked() {
        let change = |owner: &str, note: &str| FollowUpChange {
            owner: Some(owner.into()),
            note: Some(note.into()),
            ..FollowUpChange::default()
        };
        let valid = change(" Ana@Shop.example ", "Called.\nWill call back on Monday. ").validate().unwrap();
        assert_eq!(valid.owner.as_deref(), Some("ana@shop.example"));
        assert_eq!(valid.note.as_deref(), Some("Called.\nWill call back on Monday."));
        let refusal = |change: FollowUpChange| {
            let error = change.validate().unwrap_err();
            (error.field, error.code)
        };
        let longest = "é".repeat(FOLLOW_UP_NOTE_MAX_CHARS);
        assert!(change("", &longest).validate().is_ok());
        assert_eq!(refusal(change("", &format!("{longest}é"))), ("note", ErrorCode::TooLong));
        assert_eq!(refusal(change("", "Called\tback")), ("note", ErrorCode::ControlCharacter));
        assert_eq!(
            refusal(change("ana@shop.example\nbob@shop.example", "")),
            ("owner", ErrorCode::ControlCharacter)
        );
        assert_eq!(refusal(change(&"a".repeat(EMAIL_MAX_CHARS + 1), "")), ("owner", ErrorCode::TooLong));
    }

    #[test]
    fn a_follow_up_reads_as_its_wire_names() {
        let follow_up =
            FollowUp { state: FollowUpState::Contacted, followed_up_at: Some(5), ..FollowUp::default() };
        let json = serde_json::to_value(&follow_up).unwrap();
        assert_eq!(json, serde_json::json!({"state": "contacted", "followed_up_at": 5}));
        let unknown = serde_json::from_str::<FollowUpChange>(r#"{"status": "resolved"}"#);
        assert!(unknown.is_err());
    }
}
