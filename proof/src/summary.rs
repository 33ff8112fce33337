//! What one part of the proof did and found, kept as JSON for the report.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where every part writes its summary; `report` reads them back.
pub fn folder() -> PathBuf {
    std::env::var_os("PULSE_PROOF_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target/proof"))
}

/// One part's counts. `lost` and `duplicates` must be 0, and `acknowledged` more, for the
/// proof to hold.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Short name, also the file name: `load-sqlite`, `crash`, `widget-faults`, ...
    pub part: String,
    pub requests: u64,
    pub faults: u64,
    pub bad_inputs: u64,
    pub acknowledged: u64,
    pub stored: u64,
    pub lost: u64,
    pub duplicates: u64,
    /// Measured figures beside their budgets, such as answers per second.
    #[serde(default)]
    pub figures: Vec<Figure>,
}

/// A measurement and, where there is one, the budget it is held to.
#[derive(Debug, Serialize, Deserialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: String,
    /// `at_least` or `at_most` the budget; none for figures shown for information.
    pub budget: Option<Budget>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Budget {
    AtLeast(f64),
    AtMost(f64),
}

impl Figure {
    pub fn new(name: &str, value: f64, unit: &str, budget: Option<Budget>) -> Figure {
        Figure { name: name.to_owned(), value, unit: unit.to_owned(), budget }
    }

    pub fn met(&self) -> Option<bool> {
        self.budget.map(|budget| match budget {
            Budget::AtLeast(limit) => self.value >= limit,
            Budget::AtMost(limit) => self.value <= limit,
        })
    }
}

impl Summary {
    pub fn new(part: &str) -> Summary {
        Summary { part: part.to_owned(), ..Summary::default() }
    }

    /// Writes the summary for the report, and says where.
    pub fn save(&self) -> anyhow::Result<()> {
        let folder = folder();
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(format!("{}.json", self.part));
        std::fs::write(&path, serde_json::to_vec_pretty(self)?)?;
        println!("{}: summary written to {}", self.part, path.display());
        Ok(())
    }
}
