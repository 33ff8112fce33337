//! Each page names itself in the document's title, which screen readers announce on
//! arrival and which tabs and the history list show.

use leptos::prelude::*;

/// Titles the document "`name` – Pulse" while the calling page is shown.
pub fn page_title(name: &str) {
    let title = format!("{name} – Pulse");
    document().set_title(&title);
    on_cleanup(move || {
        // The next page may have named itself already.
        if document().title() == title {
            document().set_title("Pulse");
        }
    });
}
