//! Calls to the Pulse server, with every failure turned into a sentence for the marketer.

use std::future::Future;

use gloo_net::http::{Request, RequestBuilder, Response};
use pulse_core::admin::{
    ApiToken, CreatedApiToken, LoginRequest, ManagedSurvey, NewApiToken, NewUser, PasswordChange,
    ResponsePage, StoredResponse, SurveyDefinition, SurveyThemes, User,
};
use pulse_core::api::{ErrorBody, CSRF_HEADER};
use pulse_core::comments::Comments;
use pulse_core::feed::Feed;
use pulse_core::follow_up::{FollowUpChange, FollowUps};
use pulse_core::webhook::{CreatedWebhook, Webhook, WebhookAttempt, WebhookSettings};
use serde::de::DeserializeOwned;

const UNREACHABLE: &str = "The Pulse server could not be reached. Check your connection and try again.";

/// Why a marketer's request failed.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// No valid session: the page sends the marketer to the login page.
    SignedOut,
    /// Anything else, as a sentence to show.
    Message(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::SignedOut => write!(f, "Your session ended: sign in again."),
            Failure::Message(message) => write!(f, "{message}"),
        }
    }
}

/// The survey's answers as columns: `GET /api/v1/admin/surveys/{id}/feed`.
pub async fn feed(survey_id: &str) -> Result<Feed, Failure> {
    let bytes = download(&format!("/api/v1/admin/surveys/{survey_id}/feed"), "results").await?;
    Ok(Feed::decode(&bytes).map_err(|error| format!("{error}."))?)
}

/// A survey's comments, for its themes: `GET /api/v1/admin/surveys/{id}/comments`.
pub async fn comments(survey_id: &str) -> Result<Comments, Failure> {
    let bytes = download(&format!("/api/v1/admin/surveys/{survey_id}/comments"), "comments").await?;
    Ok(Comments::decode(&bytes).map_err(|error| format!("{error}."))?)
}

/// The survey's own comment themes: `GET /api/v1/admin/surveys/{id}/themes`.
pub async fn themes(survey_id: &str) -> Result<SurveyThemes, Failure> {
    json(checked(Request::get(&format!("/api/v1/admin/surveys/{survey_id}/themes")).send()).await?).await
}

pub async fn replace_themes(survey_id: &str, themes: &SurveyThemes) -> Result<SurveyThemes, Failure> {
    let url = format!("/api/v1/admin/surveys/{survey_id}/themes");
    json(checked(change(Request::put(&url)).json(themes).map_err(unsendable)?.send()).await?).await
}

/// Every survey, archived ones included: `GET /api/v1/admin/surveys`.
pub async fn surveys() -> Result<Vec<ManagedSurvey>, Failure> {
    json(checked(Request::get("/api/v1/admin/surveys").send()).await?).await
}

pub async fn survey(survey_id: &str) -> Result<ManagedSurvey, Failure> {
    json(checked(Request::get(&format!("/api/v1/admin/surveys/{survey_id}")).send()).await?).await
}

pub async fn create_survey(survey: &SurveyDefinition) -> Result<SurveyDefinition, Failure> {
    let request = change(Request::post("/api/v1/admin/surveys")).json(survey).map_err(unsendable)?;
    json(checked(request.send()).await?).await
}

pub async fn update_survey(survey: &SurveyDefinition) -> Result<SurveyDefinition, Failure> {
    let url = format!("/api/v1/admin/surveys/{}", survey.config.id);
    json(checked(change(Request::put(&url)).json(survey).map_err(unsendable)?.send()).await?).await
}

/// One page of a survey's answers; `query` comes from the comment list's filters.
pub async fn responses(survey_id: &str, query: &str) -> Result<ResponsePage, Failure> {
    let url = format!("/api/v1/admin/surveys/{survey_id}/responses{query}");
    json(checked(Request::get(&url).send()).await?).await
}

/// Changes how an answer is followed up; the answer comes back as stored.
pub async fn change_follow_up(
    survey_id: &str,
    response_id: &str,
    follow_up: &FollowUpChange,
) -> Result<StoredResponse, Failure> {
    let url = format!(
        "/api/v1/admin/surveys/{survey_id}/responses/{}/follow-up",
        js_sys::encode_uri_component(response_id)
    );
    json(checked(change(Request::patch(&url)).json(follow_up).map_err(unsendable)?.send()).await?).await
}

/// Every detractor's follow-up, for its figures: `GET /api/v1/admin/surveys/{id}/follow-ups`.
pub async fn follow_ups(survey_id: &str) -> Result<FollowUps, Failure> {
    let bytes = download(&format!("/api/v1/admin/surveys/{survey_id}/follow-ups"), "follow-ups").await?;
    Ok(FollowUps::decode(&bytes).map_err(|error| format!("{error}."))?)
}

pub async fn users() -> Result<Vec<User>, Failure> {
    json(checked(Request::get("/api/v1/admin/users").send()).await?).await
}

pub async fn add_user(user: &NewUser) -> Result<User, Failure> {
    let request = change(Request::post("/api/v1/admin/users")).json(user).map_err(unsendable)?;
    json(checked(request.send()).await?).await
}

pub async fn delete_user(email: &str) -> Result<(), Failure> {
    let url = format!("/api/v1/admin/users/{}", js_sys::encode_uri_component(email));
    checked(change(Request::delete(&url)).send()).await.map(drop)
}

