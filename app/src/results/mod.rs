//! The results page: the survey's feed is downloaded once, then every figure is computed
//! here, in Wasm, and recomputed as the marketer changes a filter, without asking the
//! server again.

mod address;
mod comments;
mod filters;
mod follow_up;
mod period;
mod sections;
mod themes;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pulse_core::feed::Feed;
use pulse_core::report::{aggregate, Filter, MAX_SEGMENTS};

use crate::api;
use crate::clock;
use crate::loaded::Loaded;
use crate::pages::title::page_title;
use address::{encode, Address};
use comments::{Comments, ThemeComments};
use filters::{segment_label, Filters};
use follow_up::{FollowUpDesk, FollowUpSection};
use sections::{Commitment, Distribution, Headline, Segments, Trend, Usability};
use themes::{Themes, ThemesSection};

#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let survey_id = move || params.read().get("survey_id").unwrap_or_default();
    page_title(&format!("Results: {}", params.read_untracked().get("survey_id").unwrap_or_default()));
    let feed = LocalResource::new(move || {
        let survey_id = survey_id();
        async move { api::feed(&survey_id).await.map(Arc::new) }
    });

    view! {
        <section class="page results">
            <div class="page-heading">
                <h1>"Results: " {survey_id}</h1>
                <button type="button" class="secondary" on:click=move |_| feed.refetch()>
                    "Refresh"
                </button>
            </div>
            <Loaded resource=feed what="results" let:feed>
                <Dashboard feed survey_id=survey_id() />
            </Loaded>
        </section>
    }
}

#[component]
fn Dashboard(feed: Arc<Feed>, survey_id: String) -> impl IntoView {
    let strings = Arc::new(feed.strings.clone());
    let address = Address::new(Arc::clone(&strings));
    let segments = Memo::new(move |_| address.with(|choices| choices.segments.clone()));
    let period = Memo::new(move |_| address.with(|choices| choices.period));
    let grain = Memo::new(move |_| address.with(|choices| choices.grain));
    let add_segment = Callback::new(move |id: u32| {
        address.update(|choices| {
            if !choices.segments.contains(&id) && choices.segments.len() < MAX_SEGMENTS {
                choices.segments.push(id);
            }
        })
    });
    let now = clock::now();
    let zone = clock::zone(feed.time.first().copied(), now);
    let filter = Memo::new(move |_| {
        let (from, to) = period.get().bounds(now, &zone);
        Filter { from, to, segments: segments.get(), zone: zone.clone(), ..Filter::default() }
    });
    let aggregated = Arc::clone(&feed);
    let report = Memo::new(move |_| timed("pulse:aggregate", || aggregate(&aggregated, &filter.get())));
    let compared = Arc::clone(&feed);
    let previous = Memo::new(move |_| {
        filter.get().previous_period().map(|earlier| aggregate(&compared, &earlier).tally)
    });
    let (scale, modules) = (feed.scale, feed.modules);
    let segment_names = Arc::clone(&strings);
    let answers = Arc::clone(&strings);
    let answers = Memo::new(move |_| answers_query(&filter.get(), &answers));
    let overall = Memo::new(move |_| report.with(|report| report.tally));
    let days = Memo::new(move |_| {
        report.with(|report| report.first_day..report.first_day + report.days.len() as i32)
    });
    let chosen = Memo::new(move |_| address.with(|choices| choices.theme.clone()));
    let choose = Callback::new(move |theme: Option<String>| {
        let chose = theme.is_some();
        address.update(|choices| choices.theme = theme);
        if chose {
            let comments = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id("comments"));
            if let Some(comments) = comments {
                comments.scroll_into_view();
            }
        }
    });
    // A theme in the address opens the section, whose reading its comments need.
    let themes = Themes::new(
        survey_id.clone(),
        filter,
        Arc::clone(&strings),
        overall,
        chosen.get_untracked().is_some(),
    );
    let desk = FollowUpDesk::new(survey_id.clone());
    let theme_comments = Memo::new(move |_| {
        chosen.get().map(|name| ThemeComments { comments: themes.comments_of(&name), name })
    });

    view! {
        <Filters address strings=Arc::clone(&strings) />
        {move || {
            let left_out = address.left_out();
            (!left_out.is_empty())
                .then(|| {
                    view! {
                        <p class="error" role="status" data-testid="segments-left-out">
                            "Segments of this page's address that are not applied: "
                            {left_out
                                .iter()
                                .map(String::as_str)
                                .map(segment_label)
                                .collect::<Vec<_>>()
                                .join(", ")}
                            " (no answer of this survey carries them, or more than "
                            {MAX_SEGMENTS}
                            " were given)."
                        </p>
                    }
                })
        }}
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
                // The charts' titles are headings of this section.
                <h2 class="visually-hidden">"Charts"</h2>
                <div class="charts">
                    <Trend report=report.clone() grain=grain.get() />
                    <Distribution report=report.clone() scale />
                    <Usability report=report.clone() />
                    {modules.commitment.then(|| view! { <Commitment report=report.clone() /> })}
                </div>
                <Segments report strings=Arc::clone(&segment_names) add_segment />
            }
                .into_any()
        }}
        <ThemesSection themes survey_id=survey_id.clone() days grain chosen choose />
        <FollowUpSection desk filter segments=Arc::clone(&strings) answers />
        <Comments
            survey_id=survey_id.clone()
            answers
            theme=theme_comments.into()
            clear_theme=Callback::new(move |()| choose.run(None))
            desk
        />
        {desk.owners_list()}
        <p class="export">
            <a
                class="button"
                download
                href=move || format!("/api/v1/admin/surveys/{survey_id}/responses.csv?{}", answers.get())
            >
                "Download the answers as CSV"
            </a>
        </p>
    }
}

