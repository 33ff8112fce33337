//! The results feed: a survey's answers as compact binary columns, so that the results page
//! downloads little and aggregates a million answers in milliseconds.
//!
//! Layout, little-endian:
//! `"PLSF"`, version `u16`, scale minimum `u8`, module flags `u8`, response count `n: u32`,
//! string count `u32` then each string as length `u16` + UTF-8,
//! impression group count `u32` then each group as start `u32`, segment ids `u32` ×2, count `u32`,
//! then the columns: time `u32` ×n, score `u8` ×n, usability `u8` ×n, repeat purchases `u8` ×n,
//! the five commitment columns `u8` ×n each, page `u32` ×n, language `u32` ×n,
//! attribute offsets `u32` ×(n+1), attribute count `u32`, attributes `u32` ×count.
//!
//! Pages, languages and attributes are ids into one dictionary of strings, each prefixed by
//! its kind (`page:/pricing`, `lang:he`, `attr:plan=pro`), so a segment is one id.

use std::fmt;
use std::str::FromStr;

use crate::nps::{Category, Scale};
use crate::report::Filter;
use crate::survey::Modules;
use crate::validation::{COMMITMENT_MAX, REPEAT_PURCHASES_MAX, USABILITY_MAX};

pub const FEED_VERSION: u16 = 3;
pub const CONTENT_TYPE: &str = "application/vnd.pulse.feed";
const MAGIC: &[u8; 4] = b"PLSF";

/// Usability and commitment answers run from 1; 0 marks a skipped question.
pub const SKIPPED: u8 = 0;
/// Repeat purchases run from 0; this marks a skipped question.
pub const NO_REPEAT: u8 = u8::MAX;
/// A response without this segment (e.g. no page recorded).
pub const NO_SEGMENT: u32 = u32::MAX;

pub const PAGE_PREFIX: &str = "page:";
pub const LANGUAGE_PREFIX: &str = "lang:";
pub const ATTRIBUTE_PREFIX: &str = "attr:";

/// A segment by the name the feed's dictionary gives it, which is also how the results
/// page's address and the answers' listing name it: `page:/pricing`, `lang:he`,
/// `attr:plan=pro`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Page(String),
    Language(String),
    Attribute { key: String, value: String },
}

impl FromStr for Segment {
    type Err = SegmentError;

    fn from_str(name: &str) -> Result<Segment, SegmentError> {
        let malformed = || SegmentError(name.to_owned());
        if let Some(page) = name.strip_prefix(PAGE_PREFIX) {
            Ok(Segment::Page(page.to_owned()))
        } else if let Some(language) = name.strip_prefix(LANGUAGE_PREFIX) {
            Ok(Segment::Language(language.to_owned()))
        } else if let Some(attribute) = name.strip_prefix(ATTRIBUTE_PREFIX) {
            // Attribute names never hold `=`, values may.
            let (key, value) =
                attribute.split_once('=').filter(|(key, _)| !key.is_empty()).ok_or_else(malformed)?;
            Ok(Segment::Attribute { key: key.to_owned(), value: value.to_owned() })
        } else {
            Err(malformed())
        }
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Page(page) => write!(f, "{PAGE_PREFIX}{page}"),
            Segment::Language(language) => write!(f, "{LANGUAGE_PREFIX}{language}"),
            Segment::Attribute { key, value } => write!(f, "{ATTRIBUTE_PREFIX}{key}={value}"),
        }
    }
}

/// A name that is not a segment's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentError(pub String);

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a segment: write {PAGE_PREFIX}PATH, {LANGUAGE_PREFIX}CODE or {ATTRIBUTE_PREFIX}NAME=VALUE",
            self.0
        )
    }
}

impl std::error::Error for SegmentError {}

/// The displays of a survey are counted per this many seconds. Every UTC offset in use is a
/// whole number of quarter hours (India's +5:30, Nepal's +5:45), so that no group straddles
/// a marketer's midnight: groups of an hour put India's displays of 00:00 to 00:30 on the
/// day before.
pub const IMPRESSION_GROUP_SECONDS: u32 = 900;

