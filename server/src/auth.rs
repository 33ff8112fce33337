//! Who is asking: marketers' passwords, session tokens and the cookie that carries them,
//! and the extractors that let a handler require a signed-in marketer or an admin.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use password_hash::rand_core::{OsRng, RngCore};
use password_hash::SaltString;
use pulse_core::admin::{Role, User};
use sha2::{Digest, Sha256};

pub use pulse_core::api::SESSION_COOKIE;

use crate::error::ApiError;
use crate::AppState;

/// Argon2id with the crate's default cost (19 MiB, 2 passes), as OWASP recommends.
pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A new session token: 256 random bits, as hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the database keeps of a token, so that reading the table opens no session.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `Set-Cookie` for a session: unreadable by scripts, never sent by other sites.
pub fn session_cookie(token: &str, max_age_seconds: u64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}")
}

/// The session token in the request's `Cookie` header, if any.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find_map(|(name, value)| (name == SESSION_COOKIE).then_some(value))
}

/// A signed-in marketer, admin or viewer; 401 without a valid session.
pub struct Marketer(pub User);

/// A signed-in admin; 401 without a session, 403 for a viewer.
pub struct Admin(pub User);

impl FromRequestParts<AppState> for Marketer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let user = state.db.session_user(&token_hash(token)).await?;
        user.map(Marketer).ok_or(ApiError::Unauthorized)
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Marketer(user) = Marketer::from_request_parts(parts, state).await?;
        match user.role {
            Role::Admin => Ok(Admin(user)),
            Role::Viewer => Err(ApiError::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn a_password_verifies_against_its_argon2id_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horsE", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (one, two) = (new_token(), new_token());
        assert_eq!(one.len(), 64);
        assert_ne!(one, two);
        assert_ne!(token_hash(&one), one);
        assert_eq!(token_hash(&one), token_hash(&one));
    }

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark; pulse_session=abc; x=y"));
        assert_eq!(session_token(&headers), Some("abc"));
        headers.insert(header::COOKIE, HeaderValue::from_static("pulse_session_old=abc"));
        assert_eq!(session_token(&headers), None);
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site_strict() {
        let cookie = session_cookie("abc", 60, false);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        assert!(!cookie.contains("Secure"));
        assert!(session_cookie("abc", 60, true).ends_with("; Secure"));
    }
}
