//! The loader with the snippet's survey in it (`/widget/pulse.js?survey=ID`): the built
//! loader, a function, called with the survey's configuration when the page may see it,
//! else with the survey's id, for the loader to ask the API, which says why not.

mod common;

use std::num::NonZeroU32;

use axum::http::HeaderName;
use common::Server;
use pulse_core::admin::SurveyDefinition;
use pulse_core::api::{ErrorBody, ErrorCode, SurveyConfig};
use pulse_server::config::Settings;
use serde_json::Value;

const SHOP: &str = "https://shop.example";
/// The loader as `scripts/build-widget` ends it: a function called with nothing.
const BUILT: &str = "(c=>{globalThis.survey=c})()\n";
const FUNCTION: &str = "(c=>{globalThis.survey=c})";

on_both_databases!(
    the_loader_carries_the_configuration_of_a_survey_open_to_every_origin,
    the_loader_without_a_survey_is_the_file_as_built,
    a_survey_that_lists_origins_goes_only_to_their_pages,
    the_loader_carries_only_the_id_of_a_survey_it_cannot_show,
    an_id_reaches_the_loader_as_a_string_whatever_it_is,
    the_loader_with_a_survey_is_compressed,
    the_loader_is_read_from_disk_once_it_is_built,
    the_loader_with_a_survey_counts_against_the_widgets_allowance,
);

impl Server {
    /// `pulse.js?survey=…` as a page with `referer` asks for it: status, `Cache-Control`,
    /// `Vary` and the body.
    async fn loader(&self, query: &str, referer: Option<&str>) -> (u16, String, String, String) {
        std::fs::write(self.static_dir.join("widget/pulse.js"), BUILT).unwrap();
        let mut request = self.client.get(self.url(&format!("/widget/pulse.js{query}")));
        if let Some(referer) = referer {
            request = request.header("referer", referer);
        }
        let response = request.send().await.unwrap();
        let header =
            |name| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let (cache, vary) = (header("cache-control"), header("vary"));
        (response.status().as_u16(), cache, vary, response.text().await.unwrap())
    }

