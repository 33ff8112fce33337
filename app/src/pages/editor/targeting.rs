//! Who is asked, and when: the rules the loader checks on the company's pages, and the
//! sites allowed to embed the survey at all.

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;
use pulse_core::validation::{FIRST_PAGE_VIEW, PERCENT_MAX};

use super::fields::{part, Check, LinesField, NumberField};

#[component]
pub fn Targeting(draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Who is asked, and when"</legend>
            <NumberField
                label="Seconds on the page before it shows"
                min=0
                value=part!(draft.config.targeting.delay_seconds)
            />
            <NumberField
                label="Once they have scrolled this far down (%; empty: at once)"
                min=0
                max=PERCENT_MAX
                value=part!(draft.config.targeting.scroll_percent)
            />
            <Check
                label="When they are about to leave the page"
                checked=part!(draft.config.targeting.exit_intent)
            />
            <NumberField
                label="From this page view on"
                min=FIRST_PAGE_VIEW
                value=part!(draft.config.targeting.min_page_views)
            />
            <NumberField
                label="Share of visitors asked (%)"
                min=0
                max=PERCENT_MAX
                value=part!(draft.config.targeting.sample_percent)
            />
            <LinesField
                label="Only on these pages (one pattern a line, * for anything; empty: every page)"
                lines=part!(draft.config.targeting.include_urls)
            />
            <LinesField
                label="Never on these pages (one pattern a line)"
                lines=part!(draft.config.targeting.exclude_urls)
            />
            <NumberField
                label="Days before asking again someone who answered"
                min=0
                value=part!(draft.config.targeting.days_after_answer)
            />
            <NumberField
                label="Days before asking again someone who closed it"
                min=0
                value=part!(draft.config.targeting.days_after_dismiss)
            />
            <LinesField
                label="Sites allowed to embed it (one origin a line, e.g. https://shop.example; empty: any)"
                lines=part!(draft.allowed_origins)
            />
        </fieldset>
    }
}
