//! The operations of the live OpenAPI document, each filled in with the site's own survey,
//! answer, admin and API token: the requests the other checks send without a session, as
//! a viewer or from another site.

use anyhow::{ensure, Context};
use pulse_core::webhook::CreatedWebhook;
use reqwest::Method;
use serde_json::{json, Value};

use super::Attack;
use crate::site::{ADMIN, SURVEY};

/// One operation of the OpenAPI document, its path filled in with the site's own survey,
/// answer, admin and API token, and its body the document's example: a request that does
/// harm if let through.
pub(super) struct Operation {
    pub(super) method: Method,
    pub(super) template: String,
    pub(super) path: String,
    pub(super) body: Option<Value>,
    pub(super) secured: bool,
    /// Documents 403: admins only.
    pub(super) admins_only: bool,
}

impl Attack {
    /// A webhook of the site's survey for the operations to name, sending to a closed port.
    pub(super) async fn make_webhook(&mut self) -> anyhow::Result<String> {
        let path = format!("/api/v1/admin/surveys/{SURVEY}/webhooks");
        let request = self.site.request(Method::POST, &path, Some(&self.site.admin_cookie));
        let body = json!({"url": "http://127.0.0.1:9/proof", "events": ["response.created"]});
        let answer = self.site.send(request.json(&body)).await?;
        ensure!(answer.status() == reqwest::StatusCode::CREATED, "making a webhook: {}", answer.status());
        let created: CreatedWebhook = answer.json().await?;
        Ok(created.webhook.id)
    }

    /// The operations of the live document; `token_id` is the API token they name, and
    /// `webhook_id` the webhook.
    pub(super) async fn operations(
        &mut self,
        token_id: &str,
        webhook_id: &str,
    ) -> anyhow::Result<Vec<Operation>> {
        let document: Value = serde_json::from_str(
            &self.call(self.site.request(Method::GET, "/api/v1/openapi.json", None)).await?.body,
        )?;
        let answer_id = self.site.answers[0].id.clone();
        let mut operations = Vec::new();
        for (template, methods) in document["paths"].as_object().context("no paths in the document")? {
            for (method, operation) in methods.as_object().context("no methods")? {
                let mut path = template
                    .replace("{survey_id}", SURVEY)
                    .replace("{response_id}", &answer_id)
                    .replace("{email}", ADMIN)
                    .replace("{token_id}", token_id)
                    .replace("{webhook_id}", webhook_id);
                ensure!(!path.contains('{'), "no value to fill {template} with");
                let required: Vec<&str> = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|parameter| parameter["in"] == "query" && parameter["required"] == true)
                    .filter_map(|parameter| parameter["name"].as_str())
                    .collect();
                // Deleting by an attribute the site's answers carry.
                let values = [("attribute", "plan"), ("value", "pro")];
                let query: Vec<String> = required
                    .iter()
                    .map(|name| {
                        let value = values.iter().find(|(known, _)| known == name).map(|(_, value)| *value);
                        value
                            .map(|value| format!("{name}={value}"))
                            .context(format!("no value for {name} in {template}"))
                    })
                    .collect::<anyhow::Result<_>>()?;
                if !query.is_empty() {
                    path = format!("{path}?{}", query.join("&"));
                }
                let mut body = operation["requestBody"]["content"]["application/json"]["example"].clone();
                if method == "put" && body.get("id").is_some() {
                    body["id"] = json!(SURVEY);
                }
                let security = operation["security"].as_array().into_iter().flatten();
                operations.push(Operation {
                    method: method.to_uppercase().parse()?,
                    template: template.clone(),
                    path,
                    body: (!body.is_null()).then_some(body),
                    // Every admin operation, documented as needing a session or not.
                    secured: template.starts_with("/api/v1/admin/")
                        || security.into_iter().any(|scheme| scheme.get("session").is_some()),
                    admins_only: operation["responses"].get("403").is_some(),
                });
            }
        }
        Ok(operations)
    }

    pub(super) fn request(&self, operation: &Operation, cookie: Option<&str>) -> reqwest::RequestBuilder {
        let request = self.site.request(operation.method.clone(), &operation.path, cookie);
        match &operation.body {
            Some(body) => request.json(body),
            None => request,
        }
    }
}
