//! The Slack format: `{"text": "..."}`, which an incoming-webhook URL of Slack (or of a
//! chat that copies it, as Mattermost and Rocket.Chat do) posts to a channel.

use pulse_core::admin::StoredResponse;
use pulse_core::alerts::DAY_MILLIS;
use pulse_core::nps::{round_nps, Category, Scale};
use pulse_core::webhook::{
    PeriodScore, ResponseRef, ScoreDrop, WebhookEvent, WebhookPayload, WebhookRef, WEBHOOK_TEST_EVENT,
};
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
            // A change of the follow-up is a `response.updated` too: the channel sees where
            // it stands.
            let follow_up = &answer.follow_up;
            if follow_up.updated_at.is_some() {
                text.push_str(&format!("\nFollow-up: {}", follow_up.state.as_str()));
                if let Some(owner) = &follow_up.owner {
                    text.push_str(&format!(", {}", escape(owner)));
                }
            }
            text
        })
    };
    let described = match event.parse::<WebhookEvent>() {
        Ok(WebhookEvent::ResponseCreated) => answer("New answer"),
        Ok(WebhookEvent::ResponseUpdated) => answer("Answer completed or changed"),
        Ok(WebhookEvent::ResponseDeleted) => read::<ResponseRef>(standard)
            .map(|payload| format!("An answer to survey *{}* was deleted", escape(&payload.data.survey_id))),
        Ok(WebhookEvent::AlertDetractor) => read::<StoredResponse>(standard).map(|payload| {
            let answer = payload.data;
            let comment: Vec<String> =
                answer.comment.iter().flat_map(|comment| comment.lines()).map(escape).collect();
            format!(
                "Detractor, {}/{}, on survey *{}*: {}",
                answer.nps,
                Scale::default().max(),
                escape(&answer.survey_id),
                comment.join(" ")
            )
        }),
        Ok(WebhookEvent::AlertScoreDrop) => read::<ScoreDrop>(standard).map(|payload| {
            let ScoreDrop { survey_id, week, before } = payload.data;
            let days = |period: &PeriodScore| (period.to - period.from) / DAY_MILLIS;
            let [lowest, highest] = week.interval.map(round_nps);
            format!(
                "The NPS of survey *{}* dropped to {:+} in the last {} days ({} answers, 95 % interval \
                 {lowest:+} to {highest:+}), from {:+} in the {} days before ({} answers)",
                escape(&survey_id),
                round_nps(week.nps),
                days(&week),
                week.answers,
                round_nps(before.nps),
                days(&before),
                before.answers
            )
        }),
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
        assert_eq!(slack(updated), "Answer completed or changed to survey *spring*: 10 (promoter)");
        let followed_up = json!({
            "type": "response.updated",
            "timestamp": "2026-03-02T09:30:00Z",
            "data": {"id": "a", "survey_id": "spring", "nps": 2, "created_at": 1, "follow_up":
                {"state": "contacted", "owner": "ana@example.com", "note": "Called", "updated_at": 2, "followed_up_at": 2}},
        });
        assert_eq!(
            slack(followed_up),
            "Answer completed or changed to survey *spring*: 2 (detractor)\nFollow-up: contacted, ana@example.com"
        );
    }

    #[test]
    fn deletions_tests_and_other_events_are_one_line() {
        let deleted =
            json!({"type": "response.deleted", "timestamp": "t", "data": {"id": "a", "survey_id": "spring"}});
        assert_eq!(slack(deleted), "An answer to survey *spring* was deleted");
        let test = json!({"type": "webhook.test", "timestamp": "t", "data": {"webhook_id": "wh_1", "survey_id": "spring"}});
        assert_eq!(slack(test), "Pulse can post to this channel for survey *spring*");
        let unknown = json!({"type": "survey.archived", "timestamp": "t", "data": {}});
        assert_eq!(slack(unknown), "Pulse: survey.archived");
    }

    #[test]
    fn alerts_are_one_line_each() {
        let detractor = json!({
            "type": "alert.detractor",
            "timestamp": "t",
            "data": {"id": "a", "survey_id": "spring", "nps": 3, "comment": "Slow <!here>\nand dear", "created_at": 1},
        });
        assert_eq!(slack(detractor), "Detractor, 3/10, on survey *spring*: Slow &lt;!here&gt; and dear");
        let period = |days: i64, nps: f64, answers: u64, interval: [f64; 2]| json!({"from": 0, "to": days * DAY_MILLIS, "answers": answers, "nps": nps, "interval": interval});
        let drop = json!({
            "type": "alert.score_drop",
            "timestamp": "t",
            "data": {
                "survey_id": "spring",
                "week": period(7, -33.3, 30, [-57.6, -4.5]),
                "before": period(28, 50.0, 120, [36.2, 61.0]),
            },
        });
        assert_eq!(
            slack(drop),
            "The NPS of survey *spring* dropped to -33 in the last 7 days (30 answers, 95 % interval -58 to -5), \
             from +50 in the 28 days before (120 answers)"
        );
    }
}
