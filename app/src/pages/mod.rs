pub mod account;
pub mod demo;
pub mod editor;
pub mod home;
pub mod login;
pub mod not_found;
pub mod surveys;
mod title;
pub mod users;
