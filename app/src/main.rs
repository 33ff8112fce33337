//! The Pulse single-page app: a demo company page with the embedded survey, and the results
//! page where every figure is computed here, in Wasm, from the answers the server sends.

mod alert;
mod api;
mod app;
mod charts;
mod clock;
mod format;
mod loaded;
mod pages;
mod refusal;
mod results;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
