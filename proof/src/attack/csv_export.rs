//! The CSV export of hostile answers: no cell a spreadsheet would run as a formula.

use anyhow::ensure;
use reqwest::{Method, StatusCode};

use super::Attack;
use crate::site::SURVEY;

impl Attack {
    /// No cell of the export starts as a formula; each hostile text is there, made text.
    pub(super) async fn csv_is_neutralised(&mut self) -> anyhow::Result<()> {
        let viewer = self.site.viewer_cookie.clone();
        let path = format!("/api/v1/admin/surveys/{SURVEY}/responses.csv");
        let export = self.call(self.site.request(Method::GET, &path, Some(&viewer))).await?;
        ensure!(export.status == StatusCode::OK, "CSV export: {}", export.status);
        let mut reader = csv::Reader::from_reader(export.body.as_bytes());
        let mut cells = Vec::new();
        for record in reader.records() {
            cells.extend(record?.iter().map(str::to_owned));
        }
        let formulas: Vec<&String> =
            cells.iter().filter(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r'])).collect();
        self.check(formulas.is_empty(), || format!("CSV cells a spreadsheet would run: {formulas:?}"));
        let hostile: Vec<String> = self
            .site
            .answers
            .iter()
            .filter_map(|answer| answer.comment.as_deref())
            .map(|comment| comment.trim().to_owned())
            .filter(|comment| comment.starts_with(['=', '+', '-', '@']))
            .collect();
        for text in &hostile {
            let made_text = format!("'{text}");
            self.check(cells.contains(&made_text), || format!("{text:?} is not in the CSV as {made_text:?}"));
        }
        self.check(cells.iter().any(|cell| cell == "'-/page"), || {
            "the page -/page is not made text".to_owned()
        });
        self.check(cells.iter().any(|cell| cell.starts_with('{') && cell.contains("=1+2")), || {
            "the attributes cell is missing".to_owned()
        });
        Ok(())
    }
}
