//! Property tests over what arrives from outside: answers and displays as a browser (or
//! anyone) may post them, and results feeds as the results page downloads them. Whatever
//! comes in, nothing panics; what validation lets through obeys every rule, checked here
//! against the rules as the README states them; what the feed decoder lets through is a
//! feed the aggregation can index without checks. `PROPTEST_CASES` sets how many cases.

use std::collections::BTreeMap;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use pulse_core::api::{Impression, ResponseSubmission};
use pulse_core::feed::{Feed, Row, FEED_VERSION, NO_REPEAT, NO_SEGMENT};
use pulse_core::nps::Scale;
use pulse_core::report::{aggregate, Filter};
use pulse_core::survey::{Language, Modules};
use pulse_core::validation::{validate, validate_impression};
use pulse_core::zone::Zone;
use serde_json::{json, Map, Value};

// ---- Answers -------------------------------------------------------------------------

/// Characters no rule objects to anywhere, attribute names' included.
const CLEAN: &[char] = &['a', 'Z', '7', '_', '.', '-'];
/// Characters on the other side of some rule: spaces, line breaks, C0 and C1 controls,
/// multi-byte letters, an emoji, markup.
const TRICKY: &[char] = &[
    'a', '_', ' ', '/', '=', '<', '\n', '\r', '\t', '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}',
    'é', '😀',
];

/// A short text or one about `limit` characters long, mostly of clean characters.
fn text_near(limit: usize) -> impl Strategy<Value = String> {
    let length = prop_oneof![3 => 0..=8usize, 1 => limit - 2..=limit + 2];
    (prop_oneof![3 => Just(CLEAN), 1 => Just(TRICKY)], length)
        .prop_flat_map(|(pool, length)| vec(select(pool), length))
        .prop_map(String::from_iter)
}

/// A whole number, mostly within `valid`, sometimes just outside, sometimes anything.
fn number(valid: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = Value> {
    let near = valid.start() - 2..=valid.end() + 2;
    prop_oneof![6 => valid, 2 => near, 1 => any::<i64>()].prop_map(Value::from)
}

/// Any JSON at all: the wrong type for whatever field it lands in, most of the time.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|number| json!(number)),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            btree_map("[a-z_]{0,8}", inner, 0..5).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A field's value: mostly of the right type (`typed`), sometimes anything.
fn field(typed: impl Strategy<Value = Value>) -> impl Strategy<Value = Option<Value>> {
    proptest::option::weighted(0.7, prop_oneof![20 => typed, 1 => any_json()])
}

fn submission_json() -> impl Strategy<Value = Value> {
    let id = prop_oneof![
        10 => any::<u128>().prop_map(|bits| uuid::Uuid::from_u128(bits).to_string()),
        1 => "[0-9a-f-]{30,40}",
        1 => "\\PC{0,40}",
    ];
    let statement = prop_oneof![
        10 => select(&["affective", "normative", "economic", "forced", "habitual"][..]),
        1 => Just("loyalty"),
    ];
    let commitment = btree_map(statement, number(1..=5), 0..6).prop_map(|map| json!(map));
    let language = prop_oneof![select(&Language::NAMES[..]).prop_map(str::to_owned), "[a-z]{0,3}"];
    let key = prop_oneof![text_near(64), "[a-z]{1,8}"];
    let value = prop_oneof![text_near(256).prop_map(Value::from), "[a-z]{0,8}".prop_map(Value::from)];
    let attributes =
        prop_oneof![3 => btree_map(key.clone(), value.clone(), 0..4), 1 => btree_map(key, value, 18..24)]
            .prop_map(|map| json!(map));
    (
        (
            proptest::option::weighted(0.95, id.prop_map(Value::from)),
            field(number(0..=10)),
            field(number(1..=5)),
        ),
        (field(text_near(2_000).prop_map(Value::from)), field(commitment), field(number(0..=10))),
        (
            field(language.prop_map(Value::from)),
            field(text_near(512).prop_map(Value::from)),
            field(attributes),
        ),
        proptest::option::weighted(0.02, any_json()),
    )
        .prop_map(
            |((id, nps, usability), (comment, commitment, repeat), (language, page, attributes), extra)| {
                let fields = [
                    ("id", id),
                    ("nps", nps),
                    ("usability", usability),
                    ("comment", comment),
                    ("commitment", commitment),
                    ("repeat_purchases", repeat),
                    ("language", language),
                    ("page", page),
                    ("attributes", attributes),
                    ("admin", extra),
                ];
                Value::Object(
                    fields
                        .into_iter()
                        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
                        .collect::<Map<_, _>>(),
                )
            },
        )
}

/// The README's rules, one field at a time: the fields of `answer` that break one.
fn broken_rules(answer: &ResponseSubmission, scale: Scale) -> Vec<&'static str> {
    let one_line =
        |text: &str, max: usize| text.chars().count() <= max && !text.chars().any(char::is_control);
    let comment = answer.comment.as_deref().map(str::trim).unwrap_or_default();
    let comment_ok = comment.chars().count() <= 2_000
        && comment.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    let attribute_ok = |(key, value): (&String, &String)| {
        (1..=64).contains(&key.len())
            && key.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"_.-".contains(&byte))
            && one_line(value, 256)
    };
    let checks = [
        ("id", uuid::Uuid::try_parse(&answer.id).is_ok()),
        ("nps", (i64::from(scale.min())..=10).contains(&answer.nps)),
        ("usability", answer.usability.is_none_or(|rating| (1..=5).contains(&rating))),
        ("comment", comment_ok),
        ("commitment", answer.commitment.values().all(|agreement| (1..=5).contains(agreement))),
        ("repeat_purchases", answer.repeat_purchases.is_none_or(|count| (0..=10).contains(&count))),
        ("language", answer.language.as_deref().is_none_or(|code| Language::NAMES.contains(&code))),
        ("page", answer.page.as_deref().is_none_or(|page| one_line(page, 512))),
        ("attributes", answer.attributes.len() <= 20 && answer.attributes.iter().all(attribute_ok)),
    ];
    checks.into_iter().filter(|(_, ok)| !ok).map(|(field, _)| field).collect()
}

