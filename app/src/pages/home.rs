use leptos::prelude::*;
use leptos_router::components::A;

use super::title::page_title;

#[component]
pub fn HomePage() -> impl IntoView {
    page_title("Home");
    view! {
        <section class="page home">
            <h1>"Learn how loyal your customers are, from your own website"</h1>
            <p>
                "Pulse asks a few of your visitors how likely they are to recommend you, how easy
                your website is to use, and why. You see your Net Promoter Score as the answers come in."
            </p>
            <ul class="actions">
                <li>
                    <A href="/demo">"Answer the demo survey"</A>
                </li>
                <li>
                    <A href="/results/demo">"See the demo survey's results"</A>
                </li>
                <li>
                    <A href="/surveys">"All surveys"</A>
                </li>
            </ul>
        </section>
    }
}
