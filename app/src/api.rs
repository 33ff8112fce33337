//! Calls to the Pulse server, with every failure turned into a sentence for the marketer.

use gloo_net::http::{Request, Response};
use pulse_core::api::ErrorBody;
use pulse_core::feed::Feed;

/// The survey's answers as columns: `GET /api/v1/surveys/{id}/feed`.
pub async fn feed(survey_id: &str) -> Result<Feed, String> {
    let response = Request::get(&format!("/api/v1/surveys/{survey_id}/feed")).send().await.map_err(|_| {
        "The Pulse server could not be reached. Check your connection and try again.".to_owned()
    })?;
    if !response.ok() {
        return Err(error_message(response).await);
    }
    let bytes =
        response.binary().await.map_err(|error| format!("The results stopped downloading ({error})."))?;
    Feed::decode(&bytes).map_err(|error| format!("{error}."))
}

async fn error_message(response: Response) -> String {
    match response.json::<ErrorBody>().await {
        Ok(body) => body.error.message,
        Err(_) => format!("The server answered {} {}.", response.status(), response.status_text()),
    }
}
