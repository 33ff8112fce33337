//! The Follow-up section: the detractors still waiting for someone to contact them, the
//! oldest first, and the share of them followed up within [`FOLLOW_UP_WINDOW_HOURS`].
//! Every detractor's follow-up is downloaded once the section is opened, and again after
//! each change made on the page; core counts the figures from it in Wasm, following the
//! period and segment filters.

mod form;

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::follow_up::FollowUpFigures;
use pulse_core::limits::FOLLOW_UP_WINDOW_HOURS;
use pulse_core::report::Filter;

use super::comments::CommentItem;
use super::OnDemand;
use crate::api;
use crate::format;
pub use form::{FollowUpBlock, FollowUpDesk};

/// How many of the open detractors are listed, the oldest first.
const LISTED: u32 = 20;

/// The query of the open detractors among `answers` (the query of the answers the page's
/// filters keep), the oldest first.
fn waiting_query(answers: &str) -> String {
    let mut query = format!("?category=detractor&follow_up=open&order=oldest&limit={LISTED}");
    if !answers.is_empty() {
        query += &format!("&{answers}");
    }
    query
}

/// A duration in milliseconds in its largest whole unit, as people say it: "3 days".
fn age(millis: i64) -> String {
    let minutes = u64::try_from(millis / 60_000).unwrap_or_default();
    match minutes {
        0..60 => format::count(minutes, "minute"),
        60..2_880 => format::count(minutes / 60, "hour"),
        _ => format::count(minutes / 1_440, "day"),
    }
}

fn waiting(figures: &FollowUpFigures) -> String {
    match figures.oldest_waiting_ms {
        None => "No detractor is waiting.".to_owned(),
        Some(oldest) => {
            format!(
                "{} waiting, the oldest for {}.",
                format::count(figures.waiting, "open detractor"),
                age(oldest)
            )
        }
    }
}

fn in_time(figures: &FollowUpFigures) -> String {
    let hours = FOLLOW_UP_WINDOW_HOURS;
    match figures.share {
        None => format!("No detractor answered more than {hours} hours ago yet."),
        Some(share) => format!(
            "{} of the {} answered more than {hours} hours ago {} contacted within {hours} hours.",
            format::percent(100.0 * share),
            format::count(figures.due, "detractor"),
            if figures.due == 1 { "was" } else { "were" },
        ),
    }
}

