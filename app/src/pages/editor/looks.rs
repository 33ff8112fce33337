//! How the widget looks on the company's pages: its colours, where it sits, its corners.

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;
use pulse_core::survey::{ColorMode, Placement, Shape};

use super::fields::{part, part_of, Check, Choice};

#[component]
pub fn Looks(draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let square = part_of(
        draft,
        |s| s.config.theme.shape == Shape::Square,
        |s, square| s.config.theme.shape = if square { Shape::Square } else { Shape::Rounded },
    );
    let modes = vec![
        (ColorMode::Auto, "Follow the visitor's system"),
        (ColorMode::Light, "Light"),
        (ColorMode::Dark, "Dark"),
    ];
    let placements = vec![
        (Placement::Corner, "Pop-up in a corner"),
        (Placement::Modal, "Centred dialog"),
        (Placement::Inline, "Inline, where the page puts it"),
    ];
    view! {
        <fieldset>
            <legend>"Looks"</legend>
            <label>
                "Brand colour" <input type="color" bind:value=part!(draft.config.theme.brand_color) />
            </label>
            <Choice
                label="Colours"
                options=modes
                name=ColorMode::as_str
                value=part!(draft.config.theme.mode)
            />
            <Choice
                label="Placement"
                options=placements
                name=Placement::as_str
                value=part!(draft.config.theme.placement)
            />
            <Check label="Square corners" checked=square />
        </fieldset>
    }
}
