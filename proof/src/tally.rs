//! What was sent and acknowledged, against what the database holds: each answer is known
//! by its id, each display by its page (which carries its visit's id).

use std::collections::HashMap;
use std::fmt;

use crate::database::Stored;
use crate::summary::Summary;
use crate::traffic::Visit;

/// Counts over answers and displays together.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Answers and displays the server answered with a 2xx.
    pub acknowledged: u64,
    /// Rows in the database: answers and displays.
    pub stored: u64,
    /// Acknowledged, yet not in the database.
    pub lost: u64,
    /// Rows beyond the first for one answer or display.
    pub duplicates: u64,
    /// Acknowledged answers stored with other values than those sent.
    pub altered: u64,
    /// Rows of answers or displays that were never sent.
    pub never_sent: u64,
    /// Rows of answers or displays sent but never acknowledged (in flight when the server
    /// died): allowed, since a request may be committed just before its answer is lost.
    pub unacknowledged_stored: u64,
}

impl Tally {
    /// Whether everything acknowledged is stored once, as sent, and nothing else is.
    pub fn holds(&self) -> bool {
        self.lost == 0 && self.duplicates == 0 && self.altered == 0 && self.never_sent == 0
    }

    /// The report's counts for the part: an answer stored with other values than those
    /// sent is lost as much as a missing one, and a row never sent is as wrong as one
    /// stored twice.
    pub fn summary(&self, part: String, requests: u64) -> Summary {
        Summary {
            part,
            requests,
            acknowledged: self.acknowledged,
            stored: self.stored,
            lost: self.lost + self.altered,
            duplicates: self.duplicates + self.never_sent,
            ..Summary::default()
        }
    }
}

pub fn tally(visits: &[Visit], stored: &Stored) -> Tally {
    let mut answers: HashMap<&str, Vec<_>> = HashMap::new();
    for answer in &stored.answers {
        answers.entry(answer.id.as_str()).or_default().push(answer);
    }
    let mut displays: HashMap<Option<&str>, u64> = HashMap::new();
    for display in &stored.displays {
        *displays.entry(display.page.as_deref()).or_default() += 1;
    }
    let mut tally =
        Tally { stored: (stored.answers.len() + stored.displays.len()) as u64, ..Tally::default() };
    let mut found = 0;
    for visit in visits {
        let rows = answers.get(visit.answer.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let display_rows = displays.get(&visit.display.page.as_deref()).copied().unwrap_or(0);
        found += rows.len() as u64 + display_rows;
        for (acknowledged, count) in
            [(visit.answer_acknowledged, rows.len() as u64), (visit.display_acknowledged, display_rows)]
        {
            tally.duplicates += count.saturating_sub(1);
            match (acknowledged, count) {
                (true, 0) => tally.lost += 1,
                (false, 1..) => tally.unacknowledged_stored += 1,
                _ => {}
            }
            tally.acknowledged += u64::from(acknowledged);
        }
        if visit.answer_acknowledged && rows.iter().any(|row| **row != visit.answer) {
            tally.altered += 1;
        }
    }
    tally.never_sent = tally.stored - found;
    tally
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "acknowledged (2xx)          {:>9}", self.acknowledged)?;
        writeln!(f, "rows in the database        {:>9}", self.stored)?;
        writeln!(f, "  of which never acknowledged {:>7}", self.unacknowledged_stored)?;
        writeln!(f, "lost                        {:>9}", self.lost)?;
        writeln!(f, "stored twice or more        {:>9}", self.duplicates)?;
        writeln!(f, "stored with other values    {:>9}", self.altered)?;
        writeln!(f, "stored but never sent       {:>9}", self.never_sent)
    }
}

#[cfg(test)]
mod tests {
    use pulse_core::api::{Impression, ResponseSubmission};

    use super::*;

    fn visit(n: u32, answer_acknowledged: bool, display_acknowledged: bool) -> Visit {
        let page = Some(format!("/?visit={n}"));
        Visit {
            display: Impression { language: None, page: page.clone() },
            answer: ResponseSubmission { id: n.to_string(), nps: 9, page, ..Default::default() },
            display_acknowledged,
            answer_acknowledged,
        }
    }

    #[test]
    fn every_acknowledged_answer_and_display_stored_once_holds() {
        let visits = [visit(1, true, true), visit(2, true, true)];
        let stored = Stored {
            answers: visits.iter().map(|v| v.answer.clone()).collect(),
            displays: visits.iter().map(|v| v.display.clone()).collect(),
        };
        let tally = tally(&visits, &stored);
        assert_eq!(tally, Tally { acknowledged: 4, stored: 4, ..Tally::default() });
        assert!(tally.holds());
    }

    #[test]
    fn missing_twice_changed_and_unknown_rows_are_counted() {
        let visits =
            [visit(1, true, true), visit(2, true, true), visit(3, true, false), visit(4, false, false)];
        let mut changed = visits[2].answer.clone();
        changed.nps = 3;
        let stored = Stored {
            // Answer 1 lost, 3 changed, 4 committed though unacknowledged, 9 never sent.
            answers: vec![
                visits[1].answer.clone(),
                changed,
                visits[3].answer.clone(),
                visit(9, true, true).answer,
            ],
            // Display 2 stored twice, display 3 not stored (it was not acknowledged).
            displays: vec![visits[0].display.clone(), visits[1].display.clone(), visits[1].display.clone()],
        };
        let tally = tally(&visits, &stored);
        assert_eq!(
            tally,
            Tally {
                acknowledged: 5,
                stored: 7,
                lost: 1,
                duplicates: 1,
                altered: 1,
                never_sent: 1,
                unacknowledged_stored: 1,
            }
        );
        assert!(!tally.holds());
    }
}
