//! The recommendation scale: chosen freely until the survey has answers, then fixed, since
//! one NPS cannot mix answers given on two scales.

use leptos::prelude::*;
use pulse_core::admin::SurveyDefinition;
use pulse_core::nps::Scale;

#[component]
pub fn ScaleField(draft: RwSignal<SurveyDefinition>, fixed: bool) -> impl IntoView {
    let scale = move || draft.read().config.scale;
    let (one_to_ten, zero_to_ten) = (Scale::OneToTen.name(), Scale::ZeroToTen.name());
    // 1–10 stays available, as surveys on it go on, but benchmarks are on 0–10.
    let not_comparable = format!(
        "An NPS on {one_to_ten} is not comparable with the usual {zero_to_ten} benchmarks: \
         {zero_to_ten} is recommended for new surveys."
    );
    view! {
        <label>
            "Recommendation scale"
            <select
                disabled=fixed
                aria-describedby="scale-notes"
                on:change:target=move |event| {
                    let value = event.target().value();
                    if let Some(chosen) = Scale::ALL
                        .into_iter()
                        .find(|option| option.min().to_string() == value)
                    {
                        draft.update(|survey| survey.config.scale = chosen);
                    }
                }
            >
                {Scale::ALL
                    .map(|option| {
                        view! {
                            <option value=option.min().to_string() selected=move || scale() == option>
                                {option.describe()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <div id="scale-notes" class="scale-notes">
            {fixed
                .then(|| {
                    view! {
                        <p class="note">
                            "The scale is fixed: this survey has answers, and one NPS cannot mix answers given on two scales. "
                            "To ask on another scale, make a new survey."
                        </p>
                    }
                })}
            <Show when=move || scale() == Scale::OneToTen>
                <p class="note">{not_comparable.clone()}</p>
            </Show>
        </div>
    }
}
