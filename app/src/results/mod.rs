//! The results page: the survey's feed is downloaded once, then every figure is computed
//! here, in Wasm, and recomputed as the marketer changes a filter, without asking the
//! server again.

mod comments;
mod filters;
mod period;
mod sections;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pulse_core::feed::Feed;
use pulse_core::report::{aggregate, Filter, Grain};

use crate::api::{self, Failure};
use crate::clock;
use crate::session::sign_in_when_signed_out;
use comments::Comments;
use filters::Filters;
use period::Period;
use sections::{Commitment, Distribution, Headline, Segments, Trend, Usability};

#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let survey_id = move || params.read().get("survey_id").unwrap_or_default();
    let feed = LocalResource::new(move || {
        let survey_id = survey_id();
        async move { api::feed(&survey_id).await.map(Arc::new) }
    });
    sign_in_when_signed_out(feed);

    view! {
        <section class="page results">
            <div class="page-heading">
                <h1>"Results: " {survey_id}</h1>
                <button type="button" class="secondary" on:click=move |_| feed.refetch()>"Refresh"</button>
            </div>
            <Suspense fallback=|| view! { <p class="status" role="status">"Loading results…"</p> }>
                {move || feed.get().map(|loaded| match loaded {
                    Ok(feed) => view! { <Dashboard feed survey_id=survey_id() /> }.into_any(),
                    Err(Failure::SignedOut) => view! { <p class="status">"Please sign in to see the results."</p> }.into_any(),
                    Err(Failure::Message(message)) => view! {
                        <p class="error" role="alert">"The results could not be loaded. " {message}</p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Dashboard(feed: Arc<Feed>, survey_id: String) -> impl IntoView {
    let period = RwSignal::new(Period::All);
    let segment = RwSignal::new(None::<u32>);
    let grain = RwSignal::new(Grain::Week);
    let now = clock::now();
    let zone = clock::zone(feed.time.first().copied(), now);
    let filter = Memo::new(move |_| {
        let (from, to) = period.get().bounds(now, &zone);
        Filter { from, to, segments: segment.get().into_iter().collect(), zone: zone.clone(), ..Filter::default() }
    });
    let aggregated = Arc::clone(&feed);
    let report = Memo::new(move |_| timed("pulse:aggregate", || aggregate(&aggregated, &filter.get())));
    let compared = Arc::clone(&feed);
    let previous = Memo::new(move |_| {
        filter.get().previous_period().map(|earlier| aggregate(&compared, &earlier).tally)
    });
    let (scale, modules) = (feed.scale, feed.modules);
    let strings = Arc::new(feed.strings.clone());
    let segment_names = Arc::clone(&strings);

    view! {
        <Filters period segment grain strings=Arc::clone(&strings) />
        {move || {
            let report = report.get();
            if report.tally.total() == 0 {
                return view! {
                    <p class="empty" data-testid="no-responses">
                        "No responses match these filters yet. Answers appear here as soon as visitors send them."
                    </p>
                }
                .into_any();
            }
            view! {
                <Headline report=report.clone() previous=previous.get() period=period.get() scale />
                <div class="charts">
                    <Trend report=report.clone() grain=grain.get() />
                    <Distribution report=report.clone() scale />
                    <Usability report=report.clone() />
                    {modules.commitment.then(|| view! { <Commitment report=report.clone() /> })}
                </div>
                <Segments report strings=Arc::clone(&segment_names) segment />
            }
            .into_any()
        }}
        <Comments survey_id=survey_id.clone() filter />
        <p class="export">
            <a class="button" download href=move || export_url(&survey_id, &filter.get())>"Download the answers as CSV"</a>
        </p>
    }
}

/// The CSV export of the answers in the chosen period.
fn export_url(survey_id: &str, filter: &Filter) -> String {
    let bounds = [("from", filter.from), ("to", filter.to)]
        .into_iter()
        .filter_map(|(name, seconds)| Some(format!("{name}={}", u64::from(seconds?) * 1000)))
        .collect::<Vec<_>>()
        .join("&");
    format!("/api/v1/admin/surveys/{survey_id}/responses.csv?{bounds}")
}

/// Runs `work` between two User Timing marks, so that its duration shows in the browser's
/// profiler and the results benchmark can read it (`performance.getEntriesByName(name)`).
fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|window| window.performance());
    let start = format!("{name}:start");
    if let Some(performance) = &performance {
        let _ = performance.mark(&start);
    }
    let result = work();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(name, &start);
    }
    result
}
