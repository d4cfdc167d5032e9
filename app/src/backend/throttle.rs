//! Counters that slow down guessing and flooding, kept in the database so
//! that every server instance sees the same counts: sign-in failures per
//! account and per client address (with a growing lock-out), and the
//! public forms that e-mail any address given, per address and per e-mail.

use crate::backend::db::{now, Pool};

/// The key of an e-mail address's counter: its hash, so that the table
/// holds no address.
pub fn email_key(kind: &str, email: &str) -> String {
    format!("{kind}:email:{}", crate::backend::token::hash(email))
}

/// At most `max` hits per `window_secs`.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: i64,
    pub window_secs: i64,
}

/// Counts one hit on `key`; `Err(retry_after_secs)` when the window's
/// count goes past the limit.
pub async fn hit(pool: &Pool, key: &str, limit: Limit) -> sqlx::Result<Result<(), i64>> {
    let at = now();
    let (hits, window_start): (i64, i64) = sqlx::query_as(
        "INSERT INTO throttles (key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN throttles.window_start <= $3 THEN 1 ELSE throttles.hits + 1 END, \
           window_start = CASE WHEN throttles.window_start <= $3 THEN $2 ELSE throttles.window_start END \
         RETURNING hits, window_start",
    )
    .bind(key)
    .bind(at)
    .bind(at - limit.window_secs)
    .fetch_one(pool)
    .await?;
    if hits > limit.max {
        Ok(Err((window_start + limit.window_secs - at).max(1)))
    } else {
        Ok(Ok(()))
    }
}

/// Seconds left on the lock-out of `key`, if it is locked.
pub async fn locked_for(pool: &Pool, key: &str) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT locked_until FROM throttles WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await?;
    let at = now();
    Ok(row.map(|(until,)| until - at).filter(|left| *left > 0))
}

/// Failures allowed before a key is locked out, and the first lock-out.
#[derive(Clone, Copy, Debug)]
pub struct LockOut {
    pub free_failures: i64,
    pub window_secs: i64,
    pub first_lock_secs: i64,
    pub max_lock_secs: i64,
}

/// The lock-out after `failures` failures: none within the free ones, then
/// doubling from the first lock-out up to the longest.
pub fn lock_secs(rule: LockOut, failures: i64) -> i64 {
    if failures < rule.free_failures {
        return 0;
    }
    let doublings = (failures - rule.free_failures).clamp(0, 20);
    (rule.first_lock_secs << doublings).min(rule.max_lock_secs)
}

/// Records a failure on `key`; returns the number of failures in the
/// window and the lock-out it set (0 for none).
pub async fn fail(pool: &Pool, key: &str, rule: LockOut) -> sqlx::Result<(i64, i64)> {
    let over = hit(
        pool,
        key,
        Limit {
            max: i64::MAX,
            window_secs: rule.window_secs,
        },
    )
    .await?;
    debug_assert!(over.is_ok());
    let (failures,): (i64,) = sqlx::query_as("SELECT hits FROM throttles WHERE key = $1")
        .bind(key)
        .fetch_one(pool)
        .await?;
    let lock = lock_secs(rule, failures);
    if lock > 0 {
        sqlx::query("UPDATE throttles SET locked_until = $1 WHERE key = $2")
            .bind(now() + lock)
            .bind(key)
            .execute(pool)
            .await?;
    }
    Ok((failures, lock))
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(pool: &Pool, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM throttles WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Drops the counters whose window and lock-out are long over.
pub async fn purge(pool: &Pool, older_than_secs: i64) -> sqlx::Result<u64> {
    let at = now();
    let done = sqlx::query("DELETE FROM throttles WHERE window_start < $1 AND locked_until < $2")
        .bind(at - older_than_secs)
        .bind(at)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_outs_grow_then_cap() {
        let rule = LockOut {
            free_failures: 5,
            window_secs: 900,
            first_lock_secs: 30,
            max_lock_secs: 3600,
        };
        assert_eq!(lock_secs(rule, 4), 0);
        assert_eq!(lock_secs(rule, 5), 30);
        assert_eq!(lock_secs(rule, 6), 60);
        assert_eq!(lock_secs(rule, 7), 120);
        assert_eq!(lock_secs(rule, 30), 3600);
    }
}
