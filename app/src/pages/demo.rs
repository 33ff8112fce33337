//! A made-up company's page with the survey embedded exactly as company sites embed it:
//! the loader's snippet, which shows the survey in the corner when its targeting allows.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::title::page_title;

#[component]
pub fn DemoPage() -> impl IntoView {
    page_title("Demo shop");
    let site = NodeRef::<leptos::html::Section>::new();
    Effect::new(move || {
        if let Some(site) = site.get() {
            // The snippet, added by hand: a <script> in a view is cloned from a template,
            // and browsers never run cloned scripts.
            let _ = embed_snippet(&site);
        }
    });
    view! {
        <section node_ref=site class="page demo-site" aria-label="Demo company website">
            <p class="demo-note">
                "This is a demo shop. The survey in the corner is the Pulse widget, embedded with
                the same snippet as on any company's site; answers go to the demo survey's "
                <a href="/results/demo">"results"</a>". A visitor who answered or closed it is
                not asked again for a while: " <button type="button" on:click=move |_| show_survey()>
                    "show it again"
                </button>"."
            </p>
            <h1>"Northwind Outfitters"</h1>
            <p class="tagline">"Clothing and gear for long walks in bad weather."</p>
            <ul class="products">
                <li>
                    <h2>"Storm shell jacket"</h2>
                    <p>"€189"</p>
                </li>
                <li>
                    <h2>"Merino base layer"</h2>
                    <p>"€65"</p>
                </li>
                <li>
                    <h2>"Trail boots"</h2>
                    <p>"€149"</p>
                </li>
            </ul>
        </section>
    }
}

/// `<script async src="/widget/pulse.js" data-survey="demo">`, as company pages embed it.
fn embed_snippet(site: &web_sys::Element) -> Result<(), JsValue> {
    let document = site.owner_document().ok_or("no document")?;
    let script = document.create_element("script")?;
    script.set_attribute("async", "")?;
    script.set_attribute("src", "/widget/pulse.js")?;
    script.set_attribute("data-survey", "demo")?;
    site.append_child(&script).map(drop)
}

/// `Pulse.show()`, the loader's JavaScript API: the survey now, whatever its targeting.
fn show_survey() {
    let pulse = js_sys::Reflect::get(&js_sys::global(), &"Pulse".into()).unwrap_or(JsValue::UNDEFINED);
    let show = js_sys::Reflect::get(&pulse, &"show".into()).ok();
    if let Some(show) = show.and_then(|show| show.dyn_into::<js_sys::Function>().ok()) {
        // The loader reports its own failures on the console.
        let _ = show.call0(&pulse);
    }
}
