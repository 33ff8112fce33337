//! The questions a survey may ask after the recommendation and usability ones.

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;

use super::fields::{part, Check};

#[component]
pub fn Questions(draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Questions"</legend>
            <Check
                label="Commitment profile (five statements)"
                checked=part!(draft.config.modules.commitment)
            />
            <Check
                label="Repeat purchases (of the last 10)"
                checked=part!(draft.config.modules.repeat_purchase)
            />
        </fieldset>
    }
}