/// Validates `answer` on `scale`: accepted exactly when it breaks no rule, then kept as
/// sent (the comment trimmed, a blank one dropped); refused naming a field it breaks.
fn check_validation(answer: &ResponseSubmission, scale: Scale) {
    let broken = broken_rules(answer, scale);
    match validate(answer, scale) {
        Ok(valid) => {
            assert!(broken.is_empty(), "accepted although {broken:?} break their rules: {answer:?}");
            assert_eq!(valid.id, uuid::Uuid::try_parse(&answer.id).unwrap());
            assert_eq!(i64::from(valid.nps), answer.nps);
            assert_eq!(valid.usability.map(i64::from), answer.usability);
            let comment = answer.comment.as_deref().map(str::trim).filter(|text| !text.is_empty());
            assert_eq!(valid.comment.as_deref(), comment);
            let commitment: BTreeMap<_, _> =
                valid.commitment.iter().map(|(&k, &v)| (k, i64::from(v))).collect();
            assert_eq!(commitment, answer.commitment);
            assert_eq!(valid.repeat_purchases.map(i64::from), answer.repeat_purchases);
            assert_eq!(valid.language, answer.language);
            assert_eq!(valid.page, answer.page);
            assert_eq!(valid.attributes, answer.attributes);
        }
        Err(error) => {
            assert!(broken.contains(&error.field), "refused for {error} but only {broken:?} break rules");
            assert!(!error.message.is_empty());
        }
    }
}

