use leptos::prelude::*;
use leptos_router::components::A;

use super::title::page_title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    page_title("Page not found");
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. " <A href="/">"Go to the start page"</A> "."</p>
        </section>
    }
}
