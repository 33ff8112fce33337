//! The blocks of the results page, each drawn from one [`Report`].

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::nps::{round_nps, Category, Scale, Tally, DETRACTOR_MAX, FEW_ANSWERS};
use pulse_core::report::{trend, Grain, Report};
use pulse_core::survey::Commitment as Kind;

use super::filters::segment_label;
use super::period::{format_period, Period};
use crate::charts::{Bar, BarChart, TrendChart, TrendPoint};
use crate::format;

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_owned())
}

/// An NPS in a table, styled as well as worded when it rests on few answers.
#[component]
fn NpsCell(tally: Tally) -> impl IntoView {
    view! { <td class=("few-answers", tally.has_few_answers())>{format::nps_of(&tally)}</td> }
}

#[component]
pub fn Headline(report: Report, previous: Option<Tally>, period: Period, scale: Scale) -> impl IntoView {
    let tally = report.tally;
    let nps = or_dash(tally.nps().map(|nps| format::nps(round_nps(nps))));
    let interval = tally.interval().map_or_else(
        || "Too few answers for an interval".to_owned(),
        |interval| format!("95% interval {}", format::interval(interval)),
    );
    let few = tally.has_few_answers();
    let change = previous.filter(|earlier| earlier.total() > 0).zip(tally.nps()).map(|(earlier, now)| {
        let difference = format::nps_change(now, earlier.nps().unwrap_or_default());
        let verdict = match tally.differs_significantly_from(&earlier) {
            Some(true) => "a significant change",
            Some(false) => "within the margin of error",
            None => "too few answers to tell",
        };
        let span = match period {
            Period::LastDays(days) => format!("the {days} days before"),
            _ => "the period before".to_owned(),
        };
        format!("{difference} vs {span} ({verdict})")
    });
    let share = |share: Option<f64>| or_dash(share.map(format::percent));
    let displays = if report.displays_counted {
        format!(
            "{} · {} without an answer",
            format::count(report.impressions, "display"),
            report.unanswered_displays(),
        )
    } else {
        "Displays carry no visitor attributes: they are not counted for this filter".to_owned()
    };
    view! {
        <dl class="figures">
            <div class="figure headline">
                <dt>"Net Promoter Score"</dt>
                <dd>
                    <span data-testid="nps" class=("few-answers", few)>
                        {nps}
                    </span>
                </dd>
                <dd class="note" data-testid="interval">
                    {interval}
                </dd>
                {few
                    .then(|| {
                        view! {
                            <dd class="note" data-testid="few-answers">
                                {format!("Few answers: fewer than {FEW_ANSWERS}, so this NPS may be far off")}
                            </dd>
                        }
                    })}
                {change
                    .map(|change| {
                        view! {
                            <dd class="change" data-testid="change">
                                {change}
                            </dd>
                        }
                    })}
                <dd class="note" data-testid="scale">
                    {scale.describe()}
                </dd>
            </div>
            <div class="figure">
                <dt>"Responses"</dt>
                <dd data-testid="responses">{tally.total()}</dd>
            </div>
            <div class="figure promoters">
                <dt>{category_label("Promoters", Category::Promoter)}</dt>
                <dd>
                    <span data-testid="promoters">{share(tally.promoter_share())}</span>
                    <small>{format!(" {}", tally.promoters)}</small>
                </dd>
            </div>
            <div class="figure passives">
                <dt>{category_label("Passives", Category::Passive)}</dt>
                <dd>
                    <span data-testid="passives">{share(tally.passive_share())}</span>
                    <small>{format!(" {}", tally.passives)}</small>
                </dd>
            </div>
            <div class="figure detractors">
                <dt>{format!("Detractors (up to {DETRACTOR_MAX})")}</dt>
                <dd>
                    <span data-testid="detractors">{share(tally.detractor_share())}</span>
                    <small>{format!(" {}", tally.detractors)}</small>
                </dd>
            </div>
            <div class="figure">
                <dt>"Average website usability"</dt>
                <dd data-testid="usability">{or_dash(report.average_usability().map(format::rating))}</dd>
                <dd class="note">
                    {format!(
                        "{} · {} skipped",
                        format::count(report.usability.iter().sum(), "rating"),
                        report.usability_skipped,
                    )}
                </dd>
            </div>
            <div class="figure">
                <dt>"Response rate"</dt>
                <dd data-testid="response-rate">{or_dash(report.response_rate().map(format::percent))}</dd>
                <dd class="note" data-testid="displays">
                    {displays}
                </dd>
            </div>
            {report
                .repeat_purchase_rate()
                .map(|rate| {
                    view! {
                        <div class="figure">
                            <dt>"Repeat purchases"</dt>
                            <dd data-testid="repeat-rate">{format::percent(rate)}</dd>
                            <dd class="note">"of their last 10 purchases were from you"</dd>
                        </div>
                    }
                })}
        </dl>
    }
}

