//! Data the results page reads beside its feed, each some of a survey's answers as a feed of
//! their own ([`crate::feed`]) then columns of its own: the comments ([`crate::comments`])
//! and the detractors' follow-ups ([`crate::follow_up`]).
//!
//! Layout, little-endian: the kind's magic (4 bytes), its version `u16`, a header of the
//! kind's own (of a fixed length), the feed's length `u32`, the feed, then the columns.

use std::fmt;

use crate::feed::{Feed, FeedError, Row};

/// One kind of such data.
pub struct Kind {
    pub magic: &'static [u8; 4],
    pub version: u16,
    /// What the data is, for messages: "comments".
    pub name: &'static str,
}

impl Kind {
    /// The data's start: magic, version, `header` and the feed of `answers`, with room for
    /// `columns` bytes more.
    pub fn start(&self, header: &[u8], answers: &Feed, columns: usize) -> Vec<u8> {
        let feed = answers.encode();
        let mut out = Vec::with_capacity(10 + header.len() + feed.len() + columns);
        out.extend_from_slice(self.magic);
        out.extend_from_slice(&self.version.to_le_bytes());
        out.extend_from_slice(header);
        out.extend_from_slice(&(feed.len() as u32).to_le_bytes());
        out.extend_from_slice(&feed);
        out
    }

    /// Reads what [`Kind::start`] wrote with a header of `header_length` bytes: returns the
    /// header, the answers and the bytes after them, the columns.
    pub fn read<'a>(
        &self,
        bytes: &'a [u8],
        header_length: usize,
    ) -> Result<(&'a [u8], Feed, &'a [u8]), SubsetError> {
        let (magic, rest) = bytes.split_at_checked(4).ok_or(self.error(Problem::Foreign))?;
        if magic != self.magic {
            return Err(self.error(Problem::Foreign));
        }
        let (version, rest) = rest.split_at_checked(2).ok_or(self.error(Problem::Truncated))?;
        let version = u16::from_le_bytes([version[0], version[1]]);
        if version != self.version {
            return Err(self.error(Problem::Version(version)));
        }
        let (header, rest) = rest.split_at_checked(header_length).ok_or(self.error(Problem::Truncated))?;
        let (length, rest) = rest.split_at_checked(4).ok_or(self.error(Problem::Truncated))?;
        let length = u32::from_le_bytes(length.try_into().expect("4 bytes")) as usize;
        let (feed, columns) = rest.split_at_checked(length).ok_or(self.error(Problem::Truncated))?;
        let answers = Feed::decode(feed).map_err(|error| self.error(Problem::Feed(error)))?;
        Ok((header, answers, columns))
    }

    pub fn error(&self, problem: Problem) -> SubsetError {
        SubsetError { name: self.name, version: self.version, problem }
    }
}

/// Adds `answer` after the others with what every kind keeps of it: its time, score and
/// segments, which the page's filters read.
pub fn push_answer(answers: &mut Feed, answer: &Row<'_>) {
    answers.push(&Row {
        time: answer.time,
        score: answer.score,
        page: answer.page,
        language: answer.language,
        attributes: answer.attributes.clone(),
        ..Row::default()
    });
}

/// Data of a kind that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubsetError {
    /// The kind's name and the version this code reads.
    pub name: &'static str,
    pub version: u16,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not data of this kind at all.
    Foreign,
    /// Data of another version, which this code does not read.
    Version(u16),
    Truncated,
    Corrupt(&'static str),
    Feed(FeedError),
}

impl fmt::Display for SubsetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SubsetError { name, version: reads, .. } = self;
        match &self.problem {
            Problem::Foreign => write!(f, "the server did not send {name}"),
            Problem::Version(version) => {
                write!(
                    f,
                    "the {name} are version {version}, this page reads version {reads}: reload the page"
                )
            }
            Problem::Truncated => write!(f, "the {name} are incomplete"),
            Problem::Corrupt(part) => write!(f, "the {name} are damaged ({part})"),
            Problem::Feed(error) => write!(f, "the {name}' answers: {error}"),
        }
    }
}

impl std::error::Error for SubsetError {}
