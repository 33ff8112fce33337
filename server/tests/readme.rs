//! The README's API tables against the OpenAPI document the server serves: every endpoint
//! the README lists exists, and every endpoint served is listed.

mod common;

use std::collections::BTreeSet;

use common::{Backend, Server};

const README: &str = include_str!("../../README.md");

/// `GET /api/v1/surveys/{}` for `GET /api/v1/surveys/{id}?x=1`: parameters are matched
/// by place, not by name, and the query is not part of the path.
fn endpoint(method: &str, path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> =
        path.split('/').map(|segment| if segment.starts_with('{') { "{}" } else { segment }).collect();
    format!("{} {}", method.to_uppercase(), segments.join("/"))
}

/// Each row of the README's tables that starts with an API request, e.g.
/// "| `GET /api/v1/surveys/{id}` | ...", as (line number, endpoint).
fn listed_endpoints() -> Vec<(usize, String)> {
    README
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let request = line.strip_prefix("| `")?.split('`').next()?;
            let (method, path) = request.split_once(' ')?;
            path.starts_with("/api/").then(|| (index + 1, endpoint(method, path)))
        })
        .collect()
}

#[tokio::test]
async fn every_endpoint_the_readme_lists_is_in_the_openapi_document() {
    let Some(server) = Server::start(Backend::Sqlite).await else { return };
    let document: serde_json::Value =
        server.client.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let served: BTreeSet<String> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, operations)| {
            operations.as_object().unwrap().keys().map(|method| endpoint(method, path))
        })
        .collect();

    let listed = listed_endpoints();
    // Guards against a change of the tables' format that this test no longer reads.
    assert!(listed.len() >= 15, "only {} endpoints found in README.md's tables", listed.len());
    for (line, listed) in &listed {
        assert!(served.contains(listed), "README.md line {line}: {listed} is not in the OpenAPI document");
    }
    let documented: BTreeSet<&String> = listed.iter().map(|(_, endpoint)| endpoint).collect();
    // The probes /healthz and /readyz are described with the operations, not in the tables.
    for endpoint in served.iter().filter(|endpoint| endpoint.contains(" /api/")) {
        assert!(documented.contains(endpoint), "{endpoint} is served but not in README.md's tables");
    }
}

#[test]
fn endpoints_match_by_method_and_path_template() {
    assert_eq!(endpoint("get", "/api/v1/surveys/{survey_id}"), endpoint("GET", "/api/v1/surveys/{id}"));
    assert_eq!(endpoint("DELETE", "/api/v1/admin/responses?attribute=KEY"), "DELETE /api/v1/admin/responses");
    assert_ne!(endpoint("GET", "/api/v1/surveys/{id}/results"), endpoint("GET", "/api/v1/surveys/{id}"));
    assert_ne!(endpoint("POST", "/api/v1/surveys/{id}"), endpoint("GET", "/api/v1/surveys/{id}"));
}
