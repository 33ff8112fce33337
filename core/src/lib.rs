//! Pure logic and wire types shared by the server, the widget and the results page.
//! It depends on neither a browser nor a database, so all of it is tested natively.

pub mod api;
pub mod nps;
pub mod results;
pub mod survey;
pub mod validation;