pub async fn tokens() -> Result<Vec<ApiToken>, Failure> {
    json(checked(Request::get("/api/v1/admin/tokens").send()).await?).await
}

/// Makes a token: the answer holds its secret, which the server never shows again.
pub async fn create_token(token: &NewApiToken) -> Result<CreatedApiToken, Failure> {
    let request = change(Request::post("/api/v1/admin/tokens")).json(token).map_err(unsendable)?;
    json(checked(request.send()).await?).await
}

pub async fn revoke_token(token_id: &str) -> Result<(), Failure> {
    let url = format!("/api/v1/admin/tokens/{}", js_sys::encode_uri_component(token_id));
    checked(change(Request::delete(&url)).send()).await.map(drop)
}

/// A survey's webhooks, each with its latest attempts: `GET /api/v1/admin/surveys/{id}/webhooks`.
pub async fn webhooks(survey_id: &str) -> Result<Vec<Webhook>, Failure> {
    json(checked(Request::get(&format!("/api/v1/admin/surveys/{survey_id}/webhooks")).send()).await?).await
}

/// Adds a webhook: the answer holds its secret, which the server never shows again.
pub async fn create_webhook(survey_id: &str, settings: &WebhookSettings) -> Result<CreatedWebhook, Failure> {
    let url = format!("/api/v1/admin/surveys/{survey_id}/webhooks");
    json(checked(change(Request::post(&url)).json(settings).map_err(unsendable)?.send()).await?).await
}

pub async fn update_webhook(
    survey_id: &str,
    webhook_id: &str,
    settings: &WebhookSettings,
) -> Result<Webhook, Failure> {
    let url = format!("/api/v1/admin/surveys/{survey_id}/webhooks/{webhook_id}");
    json(checked(change(Request::put(&url)).json(settings).map_err(unsendable)?.send()).await?).await
}

pub async fn delete_webhook(survey_id: &str, webhook_id: &str) -> Result<(), Failure> {
    let url = format!("/api/v1/admin/surveys/{survey_id}/webhooks/{webhook_id}");
    checked(change(Request::delete(&url)).send()).await.map(drop)
}

/// Sends the webhook a test message at once, and answers how that attempt went.
pub async fn test_webhook(survey_id: &str, webhook_id: &str) -> Result<WebhookAttempt, Failure> {
    let url = format!("/api/v1/admin/surveys/{survey_id}/webhooks/{webhook_id}/test");
    json(checked(change(Request::post(&url)).send()).await?).await
}

/// Signs in: the server answers with an HttpOnly session cookie the browser keeps. Unlike
/// other calls, a 401 here is a wrong password, told in the server's words.
pub async fn login(request: &LoginRequest) -> Result<User, String> {
    let response = change(Request::post("/api/v1/session"))
        .json(request)
        .map_err(|error| error.to_string())?
        .send()
        .await
        .map_err(|_| UNREACHABLE.to_owned())?;
    if !response.ok() {
        return Err(error_message(response).await);
    }
    json(response).await.map_err(|failure| failure.to_string())
}

/// The marketer signed in on this browser, if any.
pub async fn current_user() -> Result<Option<User>, Failure> {
    match checked(Request::get("/api/v1/session").send()).await {
        Ok(response) => json(response).await.map(Some),
        Err(Failure::SignedOut) => Ok(None),
        Err(failure) => Err(failure),
    }
}

pub async fn logout() -> Result<(), Failure> {
    checked(change(Request::delete("/api/v1/session")).send()).await.map(drop)
}

/// Changes the signed-in marketer's own password; their other sessions end.
pub async fn change_password(password: &PasswordChange) -> Result<(), Failure> {
    let request = change(Request::put("/api/v1/account/password")).json(password).map_err(unsendable)?;
    checked(request.send()).await.map(drop)
}

/// A change, sent with the header that tells the server it comes from these pages and
/// not from another site's form.
fn change(request: RequestBuilder) -> RequestBuilder {
    request.header(CSRF_HEADER, "1")
}

/// The response of a request that reached the server and succeeded.
async fn checked(
    sending: impl Future<Output = Result<Response, gloo_net::Error>>,
) -> Result<Response, Failure> {
    let response = sending.await.map_err(|_| UNREACHABLE.to_owned())?;
    match response.status() {
        401 => Err(Failure::SignedOut),
        _ if response.ok() => Ok(response),
        _ => Err(error_message(response).await.into()),
    }
}

/// The bytes at `url`, which holds the `what` of "The {what} stopped downloading".
async fn download(url: &str, what: &str) -> Result<Vec<u8>, Failure> {
    let response = checked(Request::get(url).send()).await?;
    Ok(response.binary().await.map_err(|error| format!("The {what} stopped downloading ({error})."))?)
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    Ok(response.json().await.map_err(|error| format!("The server's answer could not be read ({error})."))?)
}

fn unsendable(error: gloo_net::Error) -> Failure {
    Failure::Message(format!("The request could not be made ({error})."))
}

async fn error_message(response: Response) -> String {
    match response.json::<ErrorBody>().await {
        Ok(body) => body.error.message,
        Err(_) => format!("The server answered {} {}.", response.status(), response.status_text()),
    }
}