/// Displays of the survey in one [`IMPRESSION_GROUP_SECONDS`] group, on one page, in one
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Impressions {
    /// Seconds since 1970-01-01 UTC at the start of the group.
    pub start: u32,
    pub page: u32,
    pub language: u32,
    pub count: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    pub scale: Scale,
    pub modules: Modules,
    pub strings: Vec<String>,
    pub impressions: Vec<Impressions>,
    /// Seconds since 1970-01-01 UTC when each response was first received.
    pub time: Vec<u32>,
    pub score: Vec<u8>,
    pub usability: Vec<u8>,
    pub repeat: Vec<u8>,
    /// One column per kind, in the order of [`crate::survey::Commitment::ALL`].
    pub commitment: [Vec<u8>; 5],
    pub page: Vec<u32>,
    pub language: Vec<u32>,
    /// Response `i`'s attributes are `attributes[attribute_offsets[i]..attribute_offsets[i + 1]]`.
    pub attribute_offsets: Vec<u32>,
    pub attributes: Vec<u32>,
}

/// One response as the server reads it from its database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row<'a> {
    pub time: u32,
    pub score: u8,
    pub usability: Option<u8>,
    pub repeat: Option<u8>,
    pub commitment: [Option<u8>; 5],
    pub page: Option<&'a str>,
    pub language: Option<&'a str>,
    pub attributes: Vec<(&'a str, &'a str)>,
}

impl Feed {
    pub fn new(scale: Scale, modules: Modules) -> Feed {
        Feed { scale, modules, attribute_offsets: vec![0], ..Feed::default() }
    }

    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    pub fn push(&mut self, row: &Row<'_>) {
        self.time.push(row.time);
        self.score.push(row.score);
        self.usability.push(row.usability.unwrap_or(SKIPPED));
        self.repeat.push(row.repeat.unwrap_or(NO_REPEAT));
        for (column, answer) in self.commitment.iter_mut().zip(row.commitment) {
            column.push(answer.unwrap_or(SKIPPED));
        }
        let page = row.page.map_or(NO_SEGMENT, |page| self.intern(PAGE_PREFIX, page));
        self.page.push(page);
        let language = row.language.map_or(NO_SEGMENT, |language| self.intern(LANGUAGE_PREFIX, language));
        self.language.push(language);
        for (key, value) in &row.attributes {
            let id = self.intern(ATTRIBUTE_PREFIX, &format!("{key}={value}"));
            self.attributes.push(id);
        }
        self.attribute_offsets.push(self.attributes.len() as u32);
    }

    pub fn push_impressions(&mut self, start: u32, page: Option<&str>, language: Option<&str>, count: u32) {
        let page = page.map_or(NO_SEGMENT, |page| self.intern(PAGE_PREFIX, page));
        let language = language.map_or(NO_SEGMENT, |language| self.intern(LANGUAGE_PREFIX, language));
        self.impressions.push(Impressions { start, page, language, count });
    }

    /// The id of `prefix` + `value` in the dictionary. A linear search: a survey has a few
    /// hundred distinct segments, and the server builds the feed once per request.
    fn intern(&mut self, prefix: &str, value: &str) -> u32 {
        let found = self.strings.iter().position(|string| {
            string.len() == prefix.len() + value.len()
                && string.starts_with(prefix)
                && string.ends_with(value)
        });
        let index = found.unwrap_or_else(|| {
            self.strings.push(format!("{prefix}{value}"));
            self.strings.len() - 1
        });
        index as u32
    }

    /// Adds `later`'s responses and displays after this feed's, e.g. the next day's.
    pub fn append(&mut self, later: &Feed) {
        let ids: Vec<u32> = later
            .strings
            .iter()
            .map(|string| match string.split_once(':') {
                Some((kind, value)) => self.intern(&string[..=kind.len()], value),
                None => self.intern("", string),
            })
            .collect();
        let map = |id: u32| if id == NO_SEGMENT { NO_SEGMENT } else { ids[id as usize] };
        self.time.extend_from_slice(&later.time);
        self.score.extend_from_slice(&later.score);
        self.usability.extend_from_slice(&later.usability);
        self.repeat.extend_from_slice(&later.repeat);
        for (column, more) in self.commitment.iter_mut().zip(&later.commitment) {
            column.extend_from_slice(more);
        }
        self.page.extend(later.page.iter().map(|&id| map(id)));
        self.language.extend(later.language.iter().map(|&id| map(id)));
        let base = self.attributes.len() as u32;
        self.attribute_offsets.extend(later.attribute_offsets[1..].iter().map(|&offset| base + offset));
        self.attributes.extend(later.attributes.iter().map(|&id| map(id)));
        self.impressions.extend(later.impressions.iter().map(|group| Impressions {
            page: map(group.page),
            language: map(group.language),
            ..*group
        }));
    }

