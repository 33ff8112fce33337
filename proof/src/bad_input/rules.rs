//! Bodies that are well-formed JSON of the right type but break one of the rules of their
//! endpoint: each limit of core's validation one past its bound, wrong types, unknown
//! names and fields.

use pulse_core::nps::Scale;
use pulse_core::validation::{
    ATTRIBUTES_MAX, ATTRIBUTE_KEY_MAX_CHARS, ATTRIBUTE_VALUE_MAX_CHARS, COMMENT_MAX_CHARS, COMMITMENT_MIN,
    PAGE_MAX_CHARS, REPEAT_PURCHASES_MAX, SURVEY_ID_MAX_CHARS, USABILITY_MAX,
};
use serde_json::{json, Value};

use super::request::{bad, Bad, Endpoint, BROKEN_RULE, TOO_LARGE};
use crate::site::ADMIN;

const JSON: Option<&str> = Some("application/json");
/// The scale of the site's survey.
const SCALE: Scale = Scale::ZeroToTen;

/// `valid` is an answer the endpoint takes.
pub fn answers(endpoint: &Endpoint, valid: &Value) -> Vec<Bad> {
    let rules = [
        ("score above the scale", "nps", json!(SCALE.max() + 1)),
        ("score below the scale", "nps", json!(i16::from(SCALE.min()) - 1)),
        ("score as a string", "nps", json!("9")),
        ("score as a fraction", "nps", json!(8.5)),
        ("score null", "nps", Value::Null),
        ("usability over its scale", "usability", json!(USABILITY_MAX + 1)),
        ("id not a UUID", "id", json!("1 OR 1=1")),
        ("id a number", "id", json!(42)),
        ("comment a character too long", "comment", json!("x".repeat(COMMENT_MAX_CHARS + 1))),
        ("comment with a NUL", "comment", json!("a\u{0}b")),
        ("comment an object", "comment", json!({"html": "<b>"})),
        ("unknown language", "language", json!("xx")),
        ("page a character too long", "page", json!("/".repeat(PAGE_MAX_CHARS + 1))),
        ("page with an escape character", "page", json!("/a\u{1b}[31m")),
        ("commitment under its scale", "commitment", json!({"affective": COMMITMENT_MIN - 1})),
        ("unknown commitment", "commitment", json!({"loyalty": 3})),
        ("repeat purchases one too many", "repeat_purchases", json!(REPEAT_PURCHASES_MAX + 1)),
        ("one attribute too many", "attributes", many(ATTRIBUTES_MAX + 1, 3, 1)),
        ("1,000 attributes", "attributes", many(1_000, 4, 1)),
        ("attribute name a character too long", "attributes", many(1, ATTRIBUTE_KEY_MAX_CHARS + 1, 1)),
        ("attribute value a character too long", "attributes", many(1, 4, ATTRIBUTE_VALUE_MAX_CHARS + 1)),
        ("attribute value of 20,000 characters", "attributes", many(1, 4, 20_000)),
        ("attribute name with a space", "attributes", json!({"a b": "v"})),
        ("attribute name of markup", "attributes", json!({"<script>": "v"})),
        ("attribute value a number", "attributes", json!({"plan": 3})),
        ("attribute value an object", "attributes", json!({"plan": {"a": 1}})),
        ("attributes a list", "attributes", json!(["plan", "pro"])),
        ("unknown field", "admin", json!(true)),
    ];
    let mut all: Vec<Bad> = rules
        .into_iter()
        .map(|(what, field, value)| {
            bad(endpoint, what, JSON, with_field(valid, field, value).to_string(), BROKEN_RULE)
        })
        .collect();
    let body = with_field(valid, "attributes", many(5_000, 4, 8)).to_string();
    all.push(bad(endpoint, "attributes over the body limit", JSON, body, TOO_LARGE));
    all
}

pub fn displays(endpoint: &Endpoint) -> Vec<Bad> {
    [
        ("unknown language", json!({"language": "xx"})),
        ("page a character too long", json!({"page": "p".repeat(PAGE_MAX_CHARS + 1)})),
        ("page with a NUL", json!({"page": "/\u{0}"})),
        ("unknown field", json!({"count": 1000})),
    ]
    .into_iter()
    .map(|(what, body)| bad(endpoint, what, JSON, body.to_string(), BROKEN_RULE))
    .collect()
}

pub fn login(endpoint: &Endpoint) -> Vec<Bad> {
    [
        ("no password", json!({"email": ADMIN})),
        ("email a number", json!({"email": 1, "password": "x"})),
        ("password a list", json!({"email": ADMIN, "password": ["a", "b"]})),
        ("unknown field", json!({"email": ADMIN, "password": "x", "role": "admin"})),
    ]
    .into_iter()
    .map(|(what, body)| bad(endpoint, what, JSON, body.to_string(), BROKEN_RULE))
    .collect()
}

/// `valid` is a survey `create` takes; `update` is the site's survey's own address.
pub fn surveys(create: &Endpoint, update: &Endpoint, valid: &Value) -> Vec<Bad> {
    let mut all: Vec<Bad> = [
        ("id with a path", "id", json!("../demo")),
        ("id a character too long", "id", json!("s".repeat(SURVEY_ID_MAX_CHARS + 1))),
        ("no company", "company", json!(" ")),
        ("unknown scale", "scale", json!("one_to_five")),
        ("unknown language", "language", json!("zz")),
        ("script as an origin", "allowed_origins", json!(["javascript:alert(1)"])),
        ("sample of 300 %", "targeting", json!({"sample_percent": 300})),
        ("negative delay", "targeting", json!({"delay_seconds": -1})),
        ("texts of an unknown language", "texts", json!({"xx": {"thanks": "Hi"}})),
        ("a text of 10,000 characters", "texts", json!({"en": {"thanks": "x".repeat(10_000)}})),
        ("archived as a string", "archived", json!("yes")),
    ]
    .into_iter()
    .map(|(what, field, value)| {
        bad(create, what, JSON, with_field(valid, field, value).to_string(), BROKEN_RULE)
    })
    .collect();
    let other = json!({"id": "other", "company": "X"}).to_string();
    all.push(bad(update, "another id than the path's", JSON, other, BROKEN_RULE));
    all
}

/// `valid` is an account `endpoint` adds.
pub fn users(endpoint: &Endpoint, valid: &Value) -> Vec<Bad> {
    let mut all: Vec<Bad> = [
        ("not an email", "email", json!("root")),
        ("short password", "password", json!("short")),
        ("unknown role", "role", json!("root")),
    ]
    .into_iter()
    .map(|(what, field, value)| {
        bad(endpoint, what, JSON, with_field(valid, field, value).to_string(), BROKEN_RULE)
    })
    .collect();
    let taken = with_field(valid, "email", json!(ADMIN)).to_string();
    all.push(bad(endpoint, "the admin's own email again", JSON, taken, &[409]));
    all
}

/// `count` attributes, their names of `key_length` digits, their values of `value_length`.
fn many(count: usize, key_length: usize, value_length: usize) -> Value {
    (0..count)
        .map(|i| (format!("{i:0>key_length$}"), Value::from("v".repeat(value_length))))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// `body` with `field` set to `value`.
fn with_field(body: &Value, field: &str, value: Value) -> Value {
    let mut body = body.clone();
    body[field] = value;
    body
}
