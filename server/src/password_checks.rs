//! Password checks as an attacker meets them: no more at once than the machine has cores
//! (each Argon2id check takes 19 MiB and tens of milliseconds of CPU), and none for an
//! account locked by its recent wrong passwords, from whatever addresses they came.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use pulse_core::limits::FREE_LOGIN_FAILURES as FREE_FAILURES;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The lock after the last free failure; each further wrong password doubles it.
const FIRST_LOCK: Duration = Duration::from_secs(60);
/// However many wrong passwords, the right person waits no longer than this.
const LONGEST_LOCK: Duration = Duration::from_secs(15 * 60);
/// A day without a wrong password forgets the earlier ones.
const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(24 * 3600);
/// How long a login waits for a free core before it is told to come back.
const QUEUE_WAIT: Duration = Duration::from_secs(2);
/// Accounts with failures remembered before those with only a few are forgotten. Each
/// failure costs a password check, so the accounts past their free failures stay few.
const REMEMBERED_ACCOUNTS: usize = 10_000;
/// Longer than any check takes: a check started earlier was cut off with its request.
const CHECK_LONGEST: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct PasswordChecks {
    running: Arc<Semaphore>,
    /// By a digest of the email, so that a long email costs no memory.
    failures: Arc<Mutex<HashMap<[u8; 32], Failures>>>,
}

/// An account's wrong passwords in a row, and the check of it under way, if any.
#[derive(Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
    checking_since: Option<Instant>,
}

impl Failures {
    /// From the first failure past the free ones, the account is locked after each one, for
    /// 1, 2, 4, 8, then 15 minutes.
    fn locked_until(self) -> Option<Instant> {
        let past_free = self.count.checked_sub(FREE_FAILURES)?;
        let lock = FIRST_LOCK.saturating_mul(2_u32.saturating_pow(past_free)).min(LONGEST_LOCK);
        Some(self.last + lock)
    }
}

impl PasswordChecks {
    /// Runs at most `at_once` checks at a time.
    pub fn new(at_once: usize) -> PasswordChecks {
        PasswordChecks { running: Arc::new(Semaphore::new(at_once)), failures: Arc::default() }
    }

    /// Runs `check` (does the password match the account's hash) off the request threads,
    /// once a core is free and unless the account is locked, and remembers a wrong one.
    pub async fn check(
        &self,
        account: &str,
        check: impl FnOnce() -> bool + Send + 'static,
    ) -> Result<bool, ApiError> {
        let _running = tokio::time::timeout(QUEUE_WAIT, self.running.acquire())
            .await
            .map_err(|_| ApiError::RateLimited { retry_after_seconds: 1 })?
            .map_err(anyhow::Error::from)?;
        let account = digest(account);
        // Only now, with a core held, and one check per account at a time: guesses sent
        // together cannot pass before the failures of those before them are counted.
        self.start_check(account, Instant::now())?;
        let matches = tokio::task::spawn_blocking(check).await.map_err(anyhow::Error::from)?;
        self.remember(account, matches, Instant::now());
        Ok(matches)
    }

    /// Refuses a locked account, or one whose password is being checked already (its
    /// outcome may lock it); else marks it as being checked.
    fn start_check(&self, account: [u8; 32], now: Instant) -> Result<(), ApiError> {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = failures.entry(account).or_insert(Failures { count: 0, last: now, checking_since: None });
        if let Some(until) = entry.locked_until().filter(|&until| until > now) {
            return Err(ApiError::RateLimited { retry_after_seconds: (until - now).as_secs() + 1 });
        }
        if entry.checking_since.is_some_and(|since| now.duration_since(since) < CHECK_LONGEST) {
            return Err(ApiError::RateLimited { retry_after_seconds: 1 });
        }
        entry.checking_since = Some(now);
        Ok(())
    }

    fn remember(&self, account: [u8; 32], matched: bool, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if matched {
            failures.remove(&account);
            return;
        }
        if failures.len() >= REMEMBERED_ACCOUNTS {
            // Flooding the table with new emails must not wipe an account's lock or its
            // climb to longer ones: only accounts still within their free failures go.
            failures.retain(|_, failures| {
                failures.checking_since.is_some_and(|since| now.duration_since(since) < CHECK_LONGEST)
                    || (failures.count >= FREE_FAILURES
                        && now.duration_since(failures.last) <= FORGET_FAILURES_AFTER)
            });
        }
        let failures =
            failures.entry(account).or_insert(Failures { count: 0, last: now, checking_since: None });
        failures.checking_since = None;
        if now.duration_since(failures.last) > FORGET_FAILURES_AFTER {
            failures.count = 0;
        }
        failures.count += 1;
        failures.last = now;
    }
}

