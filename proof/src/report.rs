//! One table of every part's counts and figures, from the summaries the parts wrote.

use anyhow::{bail, Context};

use crate::summary::{folder, Summary};

#[derive(clap::Args)]
pub struct Args {
    /// Parts that must have written a summary, e.g. `load-sqlite crash widget-faults`.
    #[arg(long, num_args = 1.., value_delimiter = ' ')]
    pub expect: Vec<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut summaries = Vec::new();
    for entry in
        std::fs::read_dir(folder()).with_context(|| format!("no summaries in {}", folder().display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|extension| extension == "json") {
            let text = std::fs::read(&path)?;
            let summary: Summary = serde_json::from_slice(&text)
                .with_context(|| format!("unreadable summary {}", path.display()))?;
            summaries.push(summary);
        }
    }
    summaries.sort_by(|a, b| a.part.cmp(&b.part));
    let missing: Vec<&String> =
        args.expect.iter().filter(|part| !summaries.iter().any(|summary| &summary.part == *part)).collect();

    print!("{}", table(&summaries));
    let figures = figures(&summaries);
    if !figures.is_empty() {
        print!("\n{figures}");
    }
    let parts = |broken: fn(&Summary) -> bool| -> Vec<&str> {
        summaries.iter().filter(|s| broken(s)).map(|s| s.part.as_str()).collect()
    };
    // A part whose server refused everything lost nothing, and proved nothing.
    let idle = parts(|s| s.acknowledged == 0);
    let broken = parts(|s| s.lost > 0 || s.duplicates > 0);
    if !missing.is_empty() {
        bail!("parts that wrote no summary: {missing:?}");
    }
    if !idle.is_empty() {
        bail!("parts with not one answer acknowledged: {idle:?}");
    }
    if !broken.is_empty() {
        bail!("answers lost or stored twice in: {broken:?}");
    }
    println!("\nEvery acknowledged answer is stored exactly once.");
    Ok(())
}

fn table(summaries: &[Summary]) -> String {
    let header = [
        "part",
        "requests sent",
        "faults injected",
        "bad inputs tried",
        "acknowledged",
        "stored",
        "lost",
        "duplicates",
    ];
    let total = Summary {
        part: "total".into(),
        requests: summaries.iter().map(|s| s.requests).sum(),
        faults: summaries.iter().map(|s| s.faults).sum(),
        bad_inputs: summaries.iter().map(|s| s.bad_inputs).sum(),
        acknowledged: summaries.iter().map(|s| s.acknowledged).sum(),
        stored: summaries.iter().map(|s| s.stored).sum(),
        lost: summaries.iter().map(|s| s.lost).sum(),
        duplicates: summaries.iter().map(|s| s.duplicates).sum(),
        figures: Vec::new(),
    };
    let rows: Vec<[String; 8]> = summaries
        .iter()
        .chain([&total])
        .map(|s| {
            [
                s.part.clone(),
                s.requests.to_string(),
                s.faults.to_string(),
                s.bad_inputs.to_string(),
                s.acknowledged.to_string(),
                s.stored.to_string(),
                s.lost.to_string(),
                s.duplicates.to_string(),
            ]
        })
        .collect();
    aligned(&header.map(String::from), &rows)
}

fn figures(summaries: &[Summary]) -> String {
    let header = ["part", "figure", "measured", "budget", "met"].map(String::from);
    let rows: Vec<[String; 5]> = summaries
        .iter()
        .flat_map(|summary| summary.figures.iter().map(move |figure| (summary, figure)))
        .map(|(summary, figure)| {
            let budget = match figure.budget {
                Some(crate::summary::Budget::AtLeast(limit)) => format!(">= {limit} {}", figure.unit),
                Some(crate::summary::Budget::AtMost(limit)) => format!("<= {limit} {}", figure.unit),
                None => String::new(),
            };
            let met = match figure.met() {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "",
            };
            [
                summary.part.clone(),
                figure.name.clone(),
                format!("{:.1} {}", figure.value, figure.unit),
                budget,
                met.into(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    aligned(&header, &rows)
}

/// Columns padded to their widest cell; the first left-aligned, numbers right-aligned.
fn aligned<const N: usize>(header: &[String; N], rows: &[[String; N]]) -> String {
    let widths: Vec<usize> = (0..N)
        .map(|column| rows.iter().chain([header]).map(|row| row[column].chars().count()).max().unwrap_or(0))
        .collect();
    let line = |row: &[String; N]| {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                if column == 0 {
                    format!("{cell:<width$}", width = widths[column])
                } else {
                    format!("{cell:>width$}", width = widths[column])
                }
            })
            .collect();
        format!("{}\n", cells.join("  "))
    };
    let mut text = line(header);
    for row in rows {
        text.push_str(&line(row));
    }
    text
}