proptest! {
    #[test]
    fn posted_answers_never_panic_and_only_valid_ones_pass(body in submission_json()) {
        let text = body.to_string();
        if let Ok(answer) = serde_json::from_str::<ResponseSubmission>(&text) {
            check_validation(&answer, Scale::OneToTen);
            check_validation(&answer, Scale::ZeroToTen);
        }
    }

    #[test]
    fn any_bytes_as_an_answer_or_a_display_never_panic(bytes in vec(any::<u8>(), 0..256)) {
        if let Ok(answer) = serde_json::from_slice::<ResponseSubmission>(&bytes) {
            check_validation(&answer, Scale::ZeroToTen);
        }
        if let Ok(impression) = serde_json::from_slice::<Impression>(&bytes) {
            let _ = validate_impression(&impression);
        }
    }

    #[test]
    fn any_json_as_an_answer_never_panics(body in any_json()) {
        if let Ok(answer) = serde_json::from_value::<ResponseSubmission>(body) {
            check_validation(&answer, Scale::ZeroToTen);
        }
    }

    #[test]
    fn displays_pass_exactly_when_language_and_page_follow_the_rules(
        language in proptest::option::of(prop_oneof![select(&Language::NAMES[..]).prop_map(str::to_owned), "\\PC{0,3}"]),
        page in proptest::option::of(text_near(512)),
    ) {
        let impression = Impression { language: language.clone(), page: page.clone() };
        // The same rules as an answer's, checked on an answer that is otherwise valid.
        let answer = ResponseSubmission {
            id: uuid::Uuid::nil().to_string(),
            nps: 5,
            language: language.clone(),
            page: page.clone(),
            ..ResponseSubmission::default()
        };
        match validate_impression(&impression) {
            Ok(valid) => {
                prop_assert!(broken_rules(&answer, Scale::OneToTen).is_empty());
                prop_assert_eq!((valid.language, valid.page), (language, page));
            }
            Err(error) => prop_assert!(broken_rules(&answer, Scale::OneToTen).contains(&error.field)),
        }
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    for depth in [1_000, 100_000] {
        let body = format!(r#"{{"id": "x", "nps": 9, "attributes": {}"#, "[".repeat(depth));
        assert!(serde_json::from_str::<ResponseSubmission>(&body).is_err());
        assert!(serde_json::from_str::<ResponseSubmission>(&"[".repeat(depth)).is_err());
    }
}

// ---- Results feeds -------------------------------------------------------------------

/// One answer's columns, owned, to build a [`Row`] from.
#[derive(Clone, Debug)]
struct OwnedRow {
    gap: u32,
    score: u8,
    usability: Option<u8>,
    repeat: Option<u8>,
    commitment: [Option<u8>; 5],
    page: Option<String>,
    language: Option<&'static str>,
    attributes: Vec<(String, String)>,
}

fn owned_row(scale: Scale) -> impl Strategy<Value = OwnedRow> {
    (
        prop_oneof![0..100u32, 0..10_000_000u32],
        scale.min()..=10,
        proptest::option::of(1..=5u8),
        proptest::option::of(0..=10u8),
        [0..=5u8, 0..=5u8, 0..=5u8, 0..=5u8, 0..=5u8],
        proptest::option::of("/[a-z]{0,3}"),
        proptest::option::of(select(&Language::NAMES[..])),
        vec(("[a-c]{1,2}", "[x-z]{0,2}"), 0..3),
    )
        .prop_map(|(gap, score, usability, repeat, commitment, page, language, attributes)| OwnedRow {
            gap,
            score,
            usability,
            repeat,
            commitment: commitment.map(|answer| (answer > 0).then_some(answer)),
            page,
            language,
            attributes,
        })
}

/// A feed as the server builds it: answers in time order, then displays.
fn valid_feed() -> impl Strategy<Value = Feed> {
    prop_oneof![Just(Scale::OneToTen), Just(Scale::ZeroToTen)].prop_flat_map(feed_on)
}

/// A valid feed on `scale`.
fn feed_on(scale: Scale) -> impl Strategy<Value = Feed> {
    (any::<(bool, bool)>(), any::<u32>())
        .prop_flat_map(move |((commitment, repeat_purchase), start)| {
            let displays = vec((any::<u32>(), proptest::option::of("/[a-z]{0,3}"), 0..1_000u32), 0..4);
            (
                Just(Feed::new(scale, Modules { commitment, repeat_purchase })),
                Just(start),
                vec(owned_row(scale), 0..40),
                displays,
            )
        })
        .prop_map(|(mut feed, start, rows, displays)| {
            let mut time = start;
            for row in &rows {
                time = time.saturating_add(row.gap);
                feed.push(&Row {
                    time,
                    score: row.score,
                    usability: row.usability,
                    repeat: row.repeat,
                    commitment: row.commitment,
                    page: row.page.as_deref(),
                    language: row.language,
                    attributes: row.attributes.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
                });
            }
            for (hour, page, count) in &displays {
                feed.push_impressions(*hour, page.as_deref(), Some("en"), *count);
            }
            feed
        })
}

/// Ways a feed gets damaged on the way: a bit flipped, a byte or a whole number
/// overwritten, bytes cut off, added or lost.
#[derive(Clone, Debug)]
enum Damage {
    Flip(Index, u8),
    Byte(Index, u8),
    Word(Index, u32),
    Cut(Index),
    Insert(Index, u8),
    Remove(Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Damage::Flip(at, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Damage::Byte(at, byte)),
        (any::<Index>(), prop_oneof![Just(0), Just(u32::MAX), any::<u32>()])
            .prop_map(|(at, word)| Damage::Word(at, word)),
        any::<Index>().prop_map(Damage::Cut),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Damage::Insert(at, byte)),
        any::<Index>().prop_map(Damage::Remove),
    ]
}

fn apply(bytes: &mut Vec<u8>, damage: &Damage) {
    let length = bytes.len();
    if length == 0 {
        return;
    }
    match damage {
        Damage::Flip(at, bit) => bytes[at.index(length)] ^= 1 << bit,
        Damage::Byte(at, byte) => bytes[at.index(length)] = *byte,
        Damage::Word(at, word) => {
            let start = at.index(length);
            let end = (start + 4).min(length);
            bytes[start..end].copy_from_slice(&word.to_le_bytes()[..end - start]);
        }
        Damage::Cut(at) => bytes.truncate(at.index(length)),
        Damage::Insert(at, byte) => bytes.insert(at.index(length + 1), *byte),
        Damage::Remove(at) => {
            bytes.remove(at.index(length));
        }
    }
}

/// What the aggregation relies on without checking, stated from the layout's definition.
fn assert_consistent(feed: &Feed) {
    let n = feed.time.len();
    let columns =
        [feed.score.len(), feed.usability.len(), feed.repeat.len(), feed.page.len(), feed.language.len()];
    assert!(columns
        .iter()
        .chain(feed.commitment.iter().map(Vec::len).collect::<Vec<_>>().iter())
        .all(|&len| len == n));
    assert_eq!(feed.attribute_offsets.len(), n + 1);
    assert_eq!(feed.attribute_offsets[0], 0);
    assert!(feed.attribute_offsets.windows(2).all(|pair| pair[0] <= pair[1]));
    assert_eq!(feed.attribute_offsets[n] as usize, feed.attributes.len());
    assert!(feed.time.windows(2).all(|pair| pair[0] <= pair[1]), "answers out of time order");
    assert!(feed.score.iter().all(|&score| score >= feed.scale.min() && score <= 10));
    assert!(feed.usability.iter().all(|&rating| rating <= 5));
    assert!(feed.repeat.iter().all(|&count| count <= 10 || count == NO_REPEAT));
    assert!(feed.commitment.iter().flatten().all(|&agreement| agreement <= 5));
    let strings = feed.strings.len();
    let segment_ok = |id: u32| id == NO_SEGMENT || (id as usize) < strings;
    assert!(feed.page.iter().chain(&feed.language).all(|&id| segment_ok(id)));
    assert!(feed.attributes.iter().all(|&id| (id as usize) < strings));
    assert!(feed.impressions.iter().all(|group| segment_ok(group.page) && segment_ok(group.language)));
}

/// Aggregates every answer, then with `filter`: counts add up, nothing panics.
fn assert_aggregates(feed: &Feed, filter: &Filter) {
    let all = aggregate(feed, &Filter::default());
    assert_eq!(all.tally.total(), feed.len() as u64);
    assert_eq!(all.distribution.iter().sum::<u64>(), feed.len() as u64);
    assert_eq!(all.days.iter().map(|day| day.total()).sum::<u64>(), feed.len() as u64);
    assert_eq!(all.segments.len(), feed.strings.len());
    assert!(aggregate(feed, filter).tally.total() <= all.tally.total());
}

/// A zone whose clocks change once, at any second, between any two offsets of whole
/// quarter hours from UTC−14 to UTC+14: forward or back, over midnight or not.
fn zone() -> impl Strategy<Value = Zone> {
    (any::<u32>(), -56..=56i32, -56..=56i32)
        .prop_map(|(change, before, after)| changing(change, before, after))
}

fn changing(change: u32, before: i32, after: i32) -> Zone {
    let change = i64::from(change);
    let offset_at = |time: i64| if time < change { before * 900 } else { after * 900 };
    Zone::sampled(change - 3 * 86_400, change + 3 * 86_400, offset_at)
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        proptest::option::of(any::<u32>()),
        proptest::option::of(any::<u32>()),
        vec(prop_oneof![0..8u32, Just(NO_SEGMENT)], 0..3),
        zone(),
    )
        .prop_map(|(from, to, segments, zone)| Filter { from, to, category: None, segments, zone })
}

