//! Erasing answers, as a person's data-protection request asks: nothing of them is left in
//! any table or, on SQLite, in the database's files, and no results feed shows them again,
//! not even one being built while they are deleted.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::Server;
use pulse_core::admin::Deleted;
use pulse_core::api::{ErrorBody, ErrorCode, CSRF_HEADER};
use pulse_core::feed::Feed;
use pulse_core::validation::ValidResponse;
use pulse_server::db::{Imported, PastAnswer};
use serde_json::json;
use uuid::Uuid;

on_both_databases!(
    an_erasure_by_attribute_leaves_nothing_of_the_person,
    deleting_one_answer_leaves_nothing_of_it,
    a_results_load_racing_an_erasure_never_brings_it_back,
    an_erased_answer_sent_again_is_not_stored_again,
    an_answer_sent_again_while_it_is_erased_is_not_stored_again,
);

/// Posts an answer of a person: `marker` in its attribute, comment and page.
async fn post_answer(server: &Server, survey: &str, marker: &str) -> String {
    let id = Uuid::new_v4().to_string();
    let answer = json!({
        "id": id, "nps": 3, "comment": format!("I am {marker}"), "page": format!("/profile/{marker}"),
        "attributes": {"user": marker, "plan": "pro"},
    });
    let response = server
        .client
        .post(server.url(&format!("/api/v1/surveys/{survey}/responses")))
        .json(&answer)
        .send()
        .await;
    assert!(response.unwrap().status().is_success());
    id
}

async fn feed(server: &Server, cookie: &str, survey: &str) -> Feed {
    let url = server.url(&format!("/api/v1/admin/surveys/{survey}/feed"));
    let response = server.client.get(url).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), 200);
    Feed::decode(&response.bytes().await.unwrap()).unwrap()
}

async fn erase(server: &Server, cookie: &str, marker: &str) -> u64 {
    let url = server.url(&format!("/api/v1/admin/responses?attribute=user&value={marker}"));
    let response = server.client.delete(url).header("cookie", cookie).header(CSRF_HEADER, "1").send().await;
    response.unwrap().json::<Deleted>().await.unwrap().deleted
}

/// Where the database holds any of `texts`: `table.column` for every column of every table
/// its schema lists (so that a table added later is searched too), each value read as bytes
/// so that a feed block's binary is searched as well; and, on SQLite, the database's files.
async fn places_holding(server: &Server, texts: &[&str]) -> Vec<String> {
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    let file = server.database_url.strip_prefix("sqlite:");
    let columns: Vec<(String, String, String)> = sqlx::query_as(if file.is_some() {
        "SELECT m.name, c.name, c.type FROM sqlite_master m JOIN pragma_table_info(m.name) c
         WHERE m.type = 'table'"
    } else {
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema()"
    })
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(columns.len() > 20, "the schema lists the columns: {columns:?}");
    let mut places = Vec::new();
    for (table, column, kind) in &columns {
        let holds = match (file.is_some(), kind.as_str()) {
            (true, _) => format!("instr(CAST(\"{column}\" AS BLOB), CAST($1 AS BLOB)) > 0"),
            (false, "bytea") => format!("position(convert_to($1, 'UTF8') in \"{column}\") > 0"),
            (false, _) => format!("strpos(\"{column}\"::text, $1) > 0"),
        };
        for text in texts {
            let sql = format!("SELECT COUNT(*) FROM \"{table}\" WHERE {holds}");
            let count: i64 = sqlx::query_scalar(&sql).bind(*text).fetch_one(&pool).await.unwrap();
            if count > 0 {
                places.push(format!("{table}.{column}"));
            }
        }
    }
    pool.close().await;
    if let Some(file) = file {
        // The database, its WAL and the WAL's index: whatever SQLite keeps on disk.
        for suffix in ["", "-wal", "-shm"] {
            let bytes = std::fs::read(format!("{file}{suffix}")).unwrap_or_default();
            if texts.iter().any(|text| bytes.windows(text.len()).any(|window| window == text.as_bytes())) {
                places.push(format!("file pulse.db{suffix}"));
            }
        }
    }
    places.sort();
    places.dedup();
    places
}

