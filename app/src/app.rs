//! Routes and the frame around every page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::pages::{
    account::AccountPage,
    demo::DemoPage,
    editor::{EditSurveyPage, NewSurveyPage},
    home::HomePage,
    login::LoginPage,
    not_found::NotFoundPage,
    surveys::SurveysPage,
    tokens::TokensPage,
    users::UsersPage,
    webhooks::WebhooksPage,
};
use crate::results::ResultsPage;
use crate::session::{AccountMenu, Session};

#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    "Pulse"
                </A>
                <nav aria-label="Main">
                    <A href="/demo">"Demo survey"</A>
                    <A href="/surveys">"Surveys"</A>
                </nav>
                <AccountMenu />
            </header>
            <main>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/demo") view=DemoPage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/surveys") view=SurveysPage />
                    <Route path=path!("/surveys/new") view=NewSurveyPage />
                    <Route path=path!("/surveys/:survey_id/edit") view=EditSurveyPage />
                    <Route path=path!("/surveys/:survey_id/webhooks") view=WebhooksPage />
                    <Route path=path!("/users") view=UsersPage />
                    <Route path=path!("/tokens") view=TokensPage />
                    <Route path=path!("/results/:survey_id") view=ResultsPage />
                </Routes>
            </main>
        </Router>
    }
}
