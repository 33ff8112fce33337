//! Pure logic and wire types shared by the server, the widget and the results page.
//! It depends on neither a browser nor a database, so all of it is tested natively.

pub mod admin;
pub mod alerts;
pub mod api;
pub mod comments;
pub mod feed;
pub mod follow_up;
pub mod limits;
pub mod names;
pub mod nps;
pub mod redirect;
pub mod report;
pub mod subset;
pub mod survey;
pub mod texts;
pub mod themes;
pub mod validation;
pub mod webhook;
pub mod zone;
