//! Survey ids and paths with tricks in them, to the widget's endpoints and the admins'.

use serde_json::json;

use super::request::{Bad, BAD_BODY, NOT_FOUND};
use crate::site::SURVEY;

/// Survey ids and paths with tricks in them: traversal, encoded separators, NUL, other
/// case, huge, bytes that are not UTF-8.
pub fn tricky() -> Vec<Bad> {
    let body = json!({"id": uuid::Uuid::new_v4().to_string(), "nps": 9}).to_string();
    let json = Some("application/json");
    let mut all = Vec::new();
    for survey in [
        "..%2Fdemo".to_owned(),
        "%2e%2e".into(),
        "proof%00".into(),
        "PROOF".into(),
        "proof%20".into(),
        "proof;demo".into(),
        "%ff%fe".into(),
        "%zz".into(),
        "s".repeat(10_000),
        "demo/../proof".into(),
    ] {
        let target = format!("/api/v1/surveys/{survey}/responses");
        let any_4xx: &'static [u16] = &[400, 404];
        all.push(Bad {
            what: "answer to a tricky survey id".into(),
            method: "POST",
            target: target.clone(),
            content_type: json,
            signed_in: false,
            body: body.clone().into_bytes(),
            statuses: any_4xx,
        });
        all.push(Bad {
            what: "configuration of a tricky survey id".into(),
            method: "GET",
            target: target.trim_end_matches("/responses").to_owned(),
            content_type: None,
            signed_in: false,
            body: Vec::new(),
            statuses: any_4xx,
        });
    }
    let admin = |what: &str, method, target: String, statuses| Bad {
        what: what.into(),
        method,
        target,
        content_type: None,
        signed_in: true,
        body: Vec::new(),
        statuses,
    };
    all.extend([
        admin(
            "archive through a traversal",
            "POST",
            "/api/v1/admin/surveys/..%2F..%2Fsession/archive".into(),
            NOT_FOUND,
        ),
        admin(
            "archive an id that is not UTF-8",
            "POST",
            "/api/v1/admin/surveys/%ff/archive".into(),
            &[400, 404],
        ),
        admin(
            "delete an answer id that is not a UUID",
            "DELETE",
            format!("/api/v1/admin/surveys/{SURVEY}/responses/1%20OR%201=1"),
            &[400, 404],
        ),
        admin(
            "delete an answer of an unknown survey",
            "DELETE",
            format!("/api/v1/admin/surveys/nope/responses/{}", uuid::Uuid::new_v4()),
            NOT_FOUND,
        ),
        admin(
            "delete an account that is a traversal",
            "DELETE",
            "/api/v1/admin/users/..%2F..%2Fsurveys".into(),
            NOT_FOUND,
        ),
        admin("delete an account not UTF-8", "DELETE", "/api/v1/admin/users/%ff".into(), &[400, 404]),
        admin(
            "delete by attribute without a value",
            "DELETE",
            "/api/v1/admin/responses?attribute=plan".into(),
            BAD_BODY,
        ),
        admin("delete by attribute with nothing", "DELETE", "/api/v1/admin/responses".into(), BAD_BODY),
        admin(
            "answers with limit 0",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?limit=0"),
            BAD_BODY,
        ),
        admin(
            "answers with a huge limit",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?limit=99999999999999999999"),
            BAD_BODY,
        ),
        admin(
            "answers from a word",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?from=yesterday"),
            BAD_BODY,
        ),
        admin(
            "answers after a forged cursor",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?cursor=%27%20OR%201%3D1"),
            BAD_BODY,
        ),
        admin(
            "answers of an unknown category",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses.csv?category=all"),
            BAD_BODY,
        ),
        admin("the wrong method", "PATCH", format!("/api/v1/admin/surveys/{SURVEY}"), &[405]),
        admin("a path under no route", "GET", "/api/v1/admin/../../etc/passwd".into(), NOT_FOUND),
    ]);
    all.push(Bad {
        what: "answers with the wrong method".into(),
        method: "PUT",
        target: format!("/api/v1/surveys/{SURVEY}/responses"),
        content_type: json,
        signed_in: false,
        body: body.into_bytes(),
        statuses: &[405],
    });
    all
}