async fn an_erasure_by_attribute_leaves_nothing_of_the_person(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    server.add_survey("other", &[]).await;
    let (person, neighbour) = (format!("person-{}", Uuid::new_v4()), format!("neighbour-{}", Uuid::new_v4()));
    let mut ids = Vec::new();
    for survey in ["demo", "other"] {
        ids.push(post_answer(&server, survey, &person).await);
        post_answer(&server, survey, &neighbour).await;
        assert_eq!(feed(&server, &admin, survey).await.len(), 2);
    }
    let texts = [person.as_str(), ids[0].as_str(), ids[1].as_str()];
    let before = places_holding(&server, &texts).await;
    for place in [
        "responses.id",
        "responses.comment",
        "responses.page",
        "response_attributes.value",
        "feed_blocks.bytes",
    ] {
        assert!(before.contains(&place.to_owned()), "the search finds {place} in {before:?}");
    }

    assert_eq!(erase(&server, &admin, &person).await, 2);
    assert_eq!(places_holding(&server, &texts).await, Vec::<String>::new());
    for survey in ["demo", "other"] {
        let feed = feed(&server, &admin, survey).await;
        assert_eq!(feed.len(), 1);
        assert!(feed.strings.iter().all(|string| !string.contains(&person)), "{:?}", feed.strings);
    }
    assert_eq!(
        places_holding(&server, &texts).await,
        Vec::<String>::new(),
        "after the feeds were built again"
    );
    assert!(!places_holding(&server, &[&neighbour]).await.is_empty(), "the neighbour's answers are kept");
}

async fn deleting_one_answer_leaves_nothing_of_it(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let person = format!("person-{}", Uuid::new_v4());
    let id = post_answer(&server, "demo", &person).await;
    assert_eq!(feed(&server, &admin, "demo").await.len(), 1);
    assert!(places_holding(&server, &[&person, &id]).await.contains(&"feed_blocks.bytes".to_owned()));

    let url = server.url(&format!("/api/v1/admin/surveys/demo/responses/{id}"));
    let deleted = server.client.delete(url).header("cookie", &admin).header(CSRF_HEADER, "1").send().await;
    assert_eq!(deleted.unwrap().status(), 204);
    assert_eq!(places_holding(&server, &[&person, &id]).await, Vec::<String>::new());
    assert!(feed(&server, &admin, "demo").await.is_empty());
    assert_eq!(places_holding(&server, &[&person, &id]).await, Vec::<String>::new());
}

/// A widget that sends an erased answer again, its outbox never having heard that it was
/// stored, is told it was erased, and nothing of it is stored again: erased by a person's
/// request or deleted by an admin. Nor does an import of it bring it back. The same
/// visitor's next answer, a new id, is stored.
async fn an_erased_answer_sent_again_is_not_stored_again(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let person = format!("person-{}", Uuid::new_v4());
    let requested = post_answer(&server, "demo", &person).await;
    assert_eq!(erase(&server, &admin, &person).await, 1);
    let deleted = post_answer(&server, "demo", &person).await;
    let url = server.url(&format!("/api/v1/admin/surveys/demo/responses/{deleted}"));
    let response = server.client.delete(url).header("cookie", &admin).header(CSRF_HEADER, "1").send().await;
    assert_eq!(response.unwrap().status(), 204);

    for id in [&requested, &deleted] {
        let again =
            json!({"id": id, "nps": 3, "comment": format!("I am {person}"), "attributes": {"user": person}});
        let url = server.url("/api/v1/surveys/demo/responses");
        let response = server.client.post(url).json(&again).send().await.unwrap();
        assert_eq!(response.status(), 410);
        let refusal = response.json::<ErrorBody>().await.unwrap().error;
        assert_eq!((refusal.code, refusal.field.as_deref()), (ErrorCode::ResponseErased, Some("id")));
        assert!(refusal.message.contains(id.as_str()), "{}", refusal.message);
    }
    let config = server.db.survey("demo").await.unwrap().unwrap().config;
    let past = PastAnswer {
        response: ValidResponse { id: Uuid::parse_str(&requested).unwrap(), nps: 3, ..Default::default() },
        created_at: 1_700_000_000_000,
    };
    let imported = server.db.import_responses(&config, &[past]).await.unwrap();
    assert_eq!(imported, Imported::Added { added: 0, erased: 1 });
    assert_eq!(places_holding(&server, &[&person, &requested, &deleted]).await, Vec::<String>::new());
    assert!(feed(&server, &admin, "demo").await.is_empty());

    post_answer(&server, "demo", &person).await;
    assert_eq!(feed(&server, &admin, "demo").await.len(), 1);
}

/// Copies of an answer a widget sends while the person's erasure runs: an outbox whose
/// posts timed out sends the same answer again, its comment with it.
const RESENDS: usize = 6;

