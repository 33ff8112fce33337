//! The limits and defaults the server enforces at its edge, named once here so that the
//! server applies them and the proofs check exactly them.

/// The largest answer is a 2,000-character comment of 4-byte characters, 20 attributes
/// and a few fields; anything much bigger is not an answer.
pub const WIDGET_BODY_BYTES: usize = 32 * 1024;
/// A survey definition with texts in every language fits easily.
pub const ADMIN_BODY_BYTES: usize = 256 * 1024;
/// Login attempts one client address may make per minute, unless configured otherwise.
pub const LOGINS_PER_MINUTE: u32 = 10;
/// How long a marketer stays signed in, unless configured otherwise.
pub const SESSION_HOURS: u32 = 12;
/// Wrong passwords an account may get, from any addresses, before it is locked: room for a
/// person's typos.
pub const FREE_LOGIN_FAILURES: u32 = 5;
/// A survey's own comment themes: enough for the topics a team follows, few enough to read
/// at a glance beside the themes Pulse finds.
pub const CUSTOM_THEMES_MAX: usize = 20;
/// A theme's name, as a heading: "Delivery", "Customer service".
pub const THEME_NAME_MAX_CHARS: usize = 60;
/// A theme's keywords, in all its languages together.
pub const THEME_KEYWORDS_MAX: usize = 40;
/// One keyword: a word or a short phrase ("easy to use").
pub const THEME_KEYWORD_MAX_CHARS: usize = 60;
/// Webhooks of one survey: a CRM, a chat channel and a few more.
pub const WEBHOOKS_PER_SURVEY_MAX: usize = 10;
/// A webhook's URL: room for a long path with a token in it, as Slack's carry.
pub const WEBHOOK_URL_MAX_CHARS: usize = 2000;
/// Seconds a webhook's receiver has to answer a message before the attempt counts as failed.
pub const WEBHOOK_TIMEOUT_SECONDS: u64 = 15;
/// Seconds between a message's failed attempt and its next, each varied by up to a fifth
/// either way so that messages failed together are not all tried again at once: eight
/// attempts over about 28 hours (the schedule of the senders of Standard Webhooks), then
/// the message is given up.
pub const WEBHOOK_RETRY_SECONDS: [u64; 7] = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
/// The text an answers' search looks for in comments: a few words or a sentence. SQLite
/// refuses a longer pattern than 50,000 bytes, which a comment could never match anyway.
pub const SEARCH_MAX_CHARS: usize = 500;
/// A note on following up a detractor: what was said and what comes next.
pub const FOLLOW_UP_NOTE_MAX_CHARS: usize = 2_000;
/// A detractor counts as followed up in time when someone first contacted (or resolved) it
/// within this many hours of the answer.
pub const FOLLOW_UP_WINDOW_HOURS: u32 = 48;
/// Answers that each period of a score-drop alert (the week, and the four weeks before)
/// needs: as few as the results page shows without marking "few answers". Below, the
/// week's interval spans some 50 points or more, and a quiet week of a few unhappy
/// answers would alert for nothing.
pub const ALERT_MIN_ANSWERS: u64 = crate::nps::FEW_ANSWERS;