fn digest(account: &str) -> [u8; 32] {
    Sha256::digest(account.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// When the account could be tried again; a check started to learn it is ended at once.
    fn retry_after(checks: &PasswordChecks, now: Instant) -> Option<u64> {
        let account = digest("ana@example.com");
        match checks.start_check(account, now) {
            Ok(()) => {
                checks.failures.lock().unwrap().get_mut(&account).unwrap().checking_since = None;
                None
            }
            Err(ApiError::RateLimited { retry_after_seconds }) => Some(retry_after_seconds),
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn an_account_is_locked_after_five_wrong_passwords_for_longer_each_time_up_to_15_minutes() {
        let checks = PasswordChecks::new(1);
        let mut now = Instant::now();
        for _ in 0..FREE_FAILURES - 1 {
            checks.remember(digest("ana@example.com"), false, now);
        }
        assert_eq!(retry_after(&checks, now), None);
        for minutes in [1, 2, 4, 8, 15, 15] {
            checks.remember(digest("ana@example.com"), false, now);
            assert_eq!(retry_after(&checks, now), Some(minutes * 60 + 1));
            assert_eq!(retry_after(&checks, now + Duration::from_secs(minutes * 60 - 1)), Some(2));
            assert!(checks.start_check(digest("bo@example.com"), now).is_ok());
            now += Duration::from_secs(minutes * 60);
            assert_eq!(retry_after(&checks, now), None, "the lock of {minutes} min has ended");
        }
        // The right password forgets the failures; so does a day without one.
        checks.remember(digest("ana@example.com"), true, now);
        checks.remember(digest("ana@example.com"), false, now);
        assert_eq!(retry_after(&checks, now), None);
        for _ in 0..FREE_FAILURES {
            checks.remember(digest("ana@example.com"), false, now);
        }
        now += FORGET_FAILURES_AFTER + FIRST_LOCK;
        checks.remember(digest("ana@example.com"), false, now);
        assert_eq!(retry_after(&checks, now), None);
    }

    #[test]
    fn an_account_is_checked_once_at_a_time_and_a_cut_off_check_is_forgotten() {
        let checks = PasswordChecks::new(2);
        let now = Instant::now();
        assert!(checks.start_check(digest("ana@example.com"), now).is_ok());
        let again = checks.start_check(digest("ana@example.com"), now);
        assert!(matches!(again, Err(ApiError::RateLimited { retry_after_seconds: 1 })));
        assert!(checks.start_check(digest("bo@example.com"), now).is_ok());
        // Its request was cut off: no outcome came, so the account is not held for ever.
        assert!(checks.start_check(digest("ana@example.com"), now + CHECK_LONGEST).is_ok());
    }

    #[test]
    fn a_flood_of_new_emails_does_not_wipe_a_lock_or_its_climb() {
        let checks = PasswordChecks::new(1);
        let now = Instant::now();
        for _ in 0..FREE_FAILURES {
            checks.remember(digest("ana@example.com"), false, now);
        }
        let after_lock = now + FIRST_LOCK;
        for flood in 0..REMEMBERED_ACCOUNTS {
            checks.remember(digest(&format!("flood{flood}@example.com")), false, after_lock);
        }
        // The first lock has ended; the next wrong password locks for twice as long.
        checks.remember(digest("ana@example.com"), false, after_lock);
        assert_eq!(retry_after(&checks, after_lock), Some(2 * 60 + 1));
    }

    #[tokio::test]
    async fn no_more_checks_run_at_once_than_allowed() {
        let checks = PasswordChecks::new(2);
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let logins = (0..8).map(|login| {
            let (checks, running, most) = (checks.clone(), running.clone(), most.clone());
            tokio::spawn(async move {
                let check = move || {
                    most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(50));
                    running.fetch_sub(1, Ordering::SeqCst);
                    true
                };
                checks.check(&format!("user{login}@example.com"), check).await
            })
        });
        for login in logins.collect::<Vec<_>>() {
            assert!(login.await.unwrap().unwrap());
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_login_that_waits_too_long_for_a_core_is_told_to_come_back() {
        let checks = PasswordChecks::new(1);
        let slow = checks.clone();
        let held = tokio::spawn(async move {
            slow.check("ana@example.com", || {
                std::thread::sleep(QUEUE_WAIT + Duration::from_millis(500));
                true
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        let waited = checks.check("bo@example.com", || true).await;
        assert!(matches!(waited, Err(ApiError::RateLimited { retry_after_seconds: 1 })));
        assert!(held.await.unwrap().unwrap());
    }
}
