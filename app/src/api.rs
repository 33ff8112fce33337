//! Calls to the Pulse server, with every failure turned into a sentence for the marketer.

use gloo_net::http::{Request, Response};
use pulse_core::api::{ErrorBody, ResultsFeed, RESULTS_FEED_VERSION};

pub async fn results_feed(survey_id: &str) -> Result<ResultsFeed, String> {
    let url = format!("/api/v1/surveys/{survey_id}/results");
    let response = Request::get(&url).send().await.map_err(|_| {
        "The Pulse server could not be reached. Check your connection and try again.".to_owned()
    })?;
    if !response.ok() {
        return Err(error_message(response).await);
    }
    let feed: ResultsFeed = response
        .json()
        .await
        .map_err(|error| format!("The server sent results this page cannot read ({error})."))?;
    if feed.version != RESULTS_FEED_VERSION {
        return Err("The server is newer than this page: reload the page to update it.".to_owned());
    }
    Ok(feed)
}

async fn error_message(response: Response) -> String {
    match response.json::<ErrorBody>().await {
        Ok(body) => body.error.message,
        Err(_) => format!("The server answered {} {}.", response.status(), response.status_text()),
    }
}
