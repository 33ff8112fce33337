//! Every survey at a glance: its NPS with the scale it was given on, its number of answers
//! and a sparkline of the last twelve weeks, each computed here from the survey's feed.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use pulse_core::admin::ManagedSurvey;
use pulse_core::feed::Feed;
use pulse_core::nps::round_nps;
use pulse_core::report::{aggregate, trend, Filter, Grain};
use pulse_core::zone::Zone;

use crate::api;
use crate::clock;
use crate::format;
use crate::loaded::Loaded;

use super::title::page_title;

const SPARKLINE_WEEKS: usize = 12;

#[component]
pub fn SurveysPage() -> impl IntoView {
    page_title("Surveys");
    let surveys = LocalResource::new(api::surveys);
    let now = clock::now();
    // One zone for every row: the sparklines reach back 12 weeks only.
    let zone = clock::zone(None, now);
    view! {
        <section class="page surveys">
            <div class="page-heading">
                <h1>"Surveys"</h1>
                <A href="/surveys/new" attr:class="button">
                    "New survey"
                </A>
            </div>
            <Loaded resource=surveys what="surveys" let:surveys>
                <SurveyTable surveys now zone=zone.clone() />
            </Loaded>
        </section>
    }
}

#[component]
fn SurveyTable(surveys: Vec<ManagedSurvey>, now: u32, zone: Zone) -> impl IntoView {
    if surveys.is_empty() {
        return view! { <p class="empty">"No surveys yet."</p> }.into_any();
    }
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">"Survey"</th>
                    <th scope="col">"NPS"</th>
                    <th scope="col">"Responses"</th>
                    <th scope="col">"Last 12 weeks"</th>
                </tr>
            </thead>
            <tbody>
                {surveys
                    .into_iter()
                    .map(|survey| view! { <SurveyRow survey now zone=zone.clone() /> })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn SurveyRow(survey: ManagedSurvey, now: u32, zone: Zone) -> impl IntoView {
    let survey = survey.definition;
    let id = survey.config.id.clone();
    let feed_id = id.clone();
    let feed = LocalResource::new(move || {
        let id = feed_id.clone();
        async move { api::feed(&id).await.map(Arc::new) }
    });
    let figures = Memo::new(move |_| {
        feed.get().map(|loaded| match loaded {
            Ok(feed) => Figures::of(&feed, now, &zone),
            Err(_) => Figures { nps: "?".to_owned(), responses: "?".to_owned(), weekly: Vec::new() },
        })
    });
    view! {
        <tr>
            <th scope="row">
                <A href=format!("/results/{id}")>{survey.config.company.clone()}</A>
                " "
                <small>{id.clone()}</small>
                {survey
                    .archived
                    .then(|| {
                        view! {
                            " "
                            <span class="badge">"archived"</span>
                        }
                    })}
                " "
                <A href=format!("/surveys/{id}/edit") attr:class="edit">
                    {format!("Edit {id}")}
                </A>
                " "
                <A href=format!("/surveys/{id}/webhooks") attr:class="edit">
                    {format!("Webhooks of {id}")}
                </A>
            </th>
            // Named beside the NPS, since an NPS on 1–10 is not comparable with one on 0–10.
            <td>
                <span data-testid="survey-nps">{move || figures.get().map(|figures| figures.nps)}</span>
                <small class="scale" data-testid="survey-scale">
                    {survey.config.scale.describe()}
                </small>
            </td>
            <td data-testid="survey-responses">{move || figures.get().map(|figures| figures.responses)}</td>
            <td>{move || figures.get().map(|figures| view! { <Sparkline values=figures.weekly /> })}</td>
        </tr>
    }
}

#[derive(Clone, PartialEq)]
struct Figures {
    nps: String,
    responses: String,
    /// NPS per week, oldest first; `None` for a week without answers.
    weekly: Vec<Option<f64>>,
}

impl Figures {
    /// The figures of `feed` for a marketer for whom it is `now` in `zone`.
    fn of(feed: &Feed, now: u32, zone: &Zone) -> Figures {
        // Totals need no time zone.
        let all = aggregate(feed, &Filter::default());
        // The weeks up to this one, so that a survey gone quiet shows as gaps.
        let today = zone.day_of(now.into());
        let midnight = |day: i32| u32::try_from(zone.midnight(day)).ok();
        let recent = Filter {
            from: midnight(today - 7 * SPARKLINE_WEEKS as i32),
            to: midnight(today + 1),
            zone: zone.clone(),
            ..Filter::default()
        };
        let weeks = trend(&aggregate(feed, &recent), Grain::Week);
        let weekly = weeks.iter().rev().take(SPARKLINE_WEEKS).rev().map(|week| week.tally.nps()).collect();
        Figures {
            nps: all.tally.nps().map_or_else(|| "–".to_owned(), |nps| format::nps(round_nps(nps))),
            responses: all.tally.total().to_string(),
            weekly,
        }
    }
}

/// A small line of weekly NPS on the −100…+100 scale; decorative, since the table's
/// numbers and the results page say the same in words.
#[component]
fn Sparkline(values: Vec<Option<f64>>) -> impl IntoView {
    let (width, height) = (120.0, 28.0);
    let step = width / (values.len().max(2) - 1) as f64;
    let points = values
        .iter()
        .enumerate()
        .filter_map(|(index, nps)| {
            Some(format!("{:.1},{:.1}", index as f64 * step, (100.0 - (*nps)?) / 200.0 * height))
        })
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <svg
            class="sparkline"
            viewBox=format!("0 0 {width} {height}")
            width=width
            height=height
            aria-hidden="true"
        >
            <line x1="0" x2=width y1=height / 2.0 y2=height / 2.0 />
            <polyline points=points />
        </svg>
    }
}
