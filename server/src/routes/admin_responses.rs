//! Answers as marketers read and delete them: `/admin/surveys/{id}/responses`, its CSV
//! export, and deletion by respondent attribute for data-protection requests.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use futures_util::stream::{self, StreamExt};
use pulse_core::admin::{Deleted, ResponsePage};
use pulse_core::feed::SegmentError;
use pulse_core::follow_up::FollowUpState;
use pulse_core::limits::SEARCH_MAX_CHARS;
use pulse_core::nps::{Category, Scale};
use pulse_core::report::MAX_SEGMENTS;
use pulse_core::validation::answer_id;
use serde::Deserialize;
use utoipa::IntoParams;

use super::openapi::{AdminOnly, SurveyNotFound};
use super::path::Path;
use super::surveys::find;
use crate::auth::{Admin, Marketer};
use crate::csv_export;
use crate::db::{Db, ResponseFilter};
use crate::error::ApiError;
use crate::json::Json;
use crate::query::Query;
use crate::AppState;

const PAGE_DEFAULT: u32 = 50;
const PAGE_MAX: u32 = 200;
/// Rows read from the database per chunk of the CSV export.
const EXPORT_CHUNK: u32 = 500;

/// `?from=&to=&category=&segment=&q=&follow_up=&order=&cursor=&limit=`; times are
/// milliseconds since 1970-01-01 UTC, `from` inclusive and `to` exclusive.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResponseQuery {
    /// Answers given at or after this time, in milliseconds since 1970-01-01 UTC.
    from: Option<i64>,
    /// Answers given before this time.
    to: Option<i64>,
    /// `promoter` (9–10), `passive` (7–8) or `detractor` (6 and below).
    #[param(value_type = Option<String>)]
    category: Option<Category>,
    /// Answers carrying this segment, named as in the results feed: `page:/checkout`,
    /// `lang:fr` or `attr:plan=pro`. Repeat it for answers carrying every one (up to 10).
    #[serde(default)]
    segment: Vec<String>,
    /// Text the comment contains, ignoring case: at most 500 characters
    /// (`pulse_core::limits::SEARCH_MAX_CHARS`).
    q: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Answers per page, from 1 to 200; 50 when left out.
    limit: Option<u32>,
    /// `true` for answers with a comment only.
    with_comment: Option<bool>,
    /// `open`, `contacted` or `resolved`: answers whose follow-up is in this state (an
    /// answer nobody followed up is `open`).
    #[param(value_type = Option<String>)]
    follow_up: Option<FollowUpState>,
    /// `newest` (the default) or `oldest` first, e.g. the open detractors who have waited
    /// longest: `?category=detractor&follow_up=open&order=oldest`.
    #[param(value_type = Option<String>)]
    order: Option<Order>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Order {
    #[default]
    Newest,
    Oldest,
}

impl ResponseQuery {
    fn filter(self) -> Result<ResponseFilter, ApiError> {
        let limit = self.limit.unwrap_or(PAGE_DEFAULT);
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(ApiError::BadQuery {
                field: "limit",
                message: format!("limit must be from 1 to {PAGE_MAX}"),
            });
        }
        let after = self.cursor.as_deref().map(parse_cursor).transpose()?;
        let nps_range = self.category.map(|category| category.scores().into_inner());
        if self.segment.len() > MAX_SEGMENTS {
            return Err(ApiError::BadQuery {
                field: "segment",
                message: format!("at most {MAX_SEGMENTS} segments can be combined"),
            });
        }
        let segments = self
            .segment
            .iter()
            .map(|name| name.parse())
            .collect::<Result<_, SegmentError>>()
            .map_err(|error| ApiError::BadQuery { field: "segment", message: error.to_string() })?;
        let search = self.q.filter(|text| !text.trim().is_empty());
        if search.as_ref().is_some_and(|text| text.chars().count() > SEARCH_MAX_CHARS) {
            return Err(ApiError::BadQuery {
                field: "q",
                message: format!("q, the text to look for, must be at most {SEARCH_MAX_CHARS} characters"),
            });
        }
        let with_comment = self.with_comment.unwrap_or(false);
        let oldest_first = self.order.unwrap_or_default() == Order::Oldest;
        Ok(ResponseFilter {
            from: self.from,
            to: self.to,
            nps_range,
            segments,
            search,
            after,
            with_comment,
            follow_up: self.follow_up,
            oldest_first,
            limit,
        })
    }
}

/// The cursor is the last answer's time and id: `1764000000000.0b0f4c5e-...`.
fn parse_cursor(cursor: &str) -> Result<(i64, String), ApiError> {
    cursor.split_once('.').and_then(|(time, id)| Some((time.parse().ok()?, id.to_owned()))).ok_or_else(|| {
        ApiError::BadQuery {
            field: "cursor",
            message: "cursor must be a next_cursor the server gave".to_owned(),
        }
    })
}

