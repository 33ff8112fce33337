//! Another site's page making a signed-in admin's browser ask for every change of the
//! OpenAPI document, as a plain HTML form can (a page of a sibling subdomain is the same
//! site, so SameSite=Strict sends the cookie along): without a JSON body or the CSRF
//! header, which only Pulse's own pages send, each is refused and nothing changes.

use pulse_core::api::{ErrorBody, ErrorCode, CSRF_HEADER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::operations::Operation;
use super::Attack;
use crate::site::{Seen, ADMIN};

/// What a form may send: these content types, or none (a body-less change).
const FORM_TYPES: [Option<&str>; 4] = [
    None,
    Some("application/x-www-form-urlencoded"),
    Some("text/plain"),
    Some("multipart/form-data; boundary=x"),
];

impl Attack {
    pub(super) async fn forms_from_other_sites(
        &mut self,
        operations: &[Operation],
        before: &Seen,
    ) -> anyhow::Result<()> {
        let document: Value = serde_json::from_str(
            &self.call(self.site.request(Method::GET, "/api/v1/openapi.json", None)).await?.body,
        )?;
        let admin = self.site.admin_cookie.clone();
        let mut changes = 0;
        for operation in operations.iter().filter(|operation| operation.method != Method::GET) {
            let documented =
                &document["paths"][&operation.template][operation.method.as_str().to_lowercase()];
            let from_widget = documented["tags"].as_array().into_iter().flatten().any(|tag| tag == "widget");
            if from_widget {
                continue;
            }
            changes += 1;
            let name = format!("{} {}", operation.method, operation.template);
            let declared = documented["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|parameter| parameter["in"] == "header" && parameter["name"] == CSRF_HEADER);
            self.check(declared && documented["responses"].get("403").is_some(), || {
                format!("{name} does not document the {CSRF_HEADER} header and its 403")
            });
            // The JSON as a form's text, the classic trick, with what does harm if let
            // through: the admin's own password, to change it.
            let body = match operation.template.as_str() {
                "/api/v1/account/password" => json!({
                    "current_password": self.site.admin_password,
                    "new_password": "a password the attacker knows",
                }),
                _ => operation.body.clone().unwrap_or(Value::Null),
            };
            for content_type in FORM_TYPES {
                let mut request = self
                    .site
                    .client
                    .request(operation.method.clone(), self.site.url(&operation.path))
                    .header("cookie", &admin);
                if let Some(content_type) = content_type {
                    request = request.header("content-type", content_type).body(body.to_string());
                }
                self.attempts += 1;
                let answer = self.call(request).await?;
                let code = serde_json::from_str::<ErrorBody>(&answer.body).map(|error| error.error.code).ok();
                self.check(
                    answer.status == StatusCode::FORBIDDEN && code == Some(ErrorCode::CsrfHeaderMissing),
                    || {
                        format!(
                            "{name} as a form ({content_type:?}) with the admin's cookie: {} {}",
                            answer.status, answer.body
                        )
                    },
                );
            }
        }
        self.check(changes >= 8, || format!("only {changes} changes in the document: is it complete?"));
        // Neither signed out nor given another password: the admin's session goes on, and
        // the password still opens a new one (which the checks of what changed then use).
        let me = self.call(self.site.request(Method::GET, "/api/v1/session", Some(&admin))).await?;
        self.check(me.status == StatusCode::OK, || format!("a form signed the admin out: {}", me.status));
        self.site.admin_cookie = self.site.login(ADMIN, &self.site.admin_password.clone()).await?;
        self.unchanged_since(before, "forms from other sites with the admin's cookie").await?;
        Ok(())
    }
}