/// An answer sent again while its erasure runs is stored (completed) before the erasure
/// deletes it, or refused after: never stored after the erasure, whatever the order in
/// which the writer's batch and the erasure take their turns.
async fn an_answer_sent_again_while_it_is_erased_is_not_stored_again(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let server = Arc::new(server);
    for round in 0..ROUNDS {
        let person = format!("person-{}", Uuid::new_v4());
        let id = post_answer(&server, "demo", &person).await;
        let resends: Vec<_> = (0..RESENDS)
            .map(|copy| {
                let (server, id, person) = (server.clone(), id.clone(), person.clone());
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(copy as u64 * (round as u64 % 3))).await;
                    let again = json!({
                        "id": id, "nps": 3, "comment": format!("I am {person}, again"),
                        "attributes": {"user": person},
                    });
                    let url = server.url("/api/v1/surveys/demo/responses");
                    server.client.post(url).json(&again).send().await.unwrap().status().as_u16()
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(round as u64 % 4)).await;
        assert_eq!(erase(&server, &admin, &person).await, 1, "round {round}");
        for resend in resends {
            let status = resend.await.unwrap();
            assert!((200..300).contains(&status) || status == 410, "round {round}: a copy got {status}");
        }
        let url = server.url("/api/v1/surveys/demo/responses");
        let last = json!({"id": id, "nps": 3, "attributes": {"user": person}});
        assert_eq!(server.client.post(url).json(&last).send().await.unwrap().status(), 410, "round {round}");
        // Tables only: SQLite's WAL keeps the answer until a checkpoint that no concurrent
        // write holds back, which the erasure only tries (the other tests check the files).
        let places = places_holding(&server, &[&person, &id]).await;
        let tables: Vec<&String> = places.iter().filter(|place| !place.starts_with("file ")).collect();
        assert!(tables.is_empty(), "round {round}: {tables:?}");
    }
    assert!(feed(&server, &admin, "demo").await.is_empty());
}

/// Rounds of an erasure among results loads; every other round the person's answer of
/// today has a block before the loads start.
const ROUNDS: usize = 12;
/// Results loads going on at once during each erasure.
const LOADS: usize = 8;
/// How long ago the person's imported answers were given: a day whose block a load keeps
/// without reading its answers again (today's it reads again for a minute after a change).
const PAST_MILLIS: i64 = 3 * 86_400_000;

/// Many results loads run while a person's answers are erased: those asked for after the
/// erasure answered never show them, nor does any load after the racing ones stored
/// their blocks.
async fn a_results_load_racing_an_erasure_never_brings_it_back(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let server = Arc::new(server);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
    for round in 0..ROUNDS {
        let survey = format!("race{round}");
        server.add_survey(&survey, &[]).await;
        let person = format!("person-{}", Uuid::new_v4());
        let past = |marker: &str| PastAnswer {
            response: ValidResponse {
                id: Uuid::new_v4(),
                nps: 3,
                attributes: [("user".to_owned(), marker.to_owned())].into(),
                ..Default::default()
            },
            created_at: now - PAST_MILLIS,
        };
        let config = server.db.survey(&survey).await.unwrap().unwrap().config;
        let answers = [past(&person), past(&person), past("neighbour")];
        assert_eq!(
            server.db.import_responses(&config, &answers).await.unwrap(),
            Imported::Added { added: 3, erased: 0 }
        );
        post_answer(&server, &survey, &person).await;
        if round % 2 == 0 {
            feed(&server, &admin, &survey).await;
        }

        let (erased, done) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
        let loads: Vec<_> = (0..LOADS)
            .map(|_| {
                let (server, admin, survey, person) =
                    (server.clone(), admin.clone(), survey.clone(), person.clone());
                let (erased, done) = (erased.clone(), done.clone());
                tokio::spawn(async move {
                    while !done.load(Ordering::SeqCst) {
                        let after = erased.load(Ordering::SeqCst);
                        let feed = feed(&server, &admin, &survey).await;
                        if after {
                            assert_eq!(feed.len(), 1, "a load after the erasure shows {person}");
                        }
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(5 * (round as u64 % 4))).await;
        assert_eq!(erase(&server, &admin, &person).await, 3);
        erased.store(true, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        done.store(true, Ordering::SeqCst);
        for load in loads {
            load.await.unwrap();
        }
        let feed = feed(&server, &admin, &survey).await;
        assert_eq!(feed.len(), 1, "round {round}: the stored blocks show {person}");
    }
}
