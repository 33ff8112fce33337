//! A survey's results, computed in the browser by pulse-core from the server's feed.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pulse_core::nps::{round_nps, Scale};
use pulse_core::results::Summary;

use crate::{api, format};

#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let survey_id = move || params.read().get("survey_id").unwrap_or_default();
    let feed = LocalResource::new(move || {
        let survey_id = survey_id();
        async move { api::results_feed(&survey_id).await }
    });

    view! {
        <section class="page results">
            <h1>"Results: " {survey_id}</h1>
            <button type="button" class="secondary" on:click=move |_| feed.refetch()>"Refresh"</button>
            <Suspense fallback=|| view! { <p class="status" role="status">"Loading results…"</p> }>
                {move || feed.get().map(|loaded| match loaded {
                    Ok(feed) => view! { <Figures summary=Summary::of(&feed) scale=feed.scale /> }.into_any(),
                    Err(message) => view! {
                        <p class="error" role="alert">"The results could not be loaded. " {message}</p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Figures(summary: Summary, scale: Scale) -> impl IntoView {
    let tally = summary.tally;
    if tally.total() == 0 {
        return view! {
            <p class="empty" data-testid="no-responses">
                "No responses yet. Answers appear here as soon as visitors send them."
            </p>
        }
        .into_any();
    }
    let percent = |share: Option<f64>| share.map_or_else(|| "–".to_owned(), format::percent);
    let nps = tally.nps().map_or_else(|| "–".to_owned(), |nps| format::nps(round_nps(nps)));
    let usability = summary.average_usability.map_or_else(
        || "no ratings yet".to_owned(),
        |average| format!("{average:.1} / 5 ({})", format::count(summary.usability_answers, "rating")),
    );
    view! {
        <dl class="figures">
            <div class="figure headline">
                <dt>"Net Promoter Score"</dt>
                <dd data-testid="nps">{nps}</dd>
            </div>
            <div class="figure">
                <dt>"Responses"</dt>
                <dd data-testid="responses">{tally.total()}</dd>
            </div>
            <div class="figure promoters">
                <dt>"Promoters (9–10)"</dt>
                <dd data-testid="promoters">{percent(tally.promoter_share())}</dd>
            </div>
            <div class="figure passives">
                <dt>"Passives (7–8)"</dt>
                <dd data-testid="passives">{percent(tally.passive_share())}</dd>
            </div>
            <div class="figure detractors">
                <dt>{format!("Detractors ({}–6)", scale.min())}</dt>
                <dd data-testid="detractors">{percent(tally.detractor_share())}</dd>
            </div>
            <div class="figure">
                <dt>"Average website usability"</dt>
                <dd data-testid="usability">{usability}</dd>
            </div>
        </dl>
    }
    .into_any()
}
