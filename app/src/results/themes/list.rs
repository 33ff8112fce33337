//! The themes, most mentioned first after the marketer's own: each with its terms, how
//! many comments mention it, their NPS and the overall NPS without them, and examples.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::nps::{round_nps, Tally};
use pulse_core::themes::{Origin, Theme};

use super::{stored, Figures, Reading};
use crate::format;
use crate::results::comments::CommentItem;

#[component]
pub fn ThemeList(
    figures: Figures,
    reading: Arc<Reading>,
    overall: Tally,
    chosen: Memo<Option<String>>,
    choose: Callback<Option<String>>,
) -> impl IntoView {
    let comments = figures.selection.len();
    let items = figures
        .themes
        .into_iter()
        .enumerate()
        .map(|(index, theme)| {
            view! { <ThemeItem theme index comments reading=Arc::clone(&reading) overall chosen choose /> }
        })
        .collect_view();
    view! { <ol class="theme-list">{items}</ol> }
}

#[component]
fn ThemeItem(
    theme: Theme,
    index: usize,
    /// How many comments the filters keep.
    comments: usize,
    reading: Arc<Reading>,
    overall: Tally,
    chosen: Memo<Option<String>>,
    choose: Callback<Option<String>>,
) -> impl IntoView {
    let heading = format!("theme-{index}");
    let origin = match theme.origin {
        Origin::Custom => "Your theme, keywords".to_owned(),
        Origin::Found(language) => format!("Found in {} comments", language.name()),
    };
    let tally = theme.tally;
    let interval = tally.interval().map_or_else(
        || "Too few answers for an interval".to_owned(),
        |interval| format!("95% interval {}", format::interval(interval)),
    );
    let share = format::percent(100.0 * theme.comments.len() as f64 / comments as f64);
    let examples = theme
        .examples
        .iter()
        .map(|&comment| view! { <CommentItem response=stored(&reading.comments, comment as usize) /> })
        .collect_view();
    let name = StoredValue::new(theme.name.clone());
    let pressed = move || chosen.with(|chosen| chosen.as_deref() == Some(name.get_value().as_str()));
    view! {
        <li class="theme">
            <h3 id=heading dir="auto">
                {theme.name.clone()}
            </h3>
            <p class="theme-terms">{origin} ": " <span dir="auto">{theme.terms.join(" / ")}</span></p>
            <dl class="theme-figures">
                <div>
                    <dt>"Comments"</dt>
                    <dd data-testid="theme-comments">
                        {format!("{} ({share} of the comments)", theme.comments.len())}
                    </dd>
                </div>
                <div>
                    <dt>"NPS"</dt>
                    <dd>
                        <span data-testid="theme-nps" class=("few-answers", tally.has_few_answers())>
                            {format::nps_of(&tally)}
                        </span>
                        " "
                        <small>{interval}</small>
                    </dd>
                </div>
                <div>
                    <dt>"Effect"</dt>
                    <dd data-testid="theme-effect">{effect(&theme.without, &overall)}</dd>
                </div>
            </dl>
            <ol class="comment-list" aria-label=format!("Examples of {}", theme.name)>
                {examples}
            </ol>
            <button
                type="button"
                class="secondary"
                aria-pressed=move || pressed().to_string()
                on:click=move |_| choose.run((!pressed()).then(|| name.get_value()))
            >
                {format!("Show its comments: {}", theme.name)}
            </button>
        </li>
    }
}

/// "Without this theme the NPS would be 4 points higher (+14 instead of +10)": in whole
/// points, each NPS rounded as the headline rounds it.
fn effect(without: &Tally, overall: &Tally) -> String {
    let (Some(without), Some(now)) = (without.nps(), overall.nps()) else {
        return "No NPS would be left without this theme".to_owned();
    };
    let (now, without) = (round_nps(now), round_nps(without));
    let points = |difference: i32| format::count(u64::from(difference.unsigned_abs()), "point");
    match without - now {
        0 => "Without this theme the NPS would be the same".to_owned(),
        difference => format!(
            "Without this theme the NPS would be {} {} ({} instead of {})",
            points(difference),
            if difference > 0 { "higher" } else { "lower" },
            format::nps(without),
            format::nps(now),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_effect_is_told_in_whole_points_of_the_nps() {
        let overall = Tally { promoters: 32, passives: 11, detractors: 25 };
        // +10.29 overall, +56.25 without a theme of 20 detractors.
        let without = Tally { detractors: 5, ..overall };
        assert_eq!(
            effect(&without, &overall),
            "Without this theme the NPS would be 46 points higher (+56 instead of +10)"
        );
        // +8.96 without a theme of 1 promoter.
        let without = Tally { promoters: 31, ..overall };
        assert_eq!(
            effect(&without, &overall),
            "Without this theme the NPS would be 1 point lower (+9 instead of +10)"
        );
        // +10.45 without a theme of 1 passive.
        let without = Tally { passives: 10, ..overall };
        assert_eq!(effect(&without, &overall), "Without this theme the NPS would be the same");
        assert_eq!(effect(&Tally::default(), &overall), "No NPS would be left without this theme");
        // 2 promoters, 14 passives and 5 detractors: -14.29; without a theme of the 5
        // detractors +12.5 exactly, +13 as the headline rounds it. The overall NPS plus the
        // change came to 12.499999999999998 and said +12.
        let overall = Tally { promoters: 2, passives: 14, detractors: 5 };
        let without = Tally { detractors: 0, ..overall };
        assert_eq!(
            effect(&without, &overall),
            "Without this theme the NPS would be 27 points higher (+13 instead of -14)"
        );
    }
}
