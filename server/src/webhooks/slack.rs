//! The Slack format: `{"text": "..."}`, which an incoming-webhook URL of Slack (or of a
//! chat that copies it, as Mattermost and Rocket.Chat do) posts to a channel.

use pulse_core::admin::StoredResponse;
use pulse_core::nps::Category;
use pulse_core::webhook::{ResponseRef, WebhookEvent, WebhookPayload, WebhookRef, WEBHOOK_TEST_EVENT};
use serde::de::DeserializeOwned;
use serde_json::json;

/// The Slack body of a message stored in the standard format.
pub fn body(standard: &str) -> String {
    json!({ "text": text(standard) }).to_string()
}

fn text(standard: &str) -> String {
    let event = read::<serde_json::Value>(standard).map(|payload| payload.event).unwrap_or_default();
    let answer = |verb: &str| {
        read::<StoredResponse>(standard).map(|payload| {
            let answer = payload.data;
            let category = Category::of(answer.nps).as_str();
            let mut text =
                format!("{verb} to survey *{}*: {} ({category})", escape(&answer.survey_id), answer.nps);
            if let Some(comment) = &answer.comment {
                for line in comment.lines() {
                    text.push_str(&format!("\n> {}", escape(line)));
                }
            }
            text
        })
    };
    let described = match event.parse::<WebhookEvent>() {
        Ok(WebhookEvent::ResponseCreated) => answer("New answer"),
        Ok(WebhookEvent::ResponseUpdated) => answer("Answer completed"),
        Ok(WebhookEvent::ResponseDeleted) => read::<ResponseRef>(standard)
            .map(|payload| format!("An answer to survey *{}* was deleted", escape(&payload.data.survey_id))),
        _ if event == WEBHOOK_TEST_EVENT => read::<WebhookRef>(standard).map(|payload| {
            format!("Pulse can post to this channel for survey *{}*", escape(&payload.data.survey_id))
        }),
        _ => None,
    };
    described.unwrap_or_else(|| format!("Pulse: {}", escape(&event)))
}

fn read<T: DeserializeOwned>(standard: &str) -> Option<WebhookPayload<T>> {
    serde_json::from_str(standard).ok()
}

/// Slack reads `&`, `<` and `>` as markup: an answer's text could otherwise mention
/// everyone in the channel (`<!channel>`) or hide a link.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slack(payload: serde_json::Value) -> String {
        let body: serde_json::Value = serde_json::from_str(&body(&payload.to_string())).unwrap();
        body["text"].as_str().unwrap().to_owned()
    }

    #[test]
    fn an_answer_is_its_score_category_and_quoted_comment() {
        let created = json!({
            "type": "response.created",
            "timestamp": "2026-03-02T09:30:00Z",
            "data": {"id": "a", "survey_id": "spring", "nps": 3, "comment": "Slow <!channel>\nand dear", "created_at": 1},
        });
        assert_eq!(
            slack(created),
            "New answer to survey *spring*: 3 (detractor)\n> Slow &lt;!channel&gt;\n> and dear"
        );
        let updated = json!({
            "type": "response.updated",
            "timestamp": "2026-03-02T09:30:00Z",
            "data": {"id": "a", "survey_id": "spring", "nps": 10, "created_at": 1},
        });
        assert_eq!(slack(updated), "Answer completed to survey *spring*: 10 (promoter)");
    }

    #[test]
    fn deletions_tests_and_other_events_are_one_line() {
        let deleted =
            json!({"type": "response.deleted", "timestamp": "t", "data": {"id": "a", "survey_id": "spring"}});
        assert_eq!(slack(deleted), "An answer to survey *spring* was deleted");
        let test = json!({"type": "webhook.test", "timestamp": "t", "data": {"webhook_id": "wh_1", "survey_id": "spring"}});
        assert_eq!(slack(test), "Pulse can post to this channel for survey *spring*");
        let alert = json!({"type": "alert.score_drop", "timestamp": "t", "data": {}});
        assert_eq!(slack(alert), "Pulse: alert.score_drop");
    }
}
