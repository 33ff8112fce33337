//! Webhooks: each change a webhook subscribes to is written to an outbox in the change's
//! own transaction (`db::webhooks`), then posted to the webhook's receiver by one process,
//! signed as Standard Webhooks are, and tried again on a schedule until it is delivered.

mod address;
mod deliver;
mod sign;
mod slack;

pub use address::{check_url, Refused};
pub use deliver::{start, Delivery, Sender};
pub use sign::new_secret;