#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/responses",
    tag = "responses",
    params(("survey_id" = String, Path, description = "The survey's id"), ResponseQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "A page of answers, newest first unless `order=oldest` (`pulse_core::admin::ResponsePage`)", body = pulse_core::admin::ResponsePage),
        SurveyNotFound,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
    Query(query): Query<ResponseQuery>,
) -> Result<Json<ResponsePage>, ApiError> {
    let survey = find(&state, survey_id).await?;
    let filter = query.filter()?;
    let responses = state.db.responses(&survey.config.id, &filter).await?;
    let full = responses.len() == filter.limit as usize;
    let next_cursor =
        responses.last().filter(|_| full).map(|last| format!("{}.{}", last.created_at, last.id));
    Ok(Json(ResponsePage { responses, next_cursor }))
}

#[utoipa::path(
    delete,
    path = "/admin/surveys/{survey_id}/responses/{response_id}",
    tag = "responses",
    params(("survey_id" = String, Path, description = "The survey's id"), ("response_id" = String, Path, description = "The answer's id: a UUID in any of its forms (any case; hyphens, braces, `urn:uuid:` or none)")),
    security(("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        AdminOnly,
        (status = 404, description = "No such answer in this survey: `response_not_found`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn delete_one(
    State(state): State<AppState>,
    _: Admin,
    Path((survey_id, response_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    if !state.db.delete_response(&survey_id, &stored_id(&response_id)?).await? {
        return Err(ApiError::ResponseNotFound(response_id));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The answer's id as stored for an id in a path, in any form the widget's route takes:
/// an admin pasting an id from elsewhere must find the answer.
pub fn stored_id(path_id: &str) -> Result<String, ApiError> {
    answer_id(path_id).map(|id| id.to_string()).ok_or_else(|| ApiError::ResponseNotFound(path_id.to_owned()))
}

/// `?attribute=user_id&value=42`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AttributeQuery {
    /// The attribute's name, such as `user_id`.
    attribute: String,
    /// Its value, matched exactly.
    value: String,
}

/// Deletes every answer, of every survey, that carries the attribute.
#[utoipa::path(
    delete,
    path = "/admin/responses",
    tag = "responses",
    params(AttributeQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "Every answer of every survey carrying the attribute was deleted: `{\"deleted\": n}`", body = pulse_core::admin::Deleted),
        AdminOnly,
    )
)]
pub async fn delete_with_attribute(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<AttributeQuery>,
) -> Result<Json<Deleted>, ApiError> {
    let deleted = state.db.delete_responses_with_attribute(&query.attribute, &query.value).await?;
    Ok(Json(Deleted { deleted }))
}

/// Every answer matching the filters as CSV, newest first unless `order=oldest`, read and sent in chunks so
/// that neither side holds the whole survey in memory.
#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/responses.csv",
    tag = "responses",
    params(("survey_id" = String, Path, description = "The survey's id"), ResponseQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "The answers as CSV in UTF-8 after a byte order mark (which Excel needs), streamed; cells starting with = + - @ tab or CR get a leading apostrophe", content_type = "text/csv", body = String),
        SurveyNotFound,
    )
)]
pub async fn export(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
    Query(query): Query<ResponseQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let survey = find(&state, survey_id).await?;
    let filter = ResponseFilter {
        limit: EXPORT_CHUNK,
        ..ResponseQuery { limit: None, cursor: None, ..query }.filter()?
    };
    let head = csv_export::head().map_err(anyhow::Error::from)?;
    let rows = chunks(state.db.clone(), survey.config.id.clone(), survey.config.scale, filter);
    let body = Body::from_stream(stream::once(async { Ok(Bytes::from(head)) }).chain(rows));
    let disposition = format!("attachment; filename=\"{}-responses.csv\"", survey.config.id);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    ))
}

fn chunks(
    db: Db,
    survey_id: String,
    scale: Scale,
    filter: ResponseFilter,
) -> impl futures_util::Stream<Item = Result<Bytes, axum::BoxError>> {
    stream::try_unfold(Some(filter), move |filter| {
        let (db, survey_id) = (db.clone(), survey_id.clone());
        async move {
            let Some(mut filter) = filter else { return Ok(None) };
            let page = db.responses(&survey_id, &filter).await?;
            let Some(last) = page.last() else { return Ok(None) };
            let next = (page.len() == filter.limit as usize).then(|| {
                filter.after = Some((last.created_at, last.id.clone()));
                filter
            });
            let lines = csv_export::lines(page.iter().map(|response| csv_export::record(response, scale)))?;
            Ok::<_, axum::BoxError>(Some((Bytes::from(lines), next)))
        }
    })
}
