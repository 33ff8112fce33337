use leptos::prelude::*;
use pulse_core::nps::{Tally, FEW_ANSWERS};

use super::ChartFrame;
use crate::format;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 40.0;
const PAD: f64 = 16.0;

pub struct TrendPoint {
    pub label: String,
    /// A period without answers has no NPS: a gap, not a zero.
    pub tally: Tally,
}

/// NPS over time on the full −100…+100 axis, with the band of its 95 % intervals; the
/// points of few answers are hollow.
#[component]
pub fn TrendChart(title: String, points: Vec<TrendPoint>) -> impl IntoView {
    let step = (WIDTH - LEFT - PAD) / points.len().saturating_sub(1).max(1) as f64;
    let x = move |index: usize| LEFT + index as f64 * step;
    let y = |nps: f64| PAD + (100.0 - nps.clamp(-100.0, 100.0)) / 200.0 * (HEIGHT - 2.0 * PAD);
    let mut line = String::new();
    let mut band_top = Vec::new();
    let mut band_bottom = Vec::new();
    for (index, point) in points.iter().enumerate() {
        let Some(nps) = point.tally.nps() else { continue };
        // A period without answers breaks the line instead of joining its neighbours.
        let command = if index == 0 || points[index - 1].tally.nps().is_none() { "M" } else { "L" };
        line.push_str(&format!("{command}{:.1},{:.1} ", x(index), y(nps)));
        if let Some((lower, upper)) = point.tally.interval() {
            band_top.push(format!("{:.1},{:.1}", x(index), y(upper)));
            band_bottom.push(format!("{:.1},{:.1}", x(index), y(lower)));
        }
    }
    band_bottom.reverse();
    let band = if band_top.len() > 1 {
        format!("M{} L{} Z", band_top.join(" L"), band_bottom.join(" L"))
    } else {
        String::new()
    };
    let dots = points
        .iter()
        .enumerate()
        .filter_map(|(index, point)| {
            let nps = point.tally.nps()?;
            let few = point.tally.has_few_answers();
            Some(view! {
                <circle cx=x(index) cy=y(nps) r="3" class=("few-answers", few)>
                    <title>
                        {format!(
                            "{}: {}, {}",
                            point.label,
                            format::nps_of(&point.tally),
                            format::count(point.tally.total(), "response"),
                        )}
                    </title>
                </circle>
            })
        })
        .collect_view();
    let grid = [100.0, 50.0, 0.0, -50.0, -100.0_f64]
        .into_iter()
        .map(|level| {
            view! {
                <line class="grid" x1=LEFT x2=WIDTH - PAD y1=y(level) y2=y(level) />
                <text class="label" x=LEFT - 6.0 y=y(level) + 4.0 text-anchor="end">
                    {format::nps(level as i32)}
                </text>
            }
        })
        .collect_view();
    let first = points.first().map(|point| point.label.clone()).unwrap_or_default();
    let last = points.last().map(|point| point.label.clone()).unwrap_or_default();
    let svg = view! {
        <svg
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img"
            aria-label=title.clone()
            xmlns="http://www.w3.org/2000/svg"
        >
            {grid}
            <path class="band" d=band />
            <path class="line" d=line />
            {dots}
            <text class="label" x=LEFT y=HEIGHT text-anchor="start">
                {first}
            </text>
            <text class="label" x=WIDTH - PAD y=HEIGHT text-anchor="end">
                {last}
            </text>
        </svg>
    }
    .into_any();
    let note = points
        .iter()
        .any(|point| point.tally.has_few_answers())
        .then(|| format!("Hollow dots: few answers (fewer than {FEW_ANSWERS}), so that NPS may be far off."));
    let rows = points
        .into_iter()
        .map(|point| {
            vec![
                point.label,
                format::nps_of(&point.tally),
                point.tally.interval().map_or_else(|| "–".to_owned(), format::interval),
                point.tally.total().to_string(),
            ]
        })
        .collect();
    let headings = ["Period", "NPS", "95% interval", "Responses"].map(str::to_owned).to_vec();
    view! { <ChartFrame title svg note headings rows /> }
}
