//! What can go wrong with any JSON body, whatever its endpoint: its size, its syntax, its
//! nesting, its numbers, its encoding and its content type.

use serde_json::Value;

use super::request::{bad, Bad, Endpoint, BAD_BODY, BROKEN_RULE, TOO_LARGE, UNREADABLE, WRONG_TYPE};

/// What can go wrong with any JSON body, sent to `endpoint`; `valid` is a body it takes.
pub fn malformed(endpoint: &Endpoint, valid: &Value) -> Vec<Bad> {
    let json = Some("application/json");
    let text = valid.to_string();
    // `valid` with the value of its first field written as `token`, so that the parser
    // reaches it (an unknown field would be refused before its value is read).
    let first = valid.as_object().and_then(|fields| fields.keys().next()).cloned().unwrap_or_default();
    let with = |token: &str| {
        let mut body = valid.clone();
        body[&first] = Value::from("@@");
        body.to_string().replacen(r#""@@""#, token, 1)
    };
    let duplicated = text.replacen('{', &format!("{{{:?}: {}, ", first, valid[&first]), 1);
    // The first field's value a string of bytes that are not UTF-8.
    let mut invalid_utf8 = with(r#""@@""#).into_bytes();
    let at = invalid_utf8.windows(2).position(|pair| pair == b"@@").unwrap_or_default();
    invalid_utf8.splice(at..at + 2, [0xff, 0xfe, 0xc0, 0x80]);
    // As deep as the body limit allows.
    let depth = endpoint.limit - 1;
    let mut all = vec![
        bad(endpoint, "a body one byte over the limit", json, sized(&text, endpoint.limit + 1), TOO_LARGE),
        // Read in full and parsed, so refused for what any size of it is refused for.
        bad(
            endpoint,
            "a body of exactly the limit, with a duplicate key",
            json,
            sized(&duplicated, endpoint.limit),
            BROKEN_RULE,
        ),
        bad(endpoint, "a body of 4 MiB", json, sized(&text, 4 << 20), TOO_LARGE),
        // Refused as too deep, or as the wrong type before the parser goes deep.
        bad(endpoint, "arrays nested as deep as the limit allows", json, "[".repeat(depth), UNREADABLE),
        bad(
            endpoint,
            "objects nested as deep as the limit allows",
            json,
            r#"{"a":"#.repeat(depth / 5),
            UNREADABLE,
        ),
        bad(endpoint, "truncated JSON", json, text[..text.len() / 2].to_owned(), BAD_BODY),
        bad(endpoint, "an empty body", json, String::new(), BAD_BODY),
        bad(endpoint, "NaN", json, with("NaN"), BAD_BODY),
        bad(endpoint, "a lone surrogate", json, with(r#""\ud800""#), BAD_BODY),
        bad(endpoint, "a number of 400 digits", json, with(&"9".repeat(400)), UNREADABLE),
        bad(endpoint, "1e400", json, with("1e400"), UNREADABLE),
        bad(endpoint, "a list", json, format!("[{text}]"), BROKEN_RULE),
        bad(endpoint, "a string", json, r#""hello""#, BROKEN_RULE),
        bad(endpoint, "null", json, "null", BROKEN_RULE),
        bad(endpoint, "a duplicate key", json, duplicated, BROKEN_RULE),
        bad(endpoint, "no content type", None, text.clone(), WRONG_TYPE),
        bad(endpoint, "XML", Some("application/xml"), "<answer nps=\"9\"/>", WRONG_TYPE),
        bad(endpoint, "a form", Some("application/x-www-form-urlencoded"), "nps=9", WRONG_TYPE),
        bad(
            endpoint,
            "multipart",
            Some("multipart/form-data; boundary=x"),
            format!("--x\r\n\r\n{text}\r\n--x--"),
            WRONG_TYPE,
        ),
        bad(endpoint, "HTML", Some("text/html"), text.clone(), WRONG_TYPE),
    ];
    all.push(bad(endpoint, "invalid UTF-8", json, invalid_utf8, BAD_BODY));
    if !endpoint.beacon {
        all.push(bad(endpoint, "JSON as text/plain", Some("text/plain"), text, WRONG_TYPE));
    }
    all
}

/// `json` followed by spaces up to `length` bytes: as valid as `json`, only larger.
pub fn sized(json: &str, length: usize) -> String {
    format!("{json}{}", " ".repeat(length - json.len()))
}
