//! A viewer reads what marketers read and gets 403 `forbidden` from every change and
//! admin page.

use pulse_core::api::{ErrorBody, ErrorCode};
use reqwest::{Method, RequestBuilder, StatusCode};

use super::operations::Operation;
use super::Attack;

impl Attack {
    pub(super) async fn viewers(&mut self, operations: &[Operation]) -> anyhow::Result<()> {
        let cookie = self.site.viewer_cookie.clone();
        for operation in operations.iter().filter(|operation| is_for_viewers(operation)) {
            let request = self.request(operation, Some(&cookie));
            self.as_viewer(operation, "as a viewer", request).await?;
        }
        Ok(())
    }

    /// `request` sends `operation` with a viewer's credentials: 403 `forbidden` from an
    /// admin's operation, else 200.
    pub(super) async fn as_viewer(
        &mut self,
        operation: &Operation,
        what: &str,
        request: RequestBuilder,
    ) -> anyhow::Result<()> {
        let name = format!("{} {} {what}", operation.method, operation.template);
        let is_write = operation.method != Method::GET;
        self.check(!is_write || operation.admins_only, || {
            format!("{name}: it changes something but documents no 403")
        });
        let answer = self.call(request).await?;
        if operation.admins_only || is_write {
            self.attempts += 1;
            let code = serde_json::from_str::<ErrorBody>(&answer.body).map(|error| error.error.code).ok();
            self.check(answer.status == StatusCode::FORBIDDEN && code == Some(ErrorCode::Forbidden), || {
                format!("{name}: {} {}", answer.status, answer.body)
            });
        } else {
            self.check(answer.status == StatusCode::OK, || format!("{name}: {}", answer.status));
        }
        Ok(())
    }
}

/// Every operation that needs a session but changing one's own password, which is every
/// marketer's (`same_site` and the server's tests).
pub(super) fn is_for_viewers(operation: &Operation) -> bool {
    operation.secured && operation.template != "/api/v1/account/password"
}
