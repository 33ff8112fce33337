//! SVG charts, each with a table that says the same for screen readers and print, and
//! buttons to download it as SVG or PNG.

mod bars;
mod export;
mod trend;

pub use bars::{Bar, BarChart};
pub use trend::{TrendChart, TrendPoint};

use leptos::prelude::*;

/// A chart's frame: its title, the drawing, the table alternative and the downloads.
#[component]
fn ChartFrame(
    /// Also names the downloaded files.
    title: String,
    svg: AnyView,
    /// A line under the drawing that explains it, e.g. what its hollow marks mean.
    #[prop(optional_no_strip)]
    note: Option<String>,
    /// Column headings, then rows of cells.
    headings: Vec<String>,
    rows: Vec<Vec<String>>,
) -> impl IntoView {
    let figure = NodeRef::<leptos::html::Figure>::new();
    let file_name = StoredValue::new(title.to_lowercase().replace(|c: char| !c.is_alphanumeric(), "-"));
    let download = move |as_png: bool| {
        let Some(svg) = figure.get().and_then(|figure| figure.query_selector("svg").ok().flatten()) else {
            return;
        };
        let name = file_name.get_value();
        if as_png {
            export::download_png(&svg, &name);
        } else {
            export::download_svg(&svg, &name);
        }
    };
    view! {
        <figure class="chart" node_ref=figure>
            <figcaption>
                <h3>{title}</h3>
                <span class="chart-downloads">
                    <button type="button" class="link" on:click=move |_| download(false)>
                        "SVG"
                    </button>
                    <button type="button" class="link" on:click=move |_| download(true)>
                        "PNG"
                    </button>
                </span>
            </figcaption>
            {svg}
            {note.map(|note| view! { <p class="chart-note">{note}</p> })}
            <details class="chart-table">
                <summary>"Show as a table"</summary>
                <table>
                    <thead>
                        <tr>
                            {headings
                                .into_iter()
                                .map(|heading| view! { <th scope="col">{heading}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <tr>
                                        {row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
