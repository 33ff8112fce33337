//! Bad input: a catalogue of malformed, oversized and hostile requests to every endpoint
//! that takes a body or a path (the widget's, the login, the admins' writes), each sent
//! byte for byte as written; each must get a 4xx with a JSON error body, soon, and change
//! nothing an admin can see. Then schemathesis generates thousands more from the live
//! OpenAPI document, signed in as an admin, and finds no server error.

mod bodies;
mod paths;
mod request;
mod rules;
mod schemathesis;

use std::path::PathBuf;

use anyhow::bail;
use pulse_core::limits::{ADMIN_BODY_BYTES, WIDGET_BODY_BYTES};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::site::{answer, Site, ADMIN, SURVEY};
use crate::summary::Summary;
use request::{Bad, Endpoint};

#[derive(clap::Args)]
pub struct Args {
    /// How long schemathesis may generate requests.
    #[arg(long, default_value_t = 60)]
    pub schemathesis_seconds: u64,
    /// The schemathesis command line tool; `scripts/setup` installs it there.
    #[arg(long, env = "PULSE_SCHEMATHESIS", default_value = "target/schemathesis/bin/st")]
    pub schemathesis: PathBuf,
}

pub async fn run(args: Args) -> anyhow::Result<Summary> {
    let flags = ["--widget-requests-per-minute", "1000000", "--logins-per-minute", "1000000"];
    let controls = vec![answer(9, "Fast delivery"), answer(3, "Sizes run small"), answer(7, "Fine")];
    let mut site = Site::start(&flags, false, controls).await?;
    println!("bad-input: {} with survey {SURVEY:?}, an admin and a viewer", site.server.base);

    let before = site.seen().await?;
    let catalogue = catalogue();
    let mut failures = Vec::new();
    for bad in &catalogue {
        if let Err(error) = request::send(&site, bad).await {
            failures.push(format!(
                "{} {} ({}): {error:#}",
                bad.method,
                request::shorten(&bad.target),
                bad.what
            ));
        }
    }
    println!(
        "bad-input: {} bad requests sent, {} answered otherwise than they must",
        catalogue.len(),
        failures.len()
    );
    if let Some(changes) = site.seen().await?.changes_since(&before) {
        failures.push(format!("the bad requests changed {changes}"));
    }
    // The server still takes a good answer after all that, even one as large as the
    // widget's limit allows.
    let last = answer(10, "Still here");
    let body = bodies::sized(&serde_json::to_string(&last)?, WIDGET_BODY_BYTES);
    let target = format!("/api/v1/surveys/{SURVEY}/responses");
    let request =
        site.request(Method::POST, &target, None).header("content-type", "application/json").body(body);
    let response = site.send(request).await?;
    if response.status() == StatusCode::OK {
        site.answers.push(last);
    } else {
        failures.push(format!(
            "a valid answer of {WIDGET_BODY_BYTES} bytes after the bad ones got {}",
            response.status()
        ));
    }
    let acknowledged = site.answers.len() as u64;
    let (stored, duplicates) = site.check_answers().await?;

    let generated = match schemathesis::run(&site, &args).await {
        Ok(generated) => generated,
        Err(error) => {
            failures.push(format!("schemathesis: {error:#}"));
            0
        }
    };
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("  {failure}");
        }
        bail!("bad-input: {} failures", failures.len());
    }
    println!("bad-input: every bad request got its 4xx with a JSON error and changed nothing");
    Ok(Summary {
        requests: site.requests() + catalogue.len() as u64 + generated,
        bad_inputs: catalogue.len() as u64 + generated,
        acknowledged,
        stored,
        lost: acknowledged.saturating_sub(stored),
        duplicates,
        ..Summary::new("bad-input")
    })
}

/// Every request of the catalogue, endpoint by endpoint.
fn catalogue() -> Vec<Bad> {
    let answers = Endpoint {
        method: "POST",
        target: format!("/api/v1/surveys/{SURVEY}/responses"),
        signed_in: false,
        limit: WIDGET_BODY_BYTES,
        beacon: true,
    };
    let displays = Endpoint { target: format!("/api/v1/surveys/{SURVEY}/impressions"), ..answers.clone() };
    let admin = |method, target: String| Endpoint {
        method,
        target,
        signed_in: true,
        limit: ADMIN_BODY_BYTES,
        beacon: false,
    };
    let login = Endpoint { signed_in: false, ..admin("POST", "/api/v1/session".into()) };
    let create_survey = admin("POST", "/api/v1/admin/surveys".into());
    let update_survey = admin("PUT", format!("/api/v1/admin/surveys/{SURVEY}"));
    let add_user = admin("POST", "/api/v1/admin/users".into());

    let id = uuid::Uuid::new_v4().to_string();
    let valid_answer = json!({"id": id, "nps": 8, "comment": "Good", "attributes": {"plan": "pro"}});
    let survey = json!({"id": "bad-input", "company": "Acme"});
    let user = json!({"email": "new@proof.example", "role": "viewer", "password": "a long passphrase"});
    let mut all = Vec::new();
    for (endpoint, valid) in [
        (&answers, valid_answer.clone()),
        (&displays, json!({"language": "en", "page": "/"})),
        (&login, json!({"email": ADMIN, "password": "not the password"})),
        (&create_survey, survey.clone()),
        (&update_survey, json!({"id": SURVEY, "company": "Changed"})),
        (&add_user, user.clone()),
    ] {
        all.extend(bodies::malformed(endpoint, &valid));
    }
    all.extend(rules::answers(&answers, &valid_answer));
    all.extend(rules::displays(&displays));
    all.extend(rules::login(&login));
    all.extend(rules::surveys(&create_survey, &update_survey, &survey));
    all.extend(rules::users(&add_user, &user));
    all.extend(paths::tricky());
    all
}
