//! Routes and the frame around every page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::pages::{demo::DemoPage, home::HomePage, not_found::NotFoundPage};
use crate::results::ResultsPage;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">"Pulse"</A>
                <nav aria-label="Main">
                    <A href="/demo">"Demo survey"</A>
                    <A href="/results/demo">"Results"</A>
                </nav>
            </header>
            <main>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/demo") view=DemoPage />
                    <Route path=path!("/results/:survey_id") view=ResultsPage />
                </Routes>
            </main>
        </Router>
    }
}
