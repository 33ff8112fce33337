//! Webhooks as admins set them and receivers get them: the events, the formats, the rules
//! of a webhook's settings and the messages' bodies.

use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;
use crate::limits::WEBHOOK_URL_MAX_CHARS;
use crate::names::names;
use crate::validation::ValidationError;

/// What a webhook can be told of: a survey's answers created, changed or deleted, and
/// the alerts on its answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookEvent {
    /// An answer was stored.
    #[serde(rename = "response.created")]
    ResponseCreated,
    /// A stored answer was completed (the comment after the score) or changed.
    #[serde(rename = "response.updated")]
    ResponseUpdated,
    /// An answer was deleted, alone or by a data-protection request.
    #[serde(rename = "response.deleted")]
    ResponseDeleted,
    /// A detractor left a comment.
    #[serde(rename = "alert.detractor")]
    AlertDetractor,
    /// The week's NPS fell significantly below the weeks before.
    #[serde(rename = "alert.score_drop")]
    AlertScoreDrop,
}

names!(WebhookEvent {
    ResponseCreated => "response.created",
    ResponseUpdated => "response.updated",
    ResponseDeleted => "response.deleted",
    AlertDetractor => "alert.detractor",
    AlertScoreDrop => "alert.score_drop",
});

/// The type of the message a webhook's test sends, which no webhook subscribes to.
pub const WEBHOOK_TEST_EVENT: &str = "webhook.test";

/// How a webhook's messages are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookFormat {
    /// A [`WebhookPayload`] as JSON, signed as Standard Webhooks are.
    #[default]
    Standard,
    /// `{"text": "..."}` that a Slack (or compatible) incoming-webhook URL posts to a channel.
    Slack,
}

names!(WebhookFormat { Standard => "standard", Slack => "slack" });

/// A webhook as an admin sets it: `POST /api/v1/admin/surveys/{id}/webhooks`, and `PUT`
/// of one of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSettings {
    /// Where messages are posted: an `https://` URL whose host is on the internet.
    pub url: String,
    /// At least one.
    pub events: Vec<WebhookEvent>,
    #[serde(default)]
    pub format: WebhookFormat,
    /// A disabled webhook is sent nothing; its messages waiting are sent once it is
    /// enabled again. The server disables one whose receiver answers 410 Gone.
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

impl WebhookSettings {
    /// The rules of a webhook that need no network: the URL's scheme (`http://` only when
    /// `plain_http` is allowed, for receivers on a private network) and length, and at
    /// least one event. The server then checks where the URL's host is.
    pub fn validate(&self, plain_http: bool) -> Result<(), ValidationError> {
        let refused = |field, code, message: String| Err(ValidationError { field, code, message });
        let url = self.url.to_ascii_lowercase();
        let chars = self.url.chars().count();
        if chars > WEBHOOK_URL_MAX_CHARS {
            return refused(
                "url",
                ErrorCode::TooLong,
                format!("the URL has {chars} characters; at most {WEBHOOK_URL_MAX_CHARS} are allowed"),
            );
        }
        if !(url.starts_with("https://") || plain_http && url.starts_with("http://")) {
            let schemes = if plain_http { "https:// or http://" } else { "https://" };
            return refused("url", ErrorCode::InvalidUrl, format!("the URL must start with {schemes}"));
        }
        if self.url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return refused("url", ErrorCode::InvalidUrl, "the URL must not contain spaces".to_owned());
        }
        if self.events.is_empty() {
            let names = WebhookEvent::NAMES.join(", ");
            return refused("events", ErrorCode::Required, format!("choose at least one event of {names}"));
        }
        Ok(())
    }
}

/// A webhook as admins read it: its settings, and how its deliveries go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// `wh_` and 32 hexadecimal digits.
    pub id: String,
    pub survey_id: String,
    #[serde(flatten)]
    pub settings: WebhookSettings,
    /// Milliseconds since 1970-01-01 UTC.
    pub created_at: i64,
    /// Messages still to be delivered: not yet tried, or to be tried again.
    pub pending: u64,
    /// Messages given up after every attempt of the retry schedule failed.
    pub failed: u64,
    /// The latest attempts to deliver its messages, newest first.
    pub attempts: Vec<WebhookAttempt>,
}

