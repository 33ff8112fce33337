//! A viewer reads what marketers read and gets 403 `forbidden` from every change and
//! admin page.

use pulse_core::api::{ErrorBody, ErrorCode};
use reqwest::{Method, StatusCode};

use super::operations::Operation;
use super::Attack;

impl Attack {
    pub(super) async fn viewers(&mut self, operations: &[Operation]) -> anyhow::Result<()> {
        // Changing one's own password is every marketer's (`same_site` and the server's tests).
        let for_admins =
            |operation: &&Operation| operation.secured && operation.template != "/api/v1/account/password";
        for operation in operations.iter().filter(for_admins) {
            self.viewer(operation).await?;
        }
        Ok(())
    }

    async fn viewer(&mut self, operation: &Operation) -> anyhow::Result<()> {
        let name = format!("{} {}", operation.method, operation.template);
        let is_write = operation.method != Method::GET;
        self.check(!is_write || operation.admins_only, || {
            format!("{name} changes something but documents no 403")
        });
        let cookie = self.site.viewer_cookie.clone();
        let answer = self.call(self.request(operation, Some(&cookie))).await?;
        if operation.admins_only || is_write {
            self.attempts += 1;
            let code = serde_json::from_str::<ErrorBody>(&answer.body).map(|error| error.error.code).ok();
            self.check(answer.status == StatusCode::FORBIDDEN && code == Some(ErrorCode::Forbidden), || {
                format!("{name} as a viewer: {} {}", answer.status, answer.body)
            });
        } else {
            self.check(answer.status == StatusCode::OK, || format!("{name} as a viewer: {}", answer.status));
        }
        Ok(())
    }
}