    pub fn attributes_of(&self, response: usize) -> &[u32] {
        let start = self.attribute_offsets[response] as usize;
        let end = self.attribute_offsets[response + 1] as usize;
        &self.attributes[start..end]
    }

    /// The answers (indices, ascending) that `filter` keeps, as the results page's figures
    /// count answers: in its period, of its category, with every one of its segments, which
    /// are ids in `segments`, the dictionary of another feed (the results feed's), so that a
    /// feed of some of the answers (comments, detractors) is filtered as the whole is.
    pub fn kept(&self, filter: &Filter, segments: &[String]) -> Vec<u32> {
        let names = filter.segments.iter().map(|&id| segments.get(id as usize));
        let ids: Option<Vec<u32>> = names
            .map(|name| {
                let id = self.strings.iter().position(|own| Some(own) == name)?;
                Some(id as u32)
            })
            .collect();
        // A segment none of these answers carries keeps none.
        let Some(ids) = ids else { return Vec::new() };
        let own = Filter { segments: ids, ..filter.clone() };
        (0..self.len())
            .filter(|&i| {
                own.keeps_time(self.time[i])
                    && own.category.is_none_or(|category| Category::of(self.score[i]) == category)
                    && own.keeps_segments(self.page[i], self.language[i], self.attributes_of(i))
            })
            .map(|i| i as u32)
            .collect()
    }