#[component]
pub fn FollowUpSection(
    desk: FollowUpDesk,
    filter: Memo<Filter>,
    /// The results feed's dictionary, whose ids `filter` names segments by.
    segments: Arc<Vec<String>>,
    /// The query of the answers the filters keep, as the comment list asks for them.
    answers: Memo<String>,
) -> impl IntoView {
    // Set once the section is first opened: only then is anything downloaded.
    let requested = RwSignal::new(false);
    let follow_ups = LocalResource::new(move || {
        let (wanted, survey_id) = (requested.get(), desk.survey_id());
        desk.changed.track();
        async move {
            if !wanted {
                return None;
            }
            Some(api::follow_ups(&survey_id).await.map(Arc::new))
        }
    });
    let listed = LocalResource::new(move || {
        let (wanted, survey_id, query) = (requested.get(), desk.survey_id(), waiting_query(&answers.get()));
        desk.changed.track();
        async move {
            if !wanted {
                return None;
            }
            Some(api::responses(&survey_id, &query).await)
        }
    });
    let figures = Memo::new(move |_| {
        let follow_ups = follow_ups.get().flatten()?.ok()?;
        let kept = follow_ups.kept(&filter.get(), &segments);
        Some(follow_ups.figures(&kept, js_sys::Date::now() as i64))
    });

    let figures_view = move || match follow_ups.get().flatten() {
        None => view! {
            <p class="status" role="status">
                "Loading the follow-ups…"
            </p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <p class="error" role="alert">
                {format!("The follow-ups could not be loaded. {failure}")}
            </p>
        }
        .into_any(),
        Some(Ok(_)) => figures
            .get()
            .map(|figures| {
                view! {
                    <p class="follow-up-figure" data-testid="follow-up-waiting">
                        {waiting(&figures)}
                    </p>
                    <p class="follow-up-figure" data-testid="follow-up-in-time">
                        {in_time(&figures)}
                    </p>
                }
            })
            .into_any(),
    };
    // One list kept across reloads, so that the answers still waiting keep their forms.
    let page = move || listed.get().flatten();
    let responses = move || page().and_then(Result::ok).map(|page| page.responses).unwrap_or_default();
    let list_view = move || {
        view! {
            {move || {
                page()
                    .and_then(Result::err)
                    .map(|failure| {
                        view! {
                            <p class="error" role="alert">
                                {format!("The open detractors could not be loaded. {failure}")}
                            </p>
                        }
                    })
            }}
            <ol class="comment-list" aria-label="Open detractors, the oldest first">
                <For each=responses key=|response| response.id.clone() let:response>
                    <CommentItem response=response.clone()>
                        <p class="follow-up-age">
                            "Waiting for " {age(js_sys::Date::now() as i64 - response.created_at)}
                        </p>
                        <FollowUpBlock response desk />
                    </CommentItem>
                </For>
            </ol>
            {move || {
                page()
                    .and_then(Result::ok)
                    .and_then(|page| page.next_cursor)
                    .map(|_| view! { <p class="note">{format!("The {LISTED} oldest are listed.")}</p> })
            }}
        }
    };

    view! {
        <OnDemand
            name="follow-ups"
            heading="Follow-up"
            what="the follow-up"
            requested
            note=format!(
                "Detractors waiting for someone to contact them, and how many were contacted within {FOLLOW_UP_WINDOW_HOURS} hours of answering, for the answers the filters keep.",
            )
            body=move || {
                view! {
                    // Told when a change or a filter moves them.
                    <div aria-live="polite">{figures_view}</div>
                    {list_view}
                }
            }
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn an_age_is_told_in_its_largest_whole_unit() {
        assert_eq!(age(59_999), "0 minutes");
        assert_eq!(age(60_000), "1 minute");
        assert_eq!(age(HOUR - 1), "59 minutes");
        assert_eq!(age(HOUR), "1 hour");
        assert_eq!(age(47 * HOUR + 59 * 60_000), "47 hours");
        assert_eq!(age(48 * HOUR), "2 days");
        assert_eq!(age(5 * 24 * HOUR + 23 * HOUR), "5 days");
        assert_eq!(age(-HOUR), "0 minutes", "an answer stamped later than the browser's clock");
    }

    #[test]
    fn the_figures_are_told_in_words() {
        let none = FollowUpFigures::default();
        assert_eq!(waiting(&none), "No detractor is waiting.");
        assert_eq!(in_time(&none), "No detractor answered more than 48 hours ago yet.");
        let some = FollowUpFigures {
            waiting: 3,
            oldest_waiting_ms: Some(3 * 24 * HOUR + HOUR),
            due: 40,
            followed_up_in_time: 25,
            share: Some(0.625),
        };
        assert_eq!(waiting(&some), "3 open detractors waiting, the oldest for 3 days.");
        assert_eq!(
            in_time(&some),
            "63% of the 40 detractors answered more than 48 hours ago were contacted within 48 hours."
        );
        let one =
            FollowUpFigures { waiting: 1, oldest_waiting_ms: Some(HOUR), due: 1, share: Some(0.0), ..some };
        assert_eq!(waiting(&one), "1 open detractor waiting, the oldest for 1 hour.");
        assert_eq!(
            in_time(&one),
            "0% of the 1 detractor answered more than 48 hours ago was contacted within 48 hours."
        );
    }

    #[test]
    fn the_open_detractors_are_asked_for_oldest_first_among_the_filtered_answers() {
        assert_eq!(waiting_query(""), "?category=detractor&follow_up=open&order=oldest&limit=20");
        assert_eq!(
            waiting_query("from=1000&segment=page:/checkout"),
            "?category=detractor&follow_up=open&order=oldest&limit=20&from=1000&segment=page:/checkout"
        );
    }
}
