//! A made-up company's page with the survey embedded as the loader places it on real
//! sites: in the corner, over the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

const SURVEY_ID: &str = "demo";

#[component]
pub fn DemoPage() -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let (failure, set_failure) = signal(None::<String>);
    Effect::new(move || {
        let Some(host) = host.get() else { return };
        leptos::task::spawn_local(async move {
            // The same entry point as the loader's, against this page's own server.
            if let Err(error) = pulse_widget::mount(host.into(), SURVEY_ID.to_owned(), String::new()).await {
                set_failure.set(Some(describe(&error)));
            }
        });
    });

    view! {
        <section class="page demo-site" aria-label="Demo company website">
            <p class="demo-note">
                "This is a demo shop. The survey in the corner is the Pulse widget, embedded as on
                any company's site; answers go to the demo survey's "
                <a href="/results/demo">"results"</a>"."
            </p>
            <h1>"Northwind Outfitters"</h1>
            <p class="tagline">"Clothing and gear for long walks in bad weather."</p>
            <ul class="products">
                <li><h2>"Storm shell jacket"</h2><p>"€189"</p></li>
                <li><h2>"Merino base layer"</h2><p>"€65"</p></li>
                <li><h2>"Trail boots"</h2><p>"€149"</p></li>
            </ul>
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">
                    "The survey could not be shown: " {move || failure.get()}
                </p>
            </Show>
            <div node_ref=host data-placement="corner"></div>
        </section>
    }
}

fn describe(error: &wasm_bindgen::JsValue) -> String {
    error
        .as_string()
        .or_else(|| error.dyn_ref::<js_sys::Error>().map(|error| error.message().into()))
        .unwrap_or_else(|| "unknown error".to_owned())
}
