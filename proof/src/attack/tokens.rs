//! API tokens that must open nothing: revoked, wrong, malformed, or sent in the query
//! string; a viewer's token gets 403 from every admin operation, and no token, not even the
//! admin's, manages tokens or accounts or changes a password (403 `session_required`). The
//! admin's token, the control, opens what it should.

use anyhow::ensure;
use pulse_core::admin::{ApiToken, CreatedApiToken, Role};
use pulse_core::api::{ErrorBody, ErrorCode};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::operations::Operation;
use super::roles::is_for_viewers;
use super::sessions::one_digit_changed;
use super::Attack;
use crate::site::{ADMIN, VIEWER};

const TOKENS: &str = "/api/v1/admin/tokens";

/// What a person signed in may do and no program: what grants access, and one's password.
const FOR_PERSONS: [(Method, &str); 6] = [
    (Method::GET, TOKENS),
    (Method::POST, TOKENS),
    (Method::DELETE, "/api/v1/admin/tokens/{token_id}"),
    (Method::POST, "/api/v1/admin/users"),
    (Method::DELETE, "/api/v1/admin/users/{email}"),
    (Method::PUT, "/api/v1/account/password"),
];

fn is_for_persons(operation: &Operation) -> bool {
    FOR_PERSONS.iter().any(|(method, template)| operation.method == method && operation.template == *template)
}

/// The site's API tokens, made by its admin; their secrets are told once, to the attack,
/// and must show nowhere else.
pub(super) struct Tokens {
    pub(super) admin: CreatedApiToken,
    viewer: String,
    revoked: String,
}

impl Tokens {
    pub(super) fn secrets(&self) -> [String; 3] {
        [self.admin.token.clone(), self.viewer.clone(), self.revoked.clone()]
    }
}

impl Attack {
    /// An admin's token, a viewer's, and one made and revoked at once.
    pub(super) async fn make_tokens(&mut self) -> anyhow::Result<Tokens> {
        let admin = self.make_token("Proof admin", Role::Admin).await?;
        let viewer = self.make_token("Proof viewer", Role::Viewer).await?;
        let revoked = self.make_token("Proof revoked", Role::Admin).await?;
        let cookie = self.site.admin_cookie.clone();
        let path = format!("{TOKENS}/{}", revoked.api_token.id);
        let revoke = self.call(self.site.request(Method::DELETE, &path, Some(&cookie))).await?;
        ensure!(revoke.status == StatusCode::NO_CONTENT, "revoking a token: {}", revoke.status);
        Ok(Tokens { admin, viewer: viewer.token, revoked: revoked.token })
    }

    /// Sent without [`Attack::call`]: this answer is the one place a secret may be.
    async fn make_token(&self, name: &str, role: Role) -> anyhow::Result<CreatedApiToken> {
        let request = self.site.request(Method::POST, TOKENS, Some(&self.site.admin_cookie));
        let answer = self.site.send(request.json(&json!({"name": name, "role": role}))).await?;
        ensure!(answer.status() == StatusCode::CREATED, "making the token {name}: {}", answer.status());
        Ok(answer.json().await?)
    }

    pub(super) async fn api_tokens(
        &mut self,
        operations: &[Operation],
        tokens: &Tokens,
    ) -> anyhow::Result<()> {
        let before = self.listed_tokens().await?;
        let admin = tokens.admin.token.clone();
        let refused = [
            ("a revoked token", format!("Bearer {}", tokens.revoked)),
            ("a random token", format!("Bearer pulse_{}", "7f".repeat(32))),
            ("the admin's token with one digit changed", format!("Bearer {}", one_digit_changed(&admin))),
            ("the admin's token in capitals", format!("Bearer {}", admin.to_uppercase())),
            ("no token", "Bearer".to_owned()),
            ("an injection", "Bearer pulse_' OR '1'='1".to_owned()),
        ];
        for operation in operations.iter().filter(|operation| operation.secured) {
            for (what, authorization) in &refused {
                let request = self.request(operation, None).header("authorization", authorization);
                self.refused_token(operation, what, request).await?;
            }
            // Logs and browser histories keep URLs: a token there counts for nothing.
            let separator = if operation.path.contains('?') { '&' } else { '?' };
            let path = format!("{}{separator}access_token={admin}", operation.path);
            let mut request = self.site.request(operation.method.clone(), &path, None);
            if let Some(body) = &operation.body {
                request = request.json(body);
            }
            self.refused_token(operation, "the admin's token in the query string", request).await?;
        }
        let for_viewers = operations.iter().filter(|operation| is_for_viewers(operation));
        for operation in for_viewers.filter(|operation| !is_for_persons(operation)) {
            let request = self.request(operation, None).bearer_auth(&tokens.viewer);
            self.as_viewer(operation, "with a viewer's API token", request).await?;
        }
        self.for_persons_only(operations, tokens).await?;
        // The control: the admin's token reads.
        let surveys = self.site.request(Method::GET, "/api/v1/admin/surveys", None).bearer_auth(&admin);
        let read = self.call(surveys).await?;
        self.check(read.status == StatusCode::OK, || {
            format!("the admin's token could not read: {}", read.status)
        });

        let after = self.listed_tokens().await?;
        self.check(
            after == before && after.iter().any(|token| token.id == tokens.admin.api_token.id),
            || format!("the refused tokens changed the list of tokens: {before:?} then {after:?}"),
        );
        Ok(())
    }

