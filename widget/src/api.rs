//! The two calls the widget makes to the Pulse server.
//!
//! The browser parses and writes the JSON: serde_json would double the widget's Wasm. The
//! tests check both directions against pulse-core's serde definitions.

use js_sys::Reflect;
use pulse_core::api::{ResponseSubmission, SurveyConfig};
use pulse_core::nps::Scale;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// `GET {server}/api/v1/surveys/{id}`
pub async fn fetch_survey(server: &str, survey_id: &str) -> Result<SurveyConfig, JsValue> {
    let response = fetch(&survey_url(server, survey_id), &RequestInit::new()).await?;
    let json = JsFuture::from(response.json()?).await?;
    let field = |name: &str| Reflect::get(&json, &name.into()).ok()?.as_string();
    Ok(survey_from(field)?)
}

/// `POST {server}/api/v1/surveys/{id}/responses`
pub async fn post_response(
    server: &str,
    survey_id: &str,
    submission: &ResponseSubmission,
) -> Result<(), JsValue> {
    let headers = Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&to_json(submission)?.into());
    let url = survey_url(server, survey_id) + "/responses";
    fetch(&url, &init).await.map(drop)
}

fn survey_url(server: &str, survey_id: &str) -> String {
    let survey_id = js_sys::encode_uri_component(survey_id);
    format!("{}/api/v1/surveys/{survey_id}", server.trim_end_matches('/'))
}

/// A successful answer; any other is an error with the server's status and body.
async fn fetch(url: &str, init: &RequestInit) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response =
        JsFuture::from(window.fetch_with_str_and_init(url, init)).await?.unchecked_into();
    if response.ok() {
        return Ok(response);
    }
    let body = JsFuture::from(response.text()?).await?.as_string();
    Err(format!("{url}: {} {}", response.status(), body.unwrap_or_default()).into())
}

/// A survey from the string fields of the server's JSON.
fn survey_from(field: impl Fn(&str) -> Option<String>) -> Result<SurveyConfig, String> {
    let scale = match field("scale").as_deref() {
        Some("one_to_ten") => Scale::OneToTen,
        Some("zero_to_ten") => Scale::ZeroToTen,
        _ => return Err("survey without a known scale".into()),
    };
    let required = |name| field(name).ok_or_else(|| format!("survey without {name}"));
    Ok(SurveyConfig { id: required("id")?, company: required("company")?, scale, ..Default::default() })
}

/// The submission as serde would write it, by the browser's own JSON encoder.
fn to_json(submission: &ResponseSubmission) -> Result<String, JsValue> {
    let json = js_sys::Object::new();
    Reflect::set(&json, &"id".into(), &submission.id.as_str().into())?;
    Reflect::set(&json, &"nps".into(), &(submission.nps as f64).into())?;
    if let Some(usability) = submission.usability {
        Reflect::set(&json, &"usability".into(), &(usability as f64).into())?;
    }
    if let Some(comment) = &submission.comment {
        Reflect::set(&json, &"comment".into(), &comment.as_str().into())?;
    }
    Ok(js_sys::JSON::stringify(&json)?.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surveys_are_read_as_serde_writes_them() {
        for scale in [Scale::OneToTen, Scale::ZeroToTen] {
            let config = SurveyConfig {
                id: "s1".into(),
                company: "Acme \"Tools\"".into(),
                scale,
                ..Default::default()
            };
            let json = serde_json::to_value(&config).unwrap();
            let field = |name: &str| json.get(name)?.as_str().map(str::to_owned);
            assert_eq!(survey_from(field), Ok(config));
        }
    }

    #[test]
    fn surveys_missing_a_field_are_refused() {
        let field = |name: &str| (name == "scale").then(|| "one_to_ten".to_owned());
        assert_eq!(survey_from(field), Err("survey without id".into()));
        assert_eq!(survey_from(|_| None), Err("survey without a known scale".into()));
    }

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn submissions_are_written_as_serde_reads_them() {
        let bare = ResponseSubmission {
            id: "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13".into(),
            nps: 0,
            ..Default::default()
        };
        let full = ResponseSubmission {
            usability: Some(5),
            comment: Some("Say \"hi\" \\ back\n\ttab \u{1} é 👍".into()),
            ..bare.clone()
        };
        for submission in [bare, full] {
            let json = to_json(&submission).unwrap();
            let read: ResponseSubmission = serde_json::from_str(&json).unwrap();
            assert_eq!(read, submission, "{json}");
        }
    }
}
