//! The comments the results page reads for its themes, read as of one moment while the
//! answers change.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::Server;
use pulse_core::comments::Comments;
use pulse_core::validation::ValidResponse;
use tokio::task::JoinSet;
use uuid::Uuid;

on_both_databases!(each_comment_comes_with_its_own_answers_attributes);

const ANSWERS: usize = 300;

/// A writer changes every answer's comment and its `version` attribute together, in one
/// transaction, again and again, while the comments are read: each comment must come with
/// the attribute of its own version, never that of the version before or after.
async fn each_comment_comes_with_its_own_answers_attributes(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let mut saving = JoinSet::new();
    for _ in 0..ANSWERS {
        let (db, version) = (server.db.clone(), [("version".to_owned(), "v0".to_owned())].into());
        let answer = ValidResponse {
            id: Uuid::new_v4(),
            nps: 9,
            comment: Some("v0".to_owned()),
            attributes: version,
            ..Default::default()
        };
        saving.spawn(async move { db.save_response("demo", &answer).await.unwrap() });
    }
    saving.join_all().await;

    let stop = Arc::new(AtomicBool::new(false));
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    let writer = tokio::spawn({
        let stop = stop.clone();
        async move {
            let mut version = 0;
            while !stop.load(Ordering::Relaxed) {
                version += 1;
                let mut transaction = pool.begin().await.unwrap();
                for statement in [
                    "UPDATE responses SET comment = $1 WHERE survey_id = 'demo' AND comment IS NOT NULL",
                    "UPDATE response_attributes SET value = $1 WHERE key = 'version'",
                ] {
                    let query = sqlx::query(statement).bind(format!("v{version}"));
                    query.execute(&mut *transaction).await.unwrap();
                }
                transaction.commit().await.unwrap();
            }
            pool.close().await;
            version
        }
    });

    let mut seen = Vec::new();
    for _ in 0..40 {
        let path = "/api/v1/admin/surveys/demo/comments";
        let response = server.client.get(server.url(path)).header("cookie", &admin).send().await.unwrap();
        let comments = Comments::decode(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(comments.len(), ANSWERS);
        for comment in 0..comments.len() {
            let attributes = comments.answers.attributes_of(comment);
            let attributes: Vec<&str> =
                attributes.iter().map(|&id| comments.answers.strings[id as usize].as_str()).collect();
            let text = comments.text(comment);
            assert_eq!(attributes, [format!("attr:version={text}")], "comment {comment}");
        }
        seen.push(comments.text(0).to_owned());
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    seen.dedup();
    // Else the reads hardly overlapped the writes, and this test could hardly fail.
    assert!(seen.len() > 10, "{} versions read of {written} written", seen.len());
}