/// A section whose body is made only once the marketer first opens it, because what it
/// shows is downloaded then; a button hides and shows it again after that.
#[component]
fn OnDemand(
    /// The section's class, and the start of its heading's and body's ids.
    name: &'static str,
    heading: &'static str,
    /// What the button shows and hides: "the themes".
    what: &'static str,
    /// Set once the section is first opened (or from the start).
    requested: RwSignal<bool>,
    /// What the section is for, under its heading.
    note: String,
    #[prop(into)] body: ViewFn,
) -> impl IntoView {
    let expanded = RwSignal::new(requested.get_untracked());
    let toggle = move |_| {
        requested.set(true);
        expanded.update(|expanded| *expanded = !*expanded);
    };
    let (heading_id, body_id) = (format!("{name}-heading"), format!("{name}-body"));
    let (labelled_by, controls) = (heading_id.clone(), body_id.clone());
    view! {
        <section class=name role="region" aria-labelledby=labelled_by>
            <div class="page-heading">
                <h2 id=heading_id>{heading}</h2>
                <button
                    type="button"
                    class="secondary"
                    aria-expanded=move || expanded.get().to_string()
                    aria-controls=controls
                    on:click=toggle
                >
                    {move || format!("{} {what}", if expanded.get() { "Hide" } else { "Show" })}
                </button>
            </div>
            <p class="note">{note}</p>
            <div id=body_id hidden=move || !expanded.get()>
                {move || requested.get().then(|| body.run())}
            </div>
        </section>
    }
}

/// The query (`from=&to=&segment=`, without `?`) of the answers `filter` keeps, for the
/// comments and the CSV export, which the server lists.
fn answers_query(filter: &Filter, strings: &[String]) -> String {
    let bounds = [("from", filter.from), ("to", filter.to)]
        .into_iter()
        .filter_map(|(name, seconds)| Some(format!("{name}={}", u64::from(seconds?) * 1000)));
    let segments = filter.segments.iter().map(|&id| format!("segment={}", encode(&strings[id as usize])));
    bounds.chain(segments).collect::<Vec<_>>().join("&")
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
