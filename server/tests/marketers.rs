//! The marketers' side over real HTTP: sessions, roles, surveys, answers, CSV export.

mod common;

use std::collections::BTreeSet;
use std::num::NonZeroU32;

use common::{Server, PASSWORD};
use pulse_core::admin::{Deleted, ResponsePage, Role, SurveyDefinition, User};
use pulse_core::api::{ErrorBody, ErrorCode, SurveyConfig, CSRF_HEADER};
use pulse_core::limits::SEARCH_MAX_CHARS;
use pulse_core::validation::ValidResponse;
use pulse_server::config::Settings;
use pulse_server::db::Saved;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

on_both_databases!(
    login_sets_a_strict_http_only_cookie_and_logout_ends_the_session,
    wrong_passwords_and_unknown_emails_are_refused_alike,
    sessions_expire,
    logins_are_rate_limited,
    each_marketer_endpoint_needs_a_session_and_changes_need_an_admin,
    admins_add_and_remove_accounts,
    admins_create_update_and_archive_surveys,
    answers_are_listed_newest_first_a_page_at_a_time,
    answers_are_filtered_by_time_category_and_comment_text,
    one_answer_or_all_of_one_respondent_can_be_deleted,
    the_csv_export_is_safe_to_open_in_a_spreadsheet,
    the_csv_export_streams_every_answer_across_chunks,
    changes_are_taken_only_as_json_or_with_the_csrf_header,
    a_marketer_changes_their_password_and_their_other_sessions_end,
    answers_and_their_csv_are_filtered_by_segments,
    control_characters_in_paths_and_queries_are_refused,
    an_allowed_origin_with_its_default_port_is_refused,
    a_search_text_over_the_limit_is_refused_before_any_answer,
    the_marketers_answers_are_kept_by_no_cache,
    a_misspelt_survey_field_is_refused_and_nothing_changes,
);

impl Server {
    /// A request as the marketers' pages send it: with the CSRF header.
    async fn send(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path)).header(CSRF_HEADER, "1");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn answer(&self, id: &str, nps: u8, comment: &str, attributes: Value) {
        let body = json!({"id": id, "nps": nps, "comment": comment, "attributes": attributes});
        let response = self.send(Method::POST, "/api/v1/surveys/demo/responses", None, Some(body)).await;
        assert_eq!(response.status(), StatusCode::OK);
        // Distinct times, so that order and time filters have something to tell apart.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }

    async fn page(&self, cookie: &str, query: &str) -> ResponsePage {
        let response = self
            .send(Method::GET, &format!("/api/v1/admin/surveys/demo/responses{query}"), Some(cookie), None)
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        response.json().await.unwrap()
    }
}

fn id(n: u8) -> String {
    format!("00000000-0000-4000-8000-0000000000{n:02}")
}

async fn login_sets_a_strict_http_only_cookie_and_logout_ends_the_session(server: Server) {
    server.add_user("ana@example.com", Role::Viewer).await;
    let response = server
        .send(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "Ana@Example.com ", "password": PASSWORD})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.starts_with("pulse_session="), "{set_cookie}");
    assert!(set_cookie.contains("; HttpOnly") && set_cookie.contains("; SameSite=Strict"), "{set_cookie}");
    let user: User = response.json().await.unwrap();
    assert_eq!(user, User { email: "ana@example.com".into(), role: Role::Viewer });

    let cookie = set_cookie.split(';').next().unwrap();
    let me = server.send(Method::GET, "/api/v1/session", Some(cookie), None).await;
    assert_eq!(me.json::<User>().await.unwrap().email, "ana@example.com");

    let logout = server.send(Method::DELETE, "/api/v1/session", Some(cookie), None).await;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert!(logout.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    let after = server.send(Method::GET, "/api/v1/session", Some(cookie), None).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

async fn wrong_passwords_and_unknown_emails_are_refused_alike(server: Server) {
    server.add_user("ana@example.com", Role::Admin).await;
    for (email, password) in [("ana@example.com", "wrong password"), ("bob@example.com", PASSWORD)] {
        let response = server
            .send(Method::POST, "/api/v1/session", None, Some(json!({"email": email, "password": password})))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().get("set-cookie").is_none());
        assert_eq!(response.json::<ErrorBody>().await.unwrap().error.code, "invalid_credentials");
    }
    let forged = server.send(Method::GET, "/api/v1/session", Some("pulse_session=forged"), None).await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
}

