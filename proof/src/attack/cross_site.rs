//! Another site's page making the admin's browser post to the API with the cookie: no
//! CORS permission, and every content type a page may post without one is refused.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::Attack;
use crate::site::Seen;

impl Attack {
    /// Another site's page making the admin's browser send requests with the cookie (as if
    /// SameSite did not hold it back): a preflight gets no CORS permission, so only the
    /// "simple" content types could be sent, and each is refused.
    pub(super) async fn cross_site_requests(&mut self, before: &Seen) -> anyhow::Result<()> {
        let (admin, evil) = (self.site.admin_cookie.clone(), "https://evil.example");
        let preflight = self
            .site
            .request(Method::OPTIONS, "/api/v1/admin/surveys", None)
            .header("origin", evil)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type");
        self.attempts += 1;
        let answer = self.call(preflight).await?;
        let allowed = answer.headers.get("access-control-allow-origin").cloned();
        self.check(allowed.is_none(), || format!("a preflight from {evil} was allowed: {allowed:?}"));
        let survey = json!({"id": "forged", "company": "Forged"}).to_string();
        for content_type in
            ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
        {
            let request = self
                .site
                .request(Method::POST, "/api/v1/admin/surveys", Some(&admin))
                .header("origin", evil)
                .header("content-type", content_type)
                .body(survey.clone());
            self.attempts += 1;
            let answer = self.call(request).await?;
            self.check(answer.status == StatusCode::UNSUPPORTED_MEDIA_TYPE, || {
                format!("a cross-site {content_type} post with the admin's cookie: {}", answer.status)
            });
        }
        self.unchanged_since(before, "cross-site posts with the admin's cookie").await
    }
}
