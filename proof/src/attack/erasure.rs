//! Erasure: once a person's answers are deleted by their attribute, as a data-protection
//! request asks, nothing of them is left on disk: not in the SQLite database, its WAL or
//! the WAL's index (answers, attributes, the feed's day blocks, free space), nor in the
//! server's log.

use std::path::PathBuf;

use anyhow::{ensure, Context};
use pulse_core::admin::Deleted;
use pulse_core::api::ResponseSubmission;
use reqwest::{Method, StatusCode};
use uuid::Uuid;

use super::Attack;
use crate::site::{answer, ALLOWED_ORIGIN, SURVEY};

/// The person's answers: several, so that more than one row and block must go.
const ANSWERS: i64 = 3;

impl Attack {
    pub(super) async fn erasure(&mut self) -> anyhow::Result<()> {
        let person = format!("erase-me-{}", Uuid::new_v4());
        let mut traces = vec![person.clone()];
        for nps in 0..ANSWERS {
            let submission = ResponseSubmission {
                page: Some(format!("/account/{person}")),
                attributes: [("user".to_owned(), person.clone())].into(),
                ..answer(nps, &format!("written by {person}"))
            };
            let response = self.site.post_answer(&submission, Some(ALLOWED_ORIGIN)).await?;
            ensure!(response.status() == StatusCode::OK, "the person's answer: {}", response.status());
            traces.push(submission.id);
        }
        // The results page reads the feed, whose blocks then hold the person's attribute.
        self.load_feed().await?;
        ensure!(!self.files_holding(&traces)?.is_empty(), "the person's answers are nowhere on disk");

        let admin = self.site.admin_cookie.clone();
        let path = format!("/api/v1/admin/responses?attribute=user&value={person}");
        let erased = self.call(self.site.request(Method::DELETE, &path, Some(&admin))).await?;
        ensure!(erased.status == StatusCode::OK, "the erasure: {} {}", erased.status, erased.body);
        let deleted: Deleted = serde_json::from_str(&erased.body)?;
        self.check(deleted.deleted == ANSWERS as u64, || format!("the erasure deleted {deleted:?}"));
        let left = self.files_holding(&traces)?;
        self.check(left.is_empty(), || format!("after the erasure, the person is still in {left:?}"));
        self.load_feed().await?;
        let left = self.files_holding(&traces)?;
        self.check(left.is_empty(), || format!("after the feed was built again, the person is in {left:?}"));
        Ok(())
    }

    async fn load_feed(&mut self) -> anyhow::Result<()> {
        let admin = self.site.admin_cookie.clone();
        let path = format!("/api/v1/admin/surveys/{SURVEY}/feed");
        let feed = self.call(self.site.request(Method::GET, &path, Some(&admin))).await?;
        ensure!(feed.status == StatusCode::OK, "the feed: {}", feed.status);
        Ok(())
    }

    /// The files on disk that hold any of `texts`, byte for byte.
    fn files_holding(&self, texts: &[String]) -> anyhow::Result<Vec<PathBuf>> {
        let database = self.site.database_url.strip_prefix("sqlite:").context("not a SQLite database")?;
        let files = ["", "-wal", "-shm"].map(|suffix| PathBuf::from(format!("{database}{suffix}")));
        let mut holding = Vec::new();
        for file in files.into_iter().chain([self.site.log_file()]) {
            // The WAL and its index exist only while the database is open.
            let bytes = std::fs::read(&file).unwrap_or_default();
            if texts.iter().any(|text| bytes.windows(text.len()).any(|window| window == text.as_bytes())) {
                holding.push(file);
            }
        }
        Ok(holding)
    }
}
