//! Calls to the Pulse server, with every failure turned into a sentence for the marketer.

use gloo_net::http::{Request, Response};
use pulse_core::admin::{LoginRequest, ResponsePage, SurveyDefinition, User};
use pulse_core::api::ErrorBody;
use pulse_core::feed::Feed;

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

/// The survey's answers as columns: `GET /api/v1/admin/surveys/{id}/feed`.
pub async fn feed(survey_id: &str) -> Result<Feed, Failure> {
    let response = Request::get(&format!("/api/v1/admin/surveys/{survey_id}/feed"))
        .send()
        .await
        .map_err(|_| UNREACHABLE.to_owned())?;
    if response.status() == 401 {
        return Err(Failure::SignedOut);
    }
    if !response.ok() {
        return Err(error_message(response).await.into());
    }
    let bytes =
        response.binary().await.map_err(|error| format!("The results stopped downloading ({error})."))?;
    Ok(Feed::decode(&bytes).map_err(|error| format!("{error}."))?)
}

/// Every survey, archived ones included: `GET /api/v1/admin/surveys`.
pub async fn surveys() -> Result<Vec<SurveyDefinition>, Failure> {
    let response = Request::get("/api/v1/admin/surveys").send().await.map_err(|_| UNREACHABLE.to_owned())?;
    if response.status() == 401 {
        return Err(Failure::SignedOut);
    }
    if !response.ok() {
        return Err(error_message(response).await.into());
    }
    Ok(response.json().await.map_err(|error| format!("The server's answer could not be read ({error})."))?)
}

/// One page of a survey's answers; `query` comes from the comment list's filters.
pub async fn responses(survey_id: &str, query: &str) -> Result<ResponsePage, Failure> {
    let response = Request::get(&format!("/api/v1/admin/surveys/{survey_id}/responses{query}"))
        .send()
        .await
        .map_err(|_| UNREACHABLE.to_owned())?;
    if response.status() == 401 {
        return Err(Failure::SignedOut);
    }
    if !response.ok() {
        return Err(error_message(response).await.into());
    }
    Ok(response.json().await.map_err(|error| format!("The server's answer could not be read ({error})."))?)
}

/// Signs in: the server answers with an HttpOnly session cookie the browser keeps.
pub async fn login(request: &LoginRequest) -> Result<User, String> {
    let response = Request::post("/api/v1/session")
        .json(request)
        .map_err(|error| error.to_string())?
        .send()
        .await
        .map_err(|_| UNREACHABLE.to_owned())?;
    if !response.ok() {
        return Err(error_message(response).await);
    }
    response.json().await.map_err(|error| format!("The server's answer could not be read ({error})."))
}

/// The marketer signed in on this browser, if any.
pub async fn current_user() -> Result<Option<User>, String> {
    let response = Request::get("/api/v1/session").send().await.map_err(|_| UNREACHABLE.to_owned())?;
    match response.status() {
        401 => Ok(None),
        _ if response.ok() => response.json().await.map(Some).map_err(|error| error.to_string()),
        _ => Err(error_message(response).await),
    }
}

pub async fn logout() -> Result<(), String> {
    let response = Request::delete("/api/v1/session").send().await.map_err(|_| UNREACHABLE.to_owned())?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_message(response).await)
    }
}

async fn error_message(response: Response) -> String {
    match response.json::<ErrorBody>().await {
        Ok(body) => body.error.message,
        Err(_) => format!("The server answered {} {}.", response.status(), response.status_text()),
    }
}