    pub fn encode(&self) -> Vec<u8> {
        let n = self.len();
        let mut out = Vec::with_capacity(64 + n * 26 + self.attributes.len() * 4);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEED_VERSION.to_le_bytes());
        out.push(self.scale.min());
        out.push(u8::from(self.modules.commitment) | u8::from(self.modules.repeat_purchase) << 1);
        put_u32(&mut out, n as u32);
        put_u32(&mut out, self.strings.len() as u32);
        for string in &self.strings {
            // Segment values are validated to a few hundred bytes on the way in.
            let bytes = &string.as_bytes()[..string.len().min(usize::from(u16::MAX))];
            out.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
            out.extend_from_slice(bytes);
        }
        put_u32(&mut out, self.impressions.len() as u32);
        for group in &self.impressions {
            for value in [group.start, group.page, group.language, group.count] {
                put_u32(&mut out, value);
            }
        }
        put_u32s(&mut out, &self.time);
        out.extend_from_slice(&self.score);
        out.extend_from_slice(&self.usability);
        out.extend_from_slice(&self.repeat);
        for column in &self.commitment {
            out.extend_from_slice(column);
        }
        put_u32s(&mut out, &self.page);
        put_u32s(&mut out, &self.language);
        put_u32s(&mut out, &self.attribute_offsets);
        put_u32(&mut out, self.attributes.len() as u32);
        put_u32s(&mut out, &self.attributes);
        out
    }

    /// Reads a feed, checking every length, id and score, so that the aggregation code can
    /// index without checks.
    pub fn decode(bytes: &[u8]) -> Result<Feed, FeedError> {
        let mut input = Reader { bytes, at: 0 };
        if input.take(4)? != MAGIC {
            return Err(FeedError::NotAFeed);
        }
        let version = u16::from_le_bytes(input.array()?);
        if version != FEED_VERSION {
            return Err(FeedError::Version(version));
        }
        let scale = match input.u8()? {
            0 => Scale::ZeroToTen,
            1 => Scale::OneToTen,
            _ => return Err(FeedError::Corrupt("scale")),
        };
        let flags = input.u8()?;
        let modules = crate::survey::Modules { commitment: flags & 1 != 0, repeat_purchase: flags & 2 != 0 };
        let n = input.u32()? as usize;
        let string_count = input.u32()? as usize;
        let mut strings = Vec::with_capacity(string_count.min(bytes.len()));
        for _ in 0..string_count {
            let length = u16::from_le_bytes(input.array()?);
            let text = std::str::from_utf8(input.take(usize::from(length))?)
                .map_err(|_| FeedError::Corrupt("string"))?;
            strings.push(text.to_owned());
        }
        let impression_count = input.u32()? as usize;
        let mut impressions = Vec::with_capacity(impression_count.min(bytes.len() / 16));
        for _ in 0..impression_count {
            let [start, page, language, count] = [input.u32()?, input.u32()?, input.u32()?, input.u32()?];
            impressions.push(Impressions { start, page, language, count });
        }
        let time = input.u32s(n)?;
        let score = input.take(n)?.to_vec();
        let usability = input.take(n)?.to_vec();
        let repeat = input.take(n)?.to_vec();
        let mut commitment: [Vec<u8>; 5] = Default::default();
        for column in &mut commitment {
            *column = input.take(n)?.to_vec();
        }
        let page = input.u32s(n)?;
        let language = input.u32s(n)?;
        let attribute_offsets = input.u32s(n + 1)?;
        let attribute_count = input.u32()? as usize;
        let attributes = input.u32s(attribute_count)?;
        if input.at != bytes.len() {
            return Err(FeedError::Corrupt("trailing bytes"));
        }
        let feed = Feed {
            scale,
            modules,
            strings,
            impressions,
            time,
            score,
            usability,
            repeat,
            commitment,
            page,
            language,
            attribute_offsets,
            attributes,
        };
        feed.check()?;
        Ok(feed)
    }

    fn check(&self) -> Result<(), FeedError> {
        let strings = self.strings.len() as u32;
        let segment = |id: &u32| *id == NO_SEGMENT || *id < strings;
        // The aggregation finds a period by binary search.
        if !self.time.windows(2).all(|pair| pair[0] <= pair[1]) {
            return Err(FeedError::Corrupt("time order"));
        }
        if !self.score.iter().all(|&score| self.scale.contains(score)) {
            return Err(FeedError::Corrupt("score"));
        }
        if !self.usability.iter().all(|&rating| rating <= USABILITY_MAX) {
            return Err(FeedError::Corrupt("usability"));
        }
        if !self.repeat.iter().all(|&count| count <= REPEAT_PURCHASES_MAX || count == NO_REPEAT) {
            return Err(FeedError::Corrupt("repeat purchases"));
        }
        if !self.commitment.iter().flatten().all(|&answer| answer <= COMMITMENT_MAX) {
            return Err(FeedError::Corrupt("commitment"));
        }
        if !(self.page.iter().all(segment) && self.language.iter().all(segment)) {
            return Err(FeedError::Corrupt("segment"));
        }
        if !self.attributes.iter().all(|id| *id < strings) {
            return Err(FeedError::Corrupt("attribute"));
        }
        let offsets_rise = self.attribute_offsets.windows(2).all(|pair| pair[0] <= pair[1]);
        if self.attribute_offsets.first() != Some(&0)
            || !offsets_rise
            || self.attribute_offsets.last().map(|&end| end as usize) != Some(self.attributes.len())
        {
            return Err(FeedError::Corrupt("attribute offsets"));
        }
        let impressions_ok =
            self.impressions.iter().all(|group| segment(&group.page) && segment(&group.language));
        if !impressions_ok {
            return Err(FeedError::Corrupt("impressions"));
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedError {
    NotAFeed,
    Version(u16),
    Truncated,
    Corrupt(&'static str),
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::NotAFeed => write!(f, "the server did not send a results feed"),
            FeedError::Version(version) => write!(
                f,
                "the results feed is version {version}, this page reads version {FEED_VERSION}: reload the page"
            ),
            FeedError::Truncated => write!(f, "the results feed is incomplete"),
            FeedError::Corrupt(part) => write!(f, "the results feed is damaged ({part})"),
        }
    }
}

impl std::error::Error for FeedError {}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_u32s(out: &mut Vec<u8>, values: &[u32]) {
    for &value in values {
        put_u32(out, value);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], FeedError> {
        let end =
            self.at.checked_add(count).filter(|&end| end <= self.bytes.len()).ok_or(FeedError::Truncated)?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], FeedError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    fn u8(&mut self) -> Result<u8, FeedError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, FeedError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u32s(&mut self, count: usize) -> Result<Vec<u32>, FeedError> {
        let bytes = self.take(count.checked_mul(4).ok_or(FeedError::Truncated)?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes(chunk.try_into().expect("chunks of 4")))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Feed {
        let mut feed = Feed::new(Scale::ZeroToTen, Modules { commitment: true, repeat_purchase: false });
        feed.push(&Row {
            time: 1_700_000_000,
            score: 9,
            usability: Some(4),
            repeat: Some(7),
            commitment: [Some(5), None, Some(1), None, Some(3)],
            page: Some("/pricing"),
            language: Some("he"),
            attributes: vec![("plan", "pro"), ("user", "42")],
        });
        feed.push(&Row { time: 1_700_003_600, score: 0, page: Some("/pricing"), ..Row::default() });
        feed.push_impressions(1_699_999_200, Some("/pricing"), None, 12);
        feed
    }

    #[test]
    fn a_feed_survives_encoding() {
        let feed = sample();
        assert_eq!(Feed::decode(&feed.encode()), Ok(feed));
    }

    #[test]
    fn segments_are_shared_in_the_dictionary() {
        let feed = sample();
        assert_eq!(feed.strings, ["page:/pricing", "lang:he", "attr:plan=pro", "attr:user=42"]);
        assert_eq!(feed.page, [0, 0]);
        assert_eq!(feed.language, [1, NO_SEGMENT]);
        assert_eq!(feed.attributes_of(0), [2, 3]);
        assert_eq!(feed.attributes_of(1), [] as [u32; 0]);
        assert_eq!(feed.impressions[0].page, 0);
    }

    #[test]
    fn segment_names_are_read_as_the_dictionary_writes_them() {
        let mut feed = sample();
        feed.push(&Row { language: Some("fr"), attributes: vec![("ref", "a=b")], ..Row::default() });
        for name in &feed.strings {
            assert_eq!(name.parse::<Segment>().unwrap().to_string(), *name);
        }
        assert_eq!("page:/a?b=c".parse(), Ok(Segment::Page("/a?b=c".to_owned())));
        assert_eq!(
            "attr:ref=a=b".parse(),
            Ok(Segment::Attribute { key: "ref".to_owned(), value: "a=b".to_owned() })
        );
        for malformed in ["", "/pricing", "plan=pro", "attr:plan", "attr:=pro", "Page:/", "language:en"] {
            assert_eq!(malformed.parse::<Segment>(), Err(SegmentError(malformed.to_owned())), "{malformed}");
        }
    }

    #[test]
    fn appending_merges_the_dictionaries() {
        let mut first = Feed::new(Scale::ZeroToTen, Modules::default());
        first.push(&Row { time: 10, score: 5, language: Some("he"), ..Row::default() });
        let mut all = first.clone();
        all.append(&sample());
        assert_eq!(all.len(), 3);
        assert_eq!(all.strings, ["lang:he", "page:/pricing", "attr:plan=pro", "attr:user=42"]);
        assert_eq!(all.language, [0, 0, NO_SEGMENT]);
        assert_eq!(all.page, [NO_SEGMENT, 1, 1]);
        assert_eq!(all.attributes_of(0), [] as [u32; 0]);
        assert_eq!(all.attributes_of(1), [2, 3]);
        assert_eq!(all.impressions[0].page, 1);
        assert_eq!(Feed::decode(&all.encode()), Ok(all));
    }

    #[test]
    fn an_empty_feed_survives_encoding() {
        let feed = Feed::new(Scale::OneToTen, Modules::default());
        assert_eq!(Feed::decode(&feed.encode()), Ok(feed));
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = sample().encode();
        for end in 0..bytes.len() {
            assert!(Feed::decode(&bytes[..end]).is_err(), "decoded {end} of {} bytes", bytes.len());
        }
    }

    #[test]
    fn foreign_and_newer_feeds_are_refused() {
        assert_eq!(Feed::decode(b"{\"version\": 1}"), Err(FeedError::NotAFeed));
        let mut bytes = sample().encode();
        bytes[4] = 9;
        assert_eq!(Feed::decode(&bytes), Err(FeedError::Version(9)));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let mut feed = sample();
        feed.score[1] = 11;
        assert_eq!(Feed::decode(&feed.encode()), Err(FeedError::Corrupt("score")));
        let mut feed = sample();
        feed.page[1] = 99;
        assert_eq!(Feed::decode(&feed.encode()), Err(FeedError::Corrupt("segment")));
        let mut feed = sample();
        feed.attribute_offsets[1] = 5;
        assert!(Feed::decode(&feed.encode()).is_err());
    }

    #[test]
    fn zero_is_refused_on_the_one_to_ten_scale() {
        let mut feed = Feed::new(Scale::OneToTen, Modules::default());
        feed.push(&Row { score: 0, ..Row::default() });
        assert_eq!(Feed::decode(&feed.encode()), Err(FeedError::Corrupt("score")));
    }
}