proptest! {
    /// Every second falls in one day, between that day's midnight and the next one's,
    /// which the aggregation relies on to count days without dividing.
    #[test]
    fn each_second_lies_between_its_days_midnights(
        day in 1..40_000u32,
        before in -56..=56i32,
        // The clocks move by up to three hours, as everywhere but across the date line.
        shift in -12..=12i32,
        // When the clocks change, in minutes from the local midnight: near it, where days
        // can lose or repeat their 00:00.
        minutes in -180..=180i32,
        // The second asked about, from the change: within the days around it.
        from_change in -172_800..=172_800i64,
    ) {
        let change = (i64::from(day) * 86_400 - i64::from(before * 900) + i64::from(minutes * 60)) as u32;
        let zone = changing(change, before, before + shift);
        let time = i64::from(change) + from_change;
        let day = zone.day_of(time);
        let midnight = zone.midnight(day);
        prop_assert!(midnight <= time && time < zone.midnight(day + 1), "day {day}");
        // A day starts at its 00:00 on the local clock, or at the jump over it.
        let local = midnight + zone.offset_at(midnight) - i64::from(day) * 86_400;
        prop_assert!((0..=3 * 3600).contains(&local), "day {day} starts at local {local} s");
    }

    #[test]
    fn feeds_survive_encoding(feed in valid_feed(), filter in filter()) {
        let bytes = feed.encode();
        prop_assert_eq!(Feed::decode(&bytes), Ok(feed.clone()));
        assert_consistent(&feed);
        assert_aggregates(&feed, &filter);
    }

    #[test]
    fn appended_feeds_survive_encoding(
        (mut first, mut later) in prop_oneof![Just(Scale::OneToTen), Just(Scale::ZeroToTen)]
            .prop_flat_map(|scale| (feed_on(scale), feed_on(scale))),
    ) {
        // The server appends day blocks of one survey: the later block's answers come after.
        let last = first.time.last().copied().unwrap_or(0);
        let offset = last.saturating_sub(later.time.first().copied().unwrap_or(0));
        later.time.iter_mut().for_each(|time| *time = time.saturating_add(offset));
        first.append(&later);
        assert_consistent(&first);
        prop_assert_eq!(Feed::decode(&first.encode()), Ok(first));
    }

    #[test]
    fn damaged_feeds_are_refused_or_still_consistent(
        feed in valid_feed(),
        damages in vec(damage(), 1..4),
        filter in filter(),
    ) {
        let mut bytes = feed.encode();
        for damage in &damages {
            apply(&mut bytes, damage);
        }
        if let Ok(decoded) = Feed::decode(&bytes) {
            assert_consistent(&decoded);
            // What was decoded is kept whole: encoded again, it decodes to the same feed.
            prop_assert_eq!(Feed::decode(&decoded.encode()), Ok(decoded.clone()));
            assert_aggregates(&decoded, &filter);
        }
    }

    #[test]
    fn any_bytes_are_refused_or_a_consistent_feed(
        mut bytes in vec(any::<u8>(), 0..512),
        header in any::<bool>(),
        filter in filter(),
    ) {
        // Half the time past the magic and version, so the rest of the decoder is reached.
        if header {
            bytes.splice(0..0, [b"PLSF".as_slice(), &FEED_VERSION.to_le_bytes()].concat());
        }
        if let Ok(decoded) = Feed::decode(&bytes) {
            assert_consistent(&decoded);
            prop_assert_eq!(Feed::decode(&decoded.encode()), Ok(decoded.clone()));
            assert_aggregates(&decoded, &filter);
        }
    }
}