/// A webhook just created: `secret`, shown this once, verifies its messages' signatures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// `whsec_` and the base64 of 32 random bytes: the key of the HMAC-SHA256 signature.
    pub secret: String,
}

/// One attempt to deliver a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    /// The message's `webhook-id`, the same in each of its attempts.
    pub message_id: String,
    /// A [`WebhookEvent`]'s name, or [`WEBHOOK_TEST_EVENT`].
    pub event: String,
    /// 1 for the first attempt of the message.
    pub attempt: u32,
    /// Milliseconds since 1970-01-01 UTC.
    pub attempted_at: i64,
    /// The receiver's HTTP status, if it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why the attempt failed, when it did: no answer in time, no connection, a refused
    /// address, or the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub delivered: bool,
    /// When the message will be tried again, on its latest attempt only; absent once it
    /// is delivered or given up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<i64>,
}

/// The body of a message in the standard format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPayload<T> {
    /// A [`WebhookEvent`]'s name, or [`WEBHOOK_TEST_EVENT`].
    #[serde(rename = "type")]
    pub event: String,
    /// When the event happened, in RFC 3339.
    pub timestamp: String,
    /// A [`crate::admin::StoredResponse`] for `response.created`, `.updated` and
    /// `alert.detractor`, a [`ResponseRef`] for `response.deleted`, a [`ScoreDrop`] for
    /// `alert.score_drop` and a [`WebhookRef`] for a test.
    pub data: T,
}

/// The answer a `response.deleted` message is about: nothing of it but its ids is left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseRef {
    pub id: String,
    pub survey_id: String,
}

/// The data of an `alert.score_drop` message: the survey's NPS of the last 7 days fell
/// significantly below its NPS of the 28 days before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreDrop {
    pub survey_id: String,
    /// The last 7 days.
    pub week: PeriodScore,
    /// The 28 days before them.
    pub before: PeriodScore,
}

/// A survey's NPS over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodScore {
    /// The period's first moment, in milliseconds since 1970-01-01 UTC.
    pub from: i64,
    /// Its end, not included.
    pub to: i64,
    pub answers: u64,
    /// From −100 to +100, not rounded.
    pub nps: f64,
    /// The NPS's 95 % confidence interval: its lowest and highest value.
    pub interval: [f64; 2],
}

/// The webhook a test message was sent for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookRef {
    pub webhook_id: String,
    pub survey_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str, events: &[WebhookEvent]) -> WebhookSettings {
        WebhookSettings {
            url: url.to_owned(),
            events: events.to_vec(),
            format: WebhookFormat::Standard,
            enabled: true,
        }
    }

    #[test]
    fn a_webhook_needs_an_https_url_and_an_event() {
        let created = [WebhookEvent::ResponseCreated];
        assert_eq!(settings("https://crm.example/hooks?k=1", &created).validate(false), Ok(()));
        assert_eq!(settings("HTTPS://crm.example/", &created).validate(false), Ok(()));
        let code = |url: &str, events: &[WebhookEvent], plain_http| {
            settings(url, events).validate(plain_http).map_err(|error| (error.field, error.code))
        };
        assert_eq!(code("http://crm.example/", &created, false), Err(("url", ErrorCode::InvalidUrl)));
        assert_eq!(code("http://10.0.0.5:8080/", &created, true), Ok(()));
        assert_eq!(code("ftp://crm.example/", &created, true), Err(("url", ErrorCode::InvalidUrl)));
        assert_eq!(code("https://crm.example/a b", &created, false), Err(("url", ErrorCode::InvalidUrl)));
        assert_eq!(code("https://crm.example/", &[], false), Err(("events", ErrorCode::Required)));
        let long = format!("https://crm.example/{}", "a".repeat(WEBHOOK_URL_MAX_CHARS));
        assert_eq!(code(&long, &created, false), Err(("url", ErrorCode::TooLong)));
    }

    #[test]
    fn settings_left_out_default_to_a_standard_enabled_webhook() {
        let read: WebhookSettings =
            serde_json::from_str(r#"{"url": "https://crm.example/", "events": ["response.deleted"]}"#)
                .unwrap();
        assert_eq!(read, settings("https://crm.example/", &[WebhookEvent::ResponseDeleted]));
        let unknown = r#"{"url": "https://crm.example/", "events": ["response.read"]}"#;
        assert!(serde_json::from_str::<WebhookSettings>(unknown).is_err());
    }
}