    /// The admin's token and the viewer's get 403 `session_required` from what grants access,
    /// aimed at harm: a token made by a token would outlive its maker's revocation, and
    /// deleting the viewer or adding an admin changes who may do what.
    async fn for_persons_only(&mut self, operations: &[Operation], tokens: &Tokens) -> anyhow::Result<()> {
        let found: Vec<&Operation> =
            operations.iter().filter(|operation| is_for_persons(operation)).collect();
        ensure!(found.len() == FOR_PERSONS.len(), "the document lists {} of {FOR_PERSONS:?}", found.len());
        for operation in found {
            for (whose, token) in [("the admin's", &tokens.admin.token), ("a viewer's", &tokens.viewer)] {
                let mut request =
                    self.site.request(operation.method.clone(), &operation.path.replace(ADMIN, VIEWER), None);
                if let Some(body) = &operation.body {
                    let mut body = body.clone();
                    if body.get("role").is_some() {
                        body["role"] = json!("admin");
                    }
                    request = request.json(&body);
                }
                self.attempts += 1;
                let answer = self.call(request.bearer_auth(token)).await?;
                let code = serde_json::from_str::<ErrorBody>(&answer.body).map(|error| error.error.code).ok();
                self.check(
                    answer.status == StatusCode::FORBIDDEN && code == Some(ErrorCode::SessionRequired),
                    || {
                        format!(
                            "{} {} with {whose} API token: {} {}",
                            operation.method, operation.template, answer.status, answer.body
                        )
                    },
                );
            }
        }
        Ok(())
    }

    /// 401 `unauthorized` with `WWW-Authenticate: Bearer`, and nothing but the error.
    async fn refused_token(
        &mut self,
        operation: &Operation,
        what: &str,
        request: reqwest::RequestBuilder,
    ) -> anyhow::Result<()> {
        self.attempts += 1;
        let answer = self.call(request).await?;
        let name = format!("{} {} with {what}", operation.method, operation.template);
        let code = serde_json::from_str::<ErrorBody>(&answer.body).map(|error| error.error.code).ok();
        self.check(
            answer.status == StatusCode::UNAUTHORIZED && code == Some(ErrorCode::Unauthorized),
            || format!("{name}: {} {}", answer.status, answer.body),
        );
        let challenge = answer.headers.get("www-authenticate").and_then(|value| value.to_str().ok());
        self.check(challenge.is_some_and(|challenge| challenge.starts_with("Bearer")), || {
            format!("{name}: WWW-Authenticate {challenge:?}")
        });
        Ok(())
    }

    async fn listed_tokens(&mut self) -> anyhow::Result<Vec<ApiToken>> {
        let cookie = self.site.admin_cookie.clone();
        let listed = self.call(self.site.request(Method::GET, TOKENS, Some(&cookie))).await?;
        ensure!(listed.status == StatusCode::OK, "listing the tokens: {}", listed.status);
        let mut tokens: Vec<ApiToken> = serde_json::from_str(&listed.body)?;
        // The one the control used moves; what must not change is which tokens there are.
        for token in &mut tokens {
            token.last_used_at = None;
        }
        Ok(tokens)
    }
}