    /// The configuration the API gives for the survey.
    async fn config(&self, survey_id: &str) -> Value {
        let response =
            self.client.get(self.url(&format!("/api/v1/surveys/{survey_id}"))).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

/// What the loader's function is called with.
fn argument(body: &str) -> Value {
    let call = body.strip_prefix(FUNCTION).and_then(|rest| rest.strip_suffix('\n')).expect(body);
    let argument = call.strip_prefix('(').and_then(|rest| rest.strip_suffix(')')).expect(body);
    serde_json::from_str(argument).expect(body)
}

async fn the_loader_carries_the_configuration_of_a_survey_open_to_every_origin(server: Server) {
    for referer in [None, Some("https://anyone.example/page")] {
        let (status, cache, vary, body) = server.loader("?survey=demo", referer).await;
        assert_eq!(status, 200);
        assert_eq!(argument(&body), server.config("demo").await, "{referer:?}");
        // As long as the configuration itself may be kept, by any cache.
        assert_eq!(cache, "public, max-age=60");
        assert!(!vary.contains("referer"), "{vary}");
    }
}

async fn the_loader_without_a_survey_is_the_file_as_built(server: Server) {
    for query in ["", "?v=2"] {
        let (status, cache, _, body) = server.loader(query, Some(SHOP)).await;
        assert_eq!((status, cache.as_str(), body.as_str()), (200, "public, max-age=300", BUILT), "{query}");
    }
}

async fn a_survey_that_lists_origins_goes_only_to_their_pages(server: Server) {
    server.add_survey("shop-only", &[SHOP]).await;
    let (status, cache, vary, body) =
        server.loader("?survey=shop-only", Some("https://shop.example/pricing")).await;
    assert_eq!(status, 200);
    assert_eq!(argument(&body), server.config("shop-only").await);
    // Made for the shop's pages: no cache shared between sites may keep it.
    assert_eq!(cache, "private, max-age=60");
    assert!(vary.contains("referer"), "{vary}");
    // Another site's page, or one that sends no referrer, gets the id: the API, asked with
    // the page's Origin, refuses it to other origins.
    for referer in [Some("https://elsewhere.example/"), Some("https://shop.example.evil/"), None] {
        let (status, cache, vary, body) = server.loader("?survey=shop-only", referer).await;
        assert_eq!(status, 200);
        assert_eq!(argument(&body), "shop-only", "{referer:?}");
        assert_eq!(cache, "private, max-age=60");
        assert!(vary.contains("referer"), "{vary}");
    }
}

async fn the_loader_carries_only_the_id_of_a_survey_it_cannot_show(server: Server) {
    let archived = SurveyDefinition {
        config: SurveyConfig { id: "over".to_owned(), company: "Other Co".to_owned(), ..Default::default() },
        allowed_origins: Vec::new(),
        archived: true,
    };
    server.db.put_survey(&archived).await.unwrap();
    for survey_id in ["over", "nowhere"] {
        let (status, _, _, body) = server.loader(&format!("?survey={survey_id}"), Some(SHOP)).await;
        assert_eq!((status, argument(&body)), (200, Value::from(survey_id)));
    }
}

async fn an_id_reaches_the_loader_as_a_string_whatever_it_is(server: Server) {
    let id = "x\")</script><script>alert(1)//\u{2028}";
    let url = reqwest::Url::parse_with_params("http://pulse.example/", [("survey", id)]).unwrap();
    let (status, _, _, body) = server.loader(&format!("?{}", url.query().unwrap()), None).await;
    assert_eq!((status, argument(&body)), (200, Value::from(id)));
}

async fn the_loader_with_a_survey_is_compressed(server: Server) {
    std::fs::write(server.static_dir.join("widget/pulse.js"), BUILT).unwrap();
    for encoding in ["br", "gzip"] {
        let response = server
            .client
            .get(server.url("/widget/pulse.js?survey=demo"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert_eq!(response.headers()["content-type"], "text/javascript");
    }
}

async fn the_loader_is_read_from_disk_once_it_is_built(server: Server) {
    let file = server.static_dir.join("widget/pulse.js");
    let server = &server;
    let get = |query: &'static str| async move {
        let response =
            server.client.get(server.url(&format!("/widget/pulse.js{query}"))).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    // Not built yet: nothing to serve, and nothing kept.
    assert_eq!(get("?survey=demo").await.0, 404);
    std::fs::write(&file, BUILT).unwrap();
    let (status, body) = get("?survey=demo").await;
    assert_eq!((status, argument(&body)), (200, server.config("demo").await));
    // Read once: what is on disk now is served as a file, not read for each survey.
    std::fs::write(&file, "(c=>{globalThis.other=c})()\n").unwrap();
    let (status, body) = get("?survey=demo").await;
    assert_eq!((status, argument(&body)), (200, server.config("demo").await));
    assert_eq!(get("").await, (200, "(c=>{globalThis.other=c})()\n".to_owned()));
}

async fn the_loader_with_a_survey_counts_against_the_widgets_allowance(server: Server) {
    let settings = Settings {
        widget_requests_per_minute: NonZeroU32::new(3).unwrap(),
        client_ip_header: Some(HeaderName::from_static("x-forwarded-for")),
        ..Settings::default()
    };
    let server = server.with_settings(&settings).await;
    std::fs::write(server.static_dir.join("widget/pulse.js"), BUILT).unwrap();
    let get = |path: &'static str, client: &'static str| {
        server.client.get(server.url(path)).header("x-forwarded-for", client).send()
    };
    for _ in 0..2 {
        assert_eq!(get("/widget/pulse.js?survey=demo", "203.0.113.7").await.unwrap().status(), 200);
    }
    assert_eq!(get("/api/v1/surveys/demo", "203.0.113.7").await.unwrap().status(), 200);
    let limited = get("/widget/pulse.js?survey=demo", "203.0.113.7").await.unwrap();
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(limited.json::<ErrorBody>().await.unwrap().error.code, ErrorCode::RateLimited);
    // The loader as built asks for no survey, and other clients have their own allowance.
    assert_eq!(get("/widget/pulse.js", "203.0.113.7").await.unwrap().status(), 200);
    assert_eq!(get("/widget/pulse.js?survey=demo", "198.51.100.1").await.unwrap().status(), 200);
}