async fn sessions_expire(server: Server) {
    let server = server.with_settings(&Settings { session_hours: 0, ..Settings::default() }).await;
    server.add_user("ana@example.com", Role::Admin).await;
    let cookie = server.login("ana@example.com").await;
    let me = server.send(Method::GET, "/api/v1/session", Some(&cookie), None).await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

async fn logins_are_rate_limited(server: Server) {
    let settings = Settings { logins_per_minute: NonZeroU32::new(2).unwrap(), ..Settings::default() };
    let server = server.with_settings(&settings).await;
    let attempt = || {
        server.send(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "ana@example.com", "password": "guess"})),
        )
    };
    for _ in 0..2 {
        assert_eq!(attempt().await.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = attempt().await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
}

async fn each_marketer_endpoint_needs_a_session_and_changes_need_an_admin(server: Server) {
    let (_, viewer) = server.admin_and_viewer().await;
    let survey = json!({"id": "new", "company": "Acme"});
    let new_user = json!({"email": "new@example.com", "role": "admin", "password": PASSWORD});
    // (method, path, body, only admins may call it)
    let endpoints = [
        (Method::GET, "/api/v1/session", None, false),
        (Method::GET, "/api/v1/admin/surveys", None, false),
        (Method::POST, "/api/v1/admin/surveys", Some(survey.clone()), true),
        (Method::GET, "/api/v1/admin/surveys/demo", None, false),
        (Method::PUT, "/api/v1/admin/surveys/demo", Some(json!({"id": "demo", "company": "X"})), true),
        (Method::POST, "/api/v1/admin/surveys/demo/archive", None, true),
        (Method::GET, "/api/v1/admin/surveys/demo/responses", None, false),
        (Method::GET, "/api/v1/admin/surveys/demo/responses.csv", None, false),
        (Method::DELETE, &format!("/api/v1/admin/surveys/demo/responses/{}", id(1)), None, true),
        (Method::DELETE, "/api/v1/admin/responses?attribute=user_id&value=7", None, true),
        (Method::GET, "/api/v1/admin/users", None, true),
        (Method::POST, "/api/v1/admin/users", Some(new_user.clone()), true),
        (Method::DELETE, "/api/v1/admin/users/admin@example.com", None, true),
    ];
    for (method, path, body, admin_only) in endpoints {
        let anonymous = server.send(method.clone(), path, None, body.clone()).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(anonymous.json::<ErrorBody>().await.unwrap().error.code, "unauthorized");
        let as_viewer = server.send(method.clone(), path, Some(&viewer), body).await;
        if admin_only {
            assert_eq!(as_viewer.status(), StatusCode::FORBIDDEN, "{method} {path}");
            assert_eq!(as_viewer.json::<ErrorBody>().await.unwrap().error.code, "forbidden");
        } else {
            assert_eq!(as_viewer.status(), StatusCode::OK, "{method} {path}");
        }
    }
    // Nothing a refused request asked for happened.
    let demo = server.db.survey("demo").await.unwrap().unwrap();
    assert!(!demo.archived);
    assert_ne!(demo.config.company, "X");
    assert!(server.db.survey("new").await.unwrap().is_none());
    assert!(server.db.user("new@example.com").await.unwrap().is_none());
    assert!(server.db.user("admin@example.com").await.unwrap().is_some());
}

async fn admins_add_and_remove_accounts(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let new_user = json!({"email": "Bo@Example.com", "role": "viewer", "password": "a long passphrase"});
    let created =
        server.send(Method::POST, "/api/v1/admin/users", Some(&admin), Some(new_user.clone())).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let again = server.send(Method::POST, "/api/v1/admin/users", Some(&admin), Some(new_user)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let short = json!({"email": "cy@example.com", "role": "viewer", "password": "short"});
    let refused = server.send(Method::POST, "/api/v1/admin/users", Some(&admin), Some(short)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json::<ErrorBody>().await.unwrap().error.field.as_deref(), Some("password"));

    let login = json!({"email": "bo@example.com", "password": "a long passphrase"});
    let bo = server.send(Method::POST, "/api/v1/session", None, Some(login)).await;
    assert_eq!(bo.status(), StatusCode::OK);
    let bo_cookie = bo.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let users: Vec<User> =
        server.send(Method::GET, "/api/v1/admin/users", Some(&admin), None).await.json().await.unwrap();
    let emails: Vec<&str> = users.iter().map(|user| user.email.as_str()).collect();
    assert_eq!(emails, ["admin@example.com", "bo@example.com", "viewer@example.com"]);

    let deleted = server.send(Method::DELETE, "/api/v1/admin/users/bo@example.com", Some(&admin), None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = server.send(Method::GET, "/api/v1/session", Some(&bo_cookie), None).await;
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED, "a deleted account's session must end");
    let own = server.send(Method::DELETE, "/api/v1/admin/users/admin@example.com", Some(&admin), None).await;
    assert_eq!(own.status(), StatusCode::CONFLICT);
}

async fn admins_create_update_and_archive_surveys(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let survey = json!({"id": "spring", "company": "Acme", "language": "nl",
                        "allowed_origins": ["https://shop.example"]});
    let created =
        server.send(Method::POST, "/api/v1/admin/surveys", Some(&admin), Some(survey.clone())).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let again = server.send(Method::POST, "/api/v1/admin/surveys", Some(&admin), Some(survey)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let invalid = json!({"id": "bad id", "company": "Acme"});
    let refused = server.send(Method::POST, "/api/v1/admin/surveys", Some(&admin), Some(invalid)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let list: Vec<SurveyDefinition> =
        server.send(Method::GET, "/api/v1/admin/surveys", Some(&viewer), None).await.json().await.unwrap();
    let ids: Vec<&str> = list.iter().map(|survey| survey.config.id.as_str()).collect();
    assert_eq!(ids, ["demo", "spring"]);
    assert_eq!(list[1].allowed_origins, ["https://shop.example"]);

    let update = json!({"id": "spring", "company": "Acme Europe", "theme": {"placement": "inline"}});
    let updated = server.send(Method::PUT, "/api/v1/admin/surveys/spring", Some(&admin), Some(update)).await;
    assert_eq!(updated.status(), StatusCode::OK);
    let config: SurveyConfig =
        server.send(Method::GET, "/api/v1/surveys/spring", None, None).await.json().await.unwrap();
    assert_eq!(config.company, "Acme Europe");
    let renamed = json!({"id": "summer", "company": "Acme"});
    let mismatch =
        server.send(Method::PUT, "/api/v1/admin/surveys/spring", Some(&admin), Some(renamed)).await;
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = json!({"id": "nothing", "company": "Acme"});
    let absent = server.send(Method::PUT, "/api/v1/admin/surveys/nothing", Some(&admin), Some(missing)).await;
    assert_eq!(absent.status(), StatusCode::NOT_FOUND);

    let archived =
        server.send(Method::POST, "/api/v1/admin/surveys/spring/archive", Some(&admin), None).await;
    assert_eq!(archived.status(), StatusCode::NO_CONTENT);
    let public = server.send(Method::GET, "/api/v1/surveys/spring", None, None).await;
    assert_eq!(public.status(), StatusCode::GONE);
}

async fn answers_are_listed_newest_first_a_page_at_a_time(server: Server) {
    let (_, viewer) = server.admin_and_viewer().await;
    for n in 1..=5 {
        server.answer(&id(n), 9, "fine", json!({})).await;
    }
    let mut seen = Vec::new();
    let mut query = "?limit=2".to_owned();
    loop {
        let page = server.page(&viewer, &query).await;
        assert!(page.responses.len() <= 2);
        seen.extend(page.responses.iter().map(|response| response.id.clone()));
        match page.next_cursor {
            Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, [id(5), id(4), id(3), id(2), id(1)]);
    for bad in ["?limit=0", "?limit=201", "?cursor=nonsense", "?category=fan", "?colour=red"] {
        let response = server
            .send(Method::GET, &format!("/api/v1/admin/surveys/demo/responses{bad}"), Some(&viewer), None)
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(response.json::<ErrorBody>().await.unwrap().error.code, "invalid_query");
    }
}

async fn answers_are_filtered_by_time_category_and_comment_text(server: Server) {
    let (_, viewer) = server.admin_and_viewer().await;
    server.answer(&id(1), 10, "Fast DELIVERY", json!({})).await;
    server.answer(&id(2), 8, "100% happy_ish", json!({})).await;
    server.answer(&id(3), 2, "slow delivery", json!({})).await;
    let ids = |page: ResponsePage| page.responses.into_iter().map(|response| response.id).collect::<Vec<_>>();

    assert_eq!(ids(server.page(&viewer, "?category=promoter").await), [id(1)]);
    assert_eq!(ids(server.page(&viewer, "?category=passive").await), [id(2)]);
    assert_eq!(ids(server.page(&viewer, "?category=detractor").await), [id(3)]);
    assert_eq!(ids(server.page(&viewer, "?q=delivery").await), [id(3), id(1)]);
    // `%` and `_` are searched for as themselves.
    assert_eq!(ids(server.page(&viewer, "?q=100%25").await), [id(2)]);
    assert_eq!(ids(server.page(&viewer, "?q=y_i").await), [id(2)]);
    assert!(ids(server.page(&viewer, "?q=p_i").await).is_empty());
    server.answer(&id(4), 9, "  ", json!({})).await;
    assert_eq!(ids(server.page(&viewer, "?with_comment=true").await), [id(3), id(2), id(1)]);
    assert_eq!(server.page(&viewer, "").await.responses.len(), 4);

    let all = server.page(&viewer, "?with_comment=true").await.responses;
    let second = all.iter().find(|response| response.id == id(2)).unwrap().created_at;
    let from = server.page(&viewer, &format!("?from={second}&with_comment=true")).await;
    assert_eq!(ids(from), [id(3), id(2)]);
    let to = server.page(&viewer, &format!("?to={second}")).await;
    assert_eq!(ids(to), [id(1)]);
    let both = server.page(&viewer, &format!("?from={second}&to={}&category=detractor", second + 1)).await;
    assert!(ids(both).is_empty());
}

async fn one_answer_or_all_of_one_respondent_can_be_deleted(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    server.add_survey("other", &[]).await;
    server.answer(&id(1), 9, "a", json!({"user_id": "7"})).await;
    server.answer(&id(2), 9, "b", json!({"user_id": "8"})).await;
    server.answer(&id(3), 9, "c", json!({})).await;
    let body = json!({"id": id(4), "nps": 3, "attributes": {"user_id": "7", "plan": "pro"}});
    server.send(Method::POST, "/api/v1/surveys/other/responses", None, Some(body)).await;

    // The id as another tool may write it: braced and in upper case.
    let path = |id: &str| format!("/api/v1/admin/surveys/demo/responses/{id}");
    let other_form = path(&format!("{{{}}}", id(3).to_uppercase()));
    for (path, status) in [
        (other_form, StatusCode::NO_CONTENT),
        (path(&id(3)), StatusCode::NOT_FOUND),
        (path("3"), StatusCode::NOT_FOUND),
    ] {
        assert_eq!(server.send(Method::DELETE, &path, Some(&admin), None).await.status(), status, "{path}");
    }

    let erased = server
        .send(Method::DELETE, "/api/v1/admin/responses?attribute=user_id&value=7", Some(&admin), None)
        .await;
    assert_eq!(erased.json::<Deleted>().await.unwrap(), Deleted { deleted: 2 });
    let left: Vec<String> =
        server.page(&viewer, "").await.responses.into_iter().map(|response| response.id).collect();
    assert_eq!(left, [id(2)]);
    let other = server.send(Method::GET, "/api/v1/admin/surveys/other/responses", Some(&viewer), None).await;
    assert!(other.json::<ResponsePage>().await.unwrap().responses.is_empty());
}

async fn the_csv_export_is_safe_to_open_in_a_spreadsheet(server: Server) {
    let (_, viewer) = server.admin_and_viewer().await;
    server
        .answer(&id(1), 9, "=HYPERLINK(\"https://evil.example\", \"click\")", json!({"plan": "@pro"}))
        .await;
    server.answer(&id(2), 3, "+1, -1\nand more", json!({})).await;
    server.answer(&id(3), 7, "Plain", json!({})).await;
    let response =
        server.send(Method::GET, "/api/v1/admin/surveys/demo/responses.csv", Some(&viewer), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("demo-responses.csv"));
    let csv = response.bytes().await.unwrap();
    // Excel reads UTF-8 only after its byte order mark, which CSV libraries skip.
    assert!(csv.starts_with("\u{feff}id,".as_bytes()), "{:?}", &csv[..csv.len().min(8)]);
    let mut reader = csv::Reader::from_reader(&csv[..]);
    assert_eq!(reader.headers().unwrap().get(0), Some("id"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let comment = |row: &csv::StringRecord| row.get(5).unwrap().to_owned();
    assert_eq!(comment(&rows[2]), "'=HYPERLINK(\"https://evil.example\", \"click\")");
    assert_eq!(comment(&rows[1]), "'+1, -1\nand more");
    assert_eq!(comment(&rows[0]), "Plain");
    assert_eq!(rows[2].get(3), Some("promoter"));
    // The attribute value starts with @ but the cell (JSON) does not, so it stays as is.
    assert_eq!(rows[2].get(14), Some(r#"{"plan":"@pro"}"#));
    let promoters = server
        .send(Method::GET, "/api/v1/admin/surveys/demo/responses.csv?category=promoter", Some(&viewer), None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(promoters.lines().filter(|line| line.starts_with("00000000")).count(), 1);
}

async fn the_csv_export_streams_every_answer_across_chunks(server: Server) {
    let (_, viewer) = server.admin_and_viewer().await;
    // More than two of the export's 500-row chunks, written straight to the database.
    let count = 1_101;
    for n in 0..count {
        // Scores 1 to 10: the demo survey's scale, which the writer holds answers to.
        let answer = ValidResponse { id: Uuid::from_u128(n), nps: (n % 10 + 1) as u8, ..Default::default() };
        assert_eq!(server.db.save_response("demo", &answer).await.unwrap(), Saved::Stored);
    }
    let response =
        server.send(Method::GET, "/api/v1/admin/surveys/demo/responses.csv", Some(&viewer), None).await;
    let csv = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let ids: BTreeSet<String> = reader.records().map(|row| row.unwrap()[0].to_owned()).collect();
    assert_eq!(ids.len() as u128, count, "every answer once");
    assert_eq!(csv.lines().count() as u128, count + 1);
}

async fn answers_and_their_csv_are_filtered_by_segments(server: Server) {
    let (_, viewer) = server.admin_and_viewer().await;
    let answers =
        [(1, "/checkout", "en", "pro"), (2, "/checkout", "fr", "free"), (3, "/pricing", "en", "pro")];
    for (n, page, language, plan) in answers {
        let attributes = json!({"plan": plan, "ref": if n == 3 { "a=b" } else { "c" }});
        let body = json!({"id": id(n), "nps": 9, "comment": "ok", "page": page, "language": language, "attributes": attributes});
        let response = server.send(Method::POST, "/api/v1/surveys/demo/responses", None, Some(body)).await;
        assert_eq!(response.status(), StatusCode::OK);
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let ids = |page: ResponsePage| page.responses.into_iter().map(|response| response.id).collect::<Vec<_>>();
    let (server, viewer) = (&server, viewer.as_str());
    let listed = |query: &'static str| async move { ids(server.page(viewer, query).await) };

    assert_eq!(listed("?segment=page:/checkout").await, [id(2), id(1)]);
    assert_eq!(listed("?segment=lang:en").await, [id(3), id(1)]);
    assert_eq!(listed("?segment=attr:plan=pro").await, [id(3), id(1)]);
    assert_eq!(listed("?segment=attr:ref=a%3Db").await, [id(3)]);
    assert_eq!(listed("?segment=page:/checkout&segment=attr:plan=pro").await, [id(1)]);
    assert_eq!(listed("?segment=page%3A%2Fcheckout&segment=lang%3Afr&category=promoter").await, [id(2)]);
    assert!(listed("?segment=page:/checkout&segment=page:/pricing").await.is_empty());
    assert!(listed("?segment=attr:plan=enterprise").await.is_empty());
    // The segments hold on every page of a paged listing.
    let first = server.page(viewer, "?segment=attr:plan=pro&limit=1").await;
    let cursor = first.next_cursor.clone().unwrap();
    let second = server.page(viewer, &format!("?segment=attr:plan=pro&limit=1&cursor={cursor}")).await;
    assert_eq!([ids(first), ids(second)].concat(), [id(3), id(1)]);

    let exported = |query: &'static str| async move {
        let path = format!("/api/v1/admin/surveys/demo/responses.csv{query}");
        let response = server.send(Method::GET, &path, Some(viewer), None).await;
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        let csv = response.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        reader.records().map(|row| row.unwrap()[0].to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(exported("?segment=page:/checkout").await, [id(2), id(1)]);
    assert_eq!(exported("?segment=page:/checkout&segment=attr:plan=pro").await, [id(1)]);

    let eleven = format!("?{}", ["segment=lang:en"; 11].join("&"));
    let malformed =
        ["?segment=checkout", "?segment=attr:plan", "?segment=", "?segment=page:/&segment=pro", &eleven];
    for bad in malformed {
        for path in ["responses", "responses.csv"] {
            let path = format!("/api/v1/admin/surveys/demo/{path}{bad}");
            let response = server.send(Method::GET, &path, Some(viewer), None).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
            let error = response.json::<ErrorBody>().await.unwrap().error;
            assert_eq!(
                (error.code.as_str(), error.field.as_deref()),
                ("invalid_query", Some("segment")),
                "{path}"
            );
        }
    }
}

async fn changes_are_taken_only_as_json_or_with_the_csrf_header(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    server.answer(&id(1), 9, "kept", json!({"user_id": "7"})).await;
    let password = json!({"current_password": PASSWORD, "new_password": "a forged passphrase"});
    let login = json!({"email": "admin@example.com", "password": PASSWORD});
    let user = json!({"email": "eve@example.com", "role": "admin", "password": PASSWORD});
    // Every change, with the body a form on another site would send in its place.
    let changes = [
        (Method::POST, "/api/v1/session".to_owned(), login),
        (Method::DELETE, "/api/v1/session".to_owned(), Value::Null),
        (Method::PUT, "/api/v1/account/password".to_owned(), password),
        (Method::POST, "/api/v1/admin/surveys".to_owned(), json!({"id": "forged", "company": "Forged"})),
        (Method::PUT, "/api/v1/admin/surveys/demo".to_owned(), json!({"id": "demo", "company": "Forged"})),
        (Method::POST, "/api/v1/admin/surveys/demo/archive".to_owned(), Value::Null),
        (Method::DELETE, format!("/api/v1/admin/surveys/demo/responses/{}", id(1)), Value::Null),
        (Method::DELETE, "/api/v1/admin/responses?attribute=user_id&value=7".to_owned(), Value::Null),
        (Method::POST, "/api/v1/admin/users".to_owned(), user),
        (Method::DELETE, "/api/v1/admin/users/viewer@example.com".to_owned(), Value::Null),
    ];
    for (method, path, body) in &changes {
        for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
            let mut request =
                server.client.request(method.clone(), server.url(path)).header("cookie", &admin);
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type).body(body.to_string());
            }
            let refused = request.send().await.unwrap();
            assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{method} {path} as {content_type:?}");
            let error = refused.json::<ErrorBody>().await.unwrap().error;
            assert_eq!(error.code, "csrf_header_missing");
            assert!(error.message.contains(CSRF_HEADER), "{}", error.message);
        }
    }
    // Nothing the refused requests asked for happened.
    let demo = server.db.survey("demo").await.unwrap().unwrap();
    assert!(!demo.archived);
    assert_ne!(demo.config.company, "Forged");
    assert!(server.db.survey("forged").await.unwrap().is_none());
    assert_eq!(server.page(&viewer, "").await.responses.len(), 1);
    assert!(server.db.user("eve@example.com").await.unwrap().is_none());
    let me = server.send(Method::GET, "/api/v1/session", Some(&admin), None).await;
    assert_eq!(me.status(), StatusCode::OK, "the admin is still signed in, with the same password");
    // Reads need nothing, and the header alone lets a change without a body through.
    let read = server.client.get(server.url("/api/v1/admin/users")).header("cookie", &admin);
    assert_eq!(read.send().await.unwrap().status(), StatusCode::OK);
    let archive = server
        .client
        .post(server.url("/api/v1/admin/surveys/demo/archive"))
        .header("cookie", &admin)
        .header(CSRF_HEADER, "1");
    assert_eq!(archive.send().await.unwrap().status(), StatusCode::NO_CONTENT);
}

async fn a_marketer_changes_their_password_and_their_other_sessions_end(server: Server) {
    server.add_user("ana@example.com", Role::Viewer).await;
    let (here, elsewhere) = (server.login("ana@example.com").await, server.login("ana@example.com").await);
    let new_password = "a brand new passphrase";
    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let path = "/api/v1/account/password";

    let anonymous = server.send(Method::PUT, path, None, Some(change(PASSWORD, new_password))).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let refusals = [
        (change("not my password", new_password), "current_password", "wrong_password"),
        (change(PASSWORD, "too short"), "new_password", "too_short"),
    ];
    for (body, field, code) in refusals {
        let refused = server.send(Method::PUT, path, Some(&here), Some(body)).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let error = refused.json::<ErrorBody>().await.unwrap().error;
        assert_eq!((error.field.as_deref(), error.code.as_str()), (Some(field), code));
    }
    let still = server.send(Method::GET, "/api/v1/session", Some(&elsewhere), None).await;
    assert_eq!(still.status(), StatusCode::OK, "a refused change ends no session");

    let changed = server.send(Method::PUT, path, Some(&here), Some(change(PASSWORD, new_password))).await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    let kept = server.send(Method::GET, "/api/v1/session", Some(&here), None).await;
    assert_eq!(kept.status(), StatusCode::OK, "the session the password was changed in goes on");
    let ended = server.send(Method::GET, "/api/v1/session", Some(&elsewhere), None).await;
    assert_eq!(ended.status(), StatusCode::UNAUTHORIZED, "every other session ends");
    for (password, status) in [(PASSWORD, StatusCode::UNAUTHORIZED), (new_password, StatusCode::OK)] {
        let login = json!({"email": "ana@example.com", "password": password});
        let answer = server.send(Method::POST, "/api/v1/session", None, Some(login)).await;
        assert_eq!(answer.status(), status, "signing in with {password:?}");
    }
}

/// PostgreSQL cannot compare a text holding a NUL: such a byte is the client's fault on
/// both databases, answered as any other bad path or query.
async fn control_characters_in_paths_and_queries_are_refused(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let login = json!({"email": "ana\u{0}@example.com", "password": PASSWORD});
    let response = server.send(Method::POST, "/api/v1/session", None, Some(login)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.json::<ErrorBody>().await.unwrap().error.code, "invalid_credentials");

    for (method, path, code) in [
        (Method::GET, "/api/v1/admin/surveys/a%00b", "invalid_path"),
        (Method::GET, "/api/v1/admin/surveys/a%0Ab/responses.csv", "invalid_path"),
        (Method::GET, "/api/v1/admin/surveys/demo/webhooks/wh%00", "invalid_path"),
        (Method::DELETE, "/api/v1/admin/users/a%00b", "invalid_path"),
        (Method::DELETE, "/api/v1/admin/tokens/a%00b", "invalid_path"),
        (Method::GET, "/api/v1/admin/surveys/demo/responses?q=a%00b", "invalid_query"),
        (Method::GET, "/api/v1/admin/surveys/demo/responses?segment=page:/a%00b", "invalid_query"),
        (Method::DELETE, "/api/v1/admin/responses?attribute=a%00&value=b", "invalid_query"),
    ] {
        let response = server.send(method, path, Some(&admin), None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let error = response.json::<ErrorBody>().await.unwrap().error;
        assert_eq!(error.code, code, "{path}");
        assert!(error.message.ends_with("must not contain control characters"), "{path}: {error:?}");
    }
}

/// Browsers send `https://shop.example`, never `https://shop.example:443`: an origin
/// written with its default port would silently refuse the shop it names.
async fn an_allowed_origin_with_its_default_port_is_refused(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    for (origin, without) in [
        ("https://shop.example:443", "https://shop.example"),
        ("http://shop.example:80", "http://shop.example"),
    ] {
        let survey = json!({"id": "spring", "company": "Acme", "allowed_origins": [origin]});
        let response = server.send(Method::POST, "/api/v1/admin/surveys", Some(&admin), Some(survey)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{origin}");
        let error = response.json::<ErrorBody>().await.unwrap().error;
        assert_eq!((error.code, error.field.as_deref()), (ErrorCode::InvalidOrigin, Some("allowed_origins")));
        assert!(error.message.contains(&format!("leave the port out, {without:?}")), "{error:?}");
    }
    let survey = json!({"id": "spring", "company": "Acme", "allowed_origins": ["https://shop.example:8443"]});
    let other_port = server.send(Method::POST, "/api/v1/admin/surveys", Some(&admin), Some(survey)).await;
    assert_eq!(other_port.status(), StatusCode::CREATED);
}

/// A survey body with a misspelt field is refused naming it, at any depth: left out, the
/// field would be its default, and `alowed_origins` would open the survey to every site.
/// A survey as the pages read it (with `has_answers`), sent back, is taken.
async fn a_misspelt_survey_field_is_refused_and_nothing_changes(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let origins = json!(["https://shop.example"]);
    let created = json!({"id": "spring", "company": "Acme", "allowed_origins": origins});
    let response = server.send(Method::POST, "/api/v1/admin/surveys", Some(&admin), Some(created)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    for (body, field) in [
        (json!({"id": "spring", "company": "Acme", "alowed_origins": []}), "alowed_origins"),
        (json!({"id": "spring", "company": "Acme", "targeting": {"sample_pct": 5}}), "targeting.sample_pct"),
        (json!({"id": "spring", "company": "Acme", "theme": {"colour": "#ff0000"}}), "theme.colour"),
    ] {
        let response =
            server.send(Method::PUT, "/api/v1/admin/surveys/spring", Some(&admin), Some(body)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let error = response.json::<ErrorBody>().await.unwrap().error;
        assert_eq!(error.code, ErrorCode::InvalidBody, "{field}");
        assert!(error.message.contains(&format!("unknown field {field}")), "{error:?}");
    }
    let typo = json!({"id": "autumn", "company": "Acme", "alowed_origins": origins});
    let response = server.send(Method::POST, "/api/v1/admin/surveys", Some(&admin), Some(typo)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(server.db.survey("autumn").await.unwrap().is_none(), "nothing created");

    let read = server.send(Method::GET, "/api/v1/admin/surveys/spring", Some(&admin), None).await;
    let mut managed: Value = read.json().await.unwrap();
    assert_eq!(managed["has_answers"], json!(false));
    managed["company"] = json!("Acme Europe");
    let sent_back =
        server.send(Method::PUT, "/api/v1/admin/surveys/spring", Some(&admin), Some(managed)).await;
    assert_eq!(sent_back.status(), StatusCode::OK);
    let stored = server.db.survey("spring").await.unwrap().unwrap();
    assert_eq!(
        (stored.config.company.as_str(), stored.allowed_origins),
        ("Acme Europe", vec!["https://shop.example".to_owned()])
    );
}

/// SQLite refuses a search pattern over 50,000 bytes: the list and the export refuse a long
/// search as the client's fault, the export before its first byte.
async fn a_search_text_over_the_limit_is_refused_before_any_answer(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    server.answer(&id(1), 3, &"a".repeat(SEARCH_MAX_CHARS), json!({})).await;
    let longest = server.page(&admin, &format!("?q={}", "a".repeat(SEARCH_MAX_CHARS))).await;
    assert_eq!(longest.responses.len(), 1);
    for length in [SEARCH_MAX_CHARS + 1, 50_010] {
        for path in ["responses", "responses.csv"] {
            let query = format!("/api/v1/admin/surveys/demo/{path}?q={}", "a".repeat(length));
            let response = server.send(Method::GET, &query, Some(&admin), None).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path} {length}");
            let error = response.json::<ErrorBody>().await.unwrap().error;
            assert_eq!((error.code, error.field.as_deref()), (ErrorCode::InvalidQuery, Some("q")));
            assert!(error.message.contains(&format!("at most {SEARCH_MAX_CHARS} characters")), "{error:?}");
        }
    }
}

/// Answers hold comments and respondents' attributes, webhooks' URLs secrets: no cache
/// keeps them after the marketer signs out.
async fn the_marketers_answers_are_kept_by_no_cache(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    for path in [
        "/api/v1/admin/surveys/demo/responses",
        "/api/v1/admin/surveys/demo/responses.csv",
        "/api/v1/admin/surveys/demo/feed",
        "/api/v1/admin/tokens",
        "/api/v1/admin/users",
        "/api/v1/admin/surveys/demo/webhooks",
    ] {
        let response = server.send(Method::GET, path, Some(&admin), None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
}
