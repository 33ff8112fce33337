//! The binary results feed over HTTP, decoded by the same code as the results page.

mod common;

use common::Server;
use pulse_core::admin::Role;
use pulse_core::api::CSRF_HEADER;
use pulse_core::feed::{Feed, CONTENT_TYPE, NO_REPEAT, NO_SEGMENT};
use pulse_core::report::{aggregate, Filter};
use pulse_core::zone::Zone;
use serde_json::json;

on_both_databases!(
    feed_carries_every_answer_column_and_the_displays,
    an_empty_survey_has_an_empty_feed,
    the_feed_is_for_signed_in_marketers_only,
    displays_count_on_the_marketers_day_in_a_half_hour_zone,
);

const FEED: &str = "/api/v1/admin/surveys/demo/feed";

async fn get_feed(server: &Server) -> Feed {
    server.add_user("reader@example.com", Role::Viewer).await;
    let cookie = server.login("reader@example.com").await;
    let response = server.client.get(server.url(FEED)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], CONTENT_TYPE);
    Feed::decode(&response.bytes().await.unwrap()).unwrap()
}

async fn feed_carries_every_answer_column_and_the_displays(server: Server) {
    let answers = [
        json!({
            "id": "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13", "nps": 9, "usability": 4, "repeat_purchases": 7,
            "commitment": {"affective": 5, "habitual": 2}, "page": "/pricing", "language": "fr",
            "attributes": {"plan": "pro"}
        }),
        json!({"id": "1c7f9e63-4d2e-4b9f-8f2e-3e5d7c9b1f24", "nps": 3}),
    ];
    for answer in &answers {
        let response = server
            .client
            .post(server.url("/api/v1/surveys/demo/responses"))
            .json(answer)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    }
    for _ in 0..3 {
        let shown = server
            .client
            .post(server.url("/api/v1/surveys/demo/impressions"))
            .json(&json!({"page": "/pricing", "language": "fr"}))
            .send()
            .await
            .unwrap();
        assert!(shown.status().is_success());
    }

    let feed = get_feed(&server).await;
    assert_eq!(feed.score, [9, 3]);
    assert_eq!(feed.usability, [4, 0]);
    assert_eq!(feed.repeat, [7, NO_REPEAT]);
    assert_eq!(feed.commitment[0], [5, 0]);
    assert_eq!(feed.commitment[4], [2, 0]);
    let name = |id: u32| feed.strings[id as usize].as_str();
    assert_eq!(name(feed.page[0]), "page:/pricing");
    assert_eq!(name(feed.language[0]), "lang:fr");
    assert_eq!((feed.page[1], feed.language[1]), (NO_SEGMENT, NO_SEGMENT));
    assert_eq!(feed.attributes_of(0).iter().map(|&id| name(id)).collect::<Vec<_>>(), ["attr:plan=pro"]);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as u32;
    assert!(feed.time.iter().all(|&time| time.abs_diff(now) < 600), "{:?} vs {now}", feed.time);
    assert_eq!(feed.impressions.iter().map(|group| group.count).sum::<u32>(), 3);
    assert_eq!(name(feed.impressions[0].page), "page:/pricing");
}

/// India is 5:30 ahead of UTC: displays at 00:05 there, 18:35 UTC the day before, are on
/// the marketer's new day, and those at 23:50 on the day before.
async fn displays_count_on_the_marketers_day_in_a_half_hour_zone(server: Server) {
    const INDIA: i32 = 19_800;
    // 2026-03-01 18:35 UTC, 2026-03-02 00:05 in India.
    let past_midnight: i64 = 1_772_390_100;
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    for (shown_at, count) in [(past_midnight, 10), (past_midnight - 15 * 60, 2)] {
        for _ in 0..count {
            sqlx::query("INSERT INTO impressions (survey_id, shown_at, page, language) VALUES ('demo', $1, '/', 'en')")
                .bind(shown_at * 1000)
                .execute(&pool)
                .await
                .unwrap();
        }
    }
    pool.close().await;

    let feed = get_feed(&server).await;
    let zone = Zone::fixed(INDIA);
    let day = zone.day_of(past_midnight);
    let displays_on = |day: i32| {
        let (from, to) = (zone.midnight(day) as u32, zone.midnight(day + 1) as u32);
        aggregate(&feed, &Filter { from: Some(from), to: Some(to), zone: zone.clone(), ..Filter::default() })
            .impressions
    };
    assert_eq!((displays_on(day - 1), displays_on(day)), (2, 10));
}

async fn an_empty_survey_has_an_empty_feed(server: Server) {
    let feed = get_feed(&server).await;
    assert!(feed.is_empty());
    assert!(feed.impressions.is_empty());
}

async fn the_feed_is_for_signed_in_marketers_only(server: Server) {
    let anonymous = server.client.get(server.url(FEED)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let forged =
        server.client.get(server.url(FEED)).header("cookie", "pulse_session=forged").send().await.unwrap();
    assert_eq!(forged.status(), 401);
    assert_eq!(
        server.client.get(server.url("/api/v1/surveys/demo/feed")).send().await.unwrap().status(),
        404
    );
}

on_both_databases!(the_feed_follows_completions_new_answers_and_deletions);

async fn the_feed_follows_completions_new_answers_and_deletions(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let post = |body: serde_json::Value| {
        server.client.post(server.url("/api/v1/surveys/demo/responses")).json(&body).send()
    };
    let first = "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13";
    post(json!({"id": first, "nps": 9})).await.unwrap();
    let read = || async {
        let response = server.client.get(server.url(FEED)).header("cookie", &admin).send().await.unwrap();
        Feed::decode(&response.bytes().await.unwrap()).unwrap()
    };
    assert_eq!((read().await.score, read().await.usability), (vec![9], vec![0]));

    post(json!({"id": first, "nps": 9, "usability": 5})).await.unwrap();
    post(json!({"id": "1c7f9e63-4d2e-4b9f-8f2e-3e5d7c9b1f24", "nps": 2})).await.unwrap();
    let feed = read().await;
    assert_eq!((feed.score, feed.usability), (vec![9, 2], vec![5, 0]));

    let deleted = server
        .client
        .delete(server.url(&format!("/api/v1/admin/surveys/demo/responses/{first}")))
        .header("cookie", &admin)
        .header(CSRF_HEADER, "1")
        .send()
        .await
        .unwrap();
    assert!(deleted.status().is_success());
    assert_eq!(read().await.score, vec![2]);
}
