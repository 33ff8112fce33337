//! Who is asking: marketers' passwords, session tokens and the cookie that carries them,
//! programs' API tokens, and the extractors that let a handler require a signed-in
//! marketer (or a program) or an admin, or a person and not a program.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use password_hash::rand_core::{OsRng, RngCore};
use password_hash::SaltString;
use pulse_core::admin::{Role, User, API_TOKEN_PREFIX};
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

/// A new API token: [`API_TOKEN_PREFIX`] and 256 random bits, as hex.
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", new_token())
}

/// Whether `token` has the shape of an API token: those that do not are refused without
/// a lookup.
fn is_api_token(token: &str) -> bool {
    token.strip_prefix(API_TOKEN_PREFIX).is_some_and(|hex| {
        hex.len() == 64 && hex.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// What the database keeps of a token, so that reading the table opens no session.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token)
}

/// The SHA-256 of `text`, in hexadecimal.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
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

/// The token of the request's `Authorization: Bearer` header, as sent (maybe empty or
/// malformed), if it has one. Other schemes are left alone: they are for whatever stands in
/// front of Pulse (a proxy asking for a password), and browsers send them by themselves.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = match value.iter().position(|byte| *byte == b' ') {
        Some(space) => (&value[..space], &value[space + 1..]),
        None => (value, &[][..]),
    };
    scheme.eq_ignore_ascii_case(b"bearer").then(|| std::str::from_utf8(token).unwrap_or_default().trim())
}

/// A signed-in marketer, admin or viewer, or a program with an API token acting for the
/// admin who made it; 401 without a valid session or token.
///
/// A request with an `Authorization: Bearer` header is judged by that token alone, its
/// cookie ignored: a program gets exactly its token's rights, and a wrong or revoked token
/// is refused even from a browser that is signed in. Wrong tokens are not rate limited: 256
/// random bits cannot be guessed, each costs one lookup by primary key as a session does,
/// and counting them against the logins of the client's address would let a program with
/// a revoked token lock out the people behind the same address.
pub struct Marketer(pub User);

/// A signed-in admin, or a program with an admin's API token; 401 without a session or
/// token, 403 for a viewer or a viewer's token.
pub struct Admin(pub User);

/// A marketer signed in with the session cookie, and that session's token hash: for what
/// a person does to their own account, never a program (403 with a valid API token, 401
/// with another).
pub struct SignedIn {
    pub user: User,
    pub session: String,
}

/// An admin signed in with the session cookie: for what grants access (API tokens and
/// accounts), never a program, so that a token can neither make a token that outlives its
/// own revocation nor an account; 403 with a valid API token or for a viewer.
pub struct SessionAdmin(pub User);

impl FromRequestParts<AppState> for Marketer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match bearer_token(&parts.headers) {
            Some(token) => token_user(token, state).await.map(Marketer),
            None => Ok(Marketer(signed_in(&parts.headers, state).await?.user)),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(token) = bearer_token(&parts.headers) {
            // A wrong or revoked token is told so, as everywhere; a valid one is no person.
            token_user(token, state).await?;
            return Err(ApiError::SessionRequired);
        }
        signed_in(&parts.headers, state).await
    }
}

/// Who the API token acts for; 401 for a wrong or revoked one.
async fn token_user(token: &str, state: &AppState) -> Result<User, ApiError> {
    if !is_api_token(token) {
        return Err(ApiError::InvalidToken);
    }
    state.db.api_token_user(&token_hash(token)).await?.ok_or(ApiError::InvalidToken)
}

/// Who the session cookie is of; 401 without a valid one.
async fn signed_in(headers: &HeaderMap, state: &AppState) -> Result<SignedIn, ApiError> {
    let token = session_token(headers).ok_or(ApiError::Unauthorized)?;
    let session = token_hash(token);
    let user = state.db.session_user(&session).await?.ok_or(ApiError::Unauthorized)?;
    Ok(SignedIn { user, session })
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Marketer(user) = Marketer::from_request_parts(parts, state).await?;
        admin(user).map(Admin)
    }
}

impl FromRequestParts<AppState> for SessionAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let SignedIn { user, .. } = SignedIn::from_request_parts(parts, state).await?;
        admin(user).map(SessionAdmin)
    }
}

fn admin(user: User) -> Result<User, ApiError> {
    match user.role {
        Role::Admin => Ok(user),
        Role::Viewer => Err(ApiError::Forbidden),
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
    fn api_tokens_are_recognisable_and_random() {
        let (one, two) = (new_api_token(), new_api_token());
        assert!(one.starts_with("pulse_") && is_api_token(&one));
        assert_ne!(one, two);
        assert!(!is_api_token(&new_token()));
        assert!(!is_api_token(&one.to_uppercase()));
        assert!(!is_api_token(&one[..one.len() - 1]));
        assert!(!is_api_token(&format!("{one}0")));
    }

    #[test]
    fn the_bearer_token_is_read_from_the_authorization_header_only() {
        let bearer = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            bearer_token(&headers).map(str::to_owned)
        };
        assert_eq!(bearer("Bearer pulse_abc").as_deref(), Some("pulse_abc"));
        assert_eq!(bearer("bearer  pulse_abc ").as_deref(), Some("pulse_abc"));
        assert_eq!(bearer("Bearer").as_deref(), Some(""));
        assert_eq!(bearer("Basic YW5hOnNlY3JldA=="), None);
        assert_eq!(bearer("Bearerpulse_abc"), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
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