#[component]
pub fn Trend(report: Report, grain: Grain) -> impl IntoView {
    let points = trend(&report, grain)
        .into_iter()
        .map(|point| TrendPoint { label: format_period(point.start_day, grain), tally: point.tally })
        .collect();
    view! { <TrendChart title="NPS over time".to_owned() points /> }
}

fn category_class(score: u8) -> &'static str {
    match Category::of(score) {
        Category::Promoter => "promoter",
        Category::Passive => "passive",
        Category::Detractor => "detractor",
    }
}

#[component]
pub fn Distribution(report: Report, scale: Scale) -> impl IntoView {
    let bars = scale
        .scores()
        .map(|score| {
            let count = report.distribution[usize::from(score)];
            Bar {
                label: score.to_string(),
                value: count as f64,
                shown: count.to_string(),
                class: category_class(score),
            }
        })
        .collect();
    view! { <BarChart title="Scores".to_owned() bars value_heading="Responses".to_owned() /> }
}

#[component]
pub fn Usability(report: Report) -> impl IntoView {
    let ratings = (1..=5u8).map(|rating| usize::from(rating - 1));
    let counts = ratings
        .clone()
        .map(|index| {
            let count = report.usability[index];
            Bar { label: (index + 1).to_string(), value: count as f64, shown: count.to_string(), class: "" }
        })
        .collect();
    let loyalty = ratings
        .map(|index| {
            let tally = report.nps_by_usability[index];
            Bar {
                label: (index + 1).to_string(),
                value: tally.nps().unwrap_or_default(),
                shown: format::nps_of(&tally),
                class: if tally.has_few_answers() { "few-answers" } else { "" },
            }
        })
        .collect();
    view! {
        <BarChart
            title="Website usability ratings".to_owned()
            bars=counts
            value_heading="Ratings".to_owned()
        />
        <BarChart title="NPS by usability rating".to_owned() bars=loyalty value_heading="NPS".to_owned() />
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Affective => "Affective: likes us",
        Kind::Normative => "Normative: shares our values",
        Kind::Economic => "Economic: would lose benefits",
        Kind::Forced => "Forced: no real alternative",
        Kind::Habitual => "Habitual: buys out of habit",
    }
}

#[component]
pub fn Commitment(report: Report) -> impl IntoView {
    let rows = Kind::ALL
        .into_iter()
        .zip(report.commitment)
        .map(|(kind, figures)| {
            view! {
                <tr>
                    <th scope="row">{kind_name(kind)}</th>
                    <td>{or_dash(figures.average().map(format::rating))}</td>
                    <NpsCell tally=figures.agree />
                    <NpsCell tally=figures.disagree />
                    <td>{figures.answers}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="chart wide">
            <h3>"Commitment profile"</h3>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">"Kind of commitment"</th>
                        <th scope="col">"Average agreement"</th>
                        <th scope="col">"NPS of those who agree"</th>
                        <th scope="col">"NPS of the others"</th>
                        <th scope="col">"Answers"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
pub fn Segments(report: Report, strings: Arc<Vec<String>>, add_segment: Callback<u32>) -> impl IntoView {
    let mut rows: Vec<(u32, Tally)> = report
        .segments
        .iter()
        .enumerate()
        .filter(|(_, tally)| tally.total() > 0)
        .map(|(id, tally)| (id as u32, *tally))
        .collect();
    if rows.is_empty() {
        return view! {
            <section class="segments">
                <h2>"Segments"</h2>
                <p class="empty">"These answers carry no page, language or visitor attribute to compare."</p>
            </section>
        }
        .into_any();
    }
    rows.sort_by_key(|(_, tally)| std::cmp::Reverse(tally.total()));
    let shown = rows.len().min(100);
    let rows = rows
        .into_iter()
        .take(shown)
        .map(|(id, tally)| {
            let label = segment_label(&strings[id as usize]);
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td>{tally.total()}</td>
                    <NpsCell tally />
                    <td>{or_dash(tally.interval().map(format::interval))}</td>
                    <td>
                        <button type="button" class="link" on:click=move |_| add_segment.run(id)>
                            "Show only these"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="segments">
            <h2>"Segments"</h2>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">"Segment"</th>
                        <th scope="col">"Responses"</th>
                        <th scope="col">"NPS"</th>
                        <th scope="col">"95% interval"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Filter"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// "Promoters (9–10)": the scores from core's cut-offs.
fn category_label(name: &str, category: Category) -> String {
    let (low, high) = category.scores().into_inner();
    format!("{name} ({low}–{high})")
}
