//! Schemathesis: thousands more requests generated from the live OpenAPI document, each
//! of whose answers must be documented and none a server error.

use std::process::Stdio;

use anyhow::{bail, Context};
use serde_json::Value;

use super::Args;
use crate::site::Site;

/// The checks schemathesis runs besides "no server error": whatever it answers has a
/// documented status, content type, shape and headers.
const SCHEMATHESIS_CHECKS: &str =
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance";

/// Runs schemathesis on the live OpenAPI document, as a signed-in admin (signing out
/// left out: it would end the session the rest runs on); returns how many test cases it
/// generated, or what it found.
pub async fn run(site: &Site, args: &Args) -> anyhow::Result<u64> {
    let report = site.folder().join("schemathesis.json");
    let schema = site.url("/api/v1/openapi.json");
    println!("bad-input: schemathesis for {} s on {schema}", args.schemathesis_seconds);
    // Absolute, as it runs in another folder.
    let program = std::path::absolute(&args.schemathesis)?;
    let status = tokio::process::Command::new(program)
        .args(["run", &schema, "--checks", SCHEMATHESIS_CHECKS])
        .args(["--header", &format!("Cookie: {}", site.admin_cookie)])
        .args(["--exclude-name", "DELETE /api/v1/session"])
        // One worker: with more, Hypothesis (under schemathesis) now and then fails on its
        // own, describing a strategy while another thread parses (a runtime error, no
        // request involved).
        .args(["--max-time", &args.schemathesis_seconds.to_string(), "--workers", "1"])
        .args(["--request-timeout", "10", "--report", "json", "--report-json-path"])
        .arg(&report)
        // Its cache of examples goes with the site's folder.
        .current_dir(site.folder())
        .stdout(Stdio::null())
        .status()
        .await
        .with_context(|| format!("running {} (scripts/setup installs it)", args.schemathesis.display()))?;
    let report: Value = serde_json::from_slice(&std::fs::read(&report).context("no schemathesis report")?)?;
    let generated = report["test_cases"]["generated"].as_u64().context("no count of test cases")?;
    let failures = &report["failures"];
    println!("bad-input: schemathesis generated {generated} test cases; failures: {failures}");
    if !status.success() || failures.as_array().is_none_or(|list| !list.is_empty()) {
        bail!("schemathesis failed ({status}): {failures} {}", report["errors"]);
    }
    Ok(generated)
}
