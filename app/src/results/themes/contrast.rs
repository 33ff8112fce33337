//! What separates detractors from promoters: the terms typical of each side, with the
//! method named, since a marketer should know what z means before acting on it.

use leptos::prelude::*;
use pulse_core::nps::Z_95;
use pulse_core::themes::{Contrast, Typical};

#[component]
pub fn ContrastLists(contrast: Contrast) -> impl IntoView {
    let side = |heading: &'static str, id: &'static str, terms: Vec<Typical>| {
        let items = if terms.is_empty() {
            view! { <p class="empty">"No term stands out."</p> }.into_any()
        } else {
            let items = terms
                .into_iter()
                .map(|typical| {
                    view! {
                        <li>
                            <span class="term" dir="auto">
                                {typical.term}
                            </span>
                            {format!(
                                " z = {:.1}, in {} detractors' and {} promoters' comments",
                                typical.z,
                                typical.detractors,
                                typical.promoters,
                            )}
                        </li>
                    }
                })
                .collect_view();
            view! { <ol aria-labelledby=id>{items}</ol> }.into_any()
        };
        view! {
            <div>
                <h4 id=id>{heading}</h4>
                {items}
            </div>
        }
    };
    view! {
        <section class="contrast" aria-labelledby="contrast-heading">
            <h3 id="contrast-heading">"What separates detractors from promoters"</h3>
            <p class="note">
                {format!(
                    "The words and phrases most typical of each side, by the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, “Fightin' Words”). z is how many standard errors a term leans to that side; only terms with z of {Z_95:.2} or more are shown, which chance would explain less than once in 20.",
                )}
            </p>
            <div class="contrast-lists">
                {side("Typical of detractors", "contrast-detractors", contrast.detractors)}
                {side("Typical of promoters", "contrast-promoters", contrast.promoters)}
            </div>
        </section>
    }
}
