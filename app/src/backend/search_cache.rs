//! The public search's results, kept in memory per instance and thrown
//! away whenever any offer changes: every change of an offer (status,
//! content, index) bumps one counter in the database in the same
//! transaction, and each search first reads that counter (one tiny query),
//! so an instance never serves a page older than the last committed
//! change, whichever instance made it. Popular searches (the first page,
//! « soudeur », a commune) are then served without searching again.

use std::collections::HashMap;
use std::sync::Mutex;

use super::db::{Pool, Tx};
use super::repo::public_offers;
use crate::model::{PublicOffers, PublicQuery};

/// Searches kept at most (the oldest go when it is full).
const CAPACITY: usize = 1_000;

/// The results of one generation of the offers.
#[derive(Debug, Default)]
pub struct SearchCache(Mutex<Generation>);

#[derive(Debug, Default)]
struct Generation {
    number: i64,
    results: HashMap<String, PublicOffers>,
    order: Vec<String>,
}

/// Marks every cached search stale, in the transaction that changes an
/// offer.
pub async fn offers_changed(tx: &mut Tx) -> sqlx::Result<()> {
    sqlx::query("UPDATE search_generation SET generation = generation + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn generation(pool: &Pool) -> sqlx::Result<i64> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT generation FROM search_generation WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(row.map_or(0, |(g,)| g))
}

/// The key of a search: what it asks, trimmed.
fn key(q: &PublicQuery) -> String {
    [
        q.q.trim(),
        q.rome.trim(),
        q.commune.trim(),
        q.contract.trim(),
        q.epci.trim(),
        &q.page_number().to_string(),
    ]
    .join("\u{1f}")
}

impl SearchCache {
    /// The results of a search: from memory when no offer changed since
    /// they were found, else searched (and kept).
    pub async fn search(&self, pool: &Pool, query: &PublicQuery) -> sqlx::Result<PublicOffers> {
        let now = generation(pool).await?;
        let key = key(query);
        if let Ok(cache) = self.0.lock() {
            if cache.number == now {
                if let Some(hit) = cache.results.get(&key) {
                    return Ok(hit.clone());
                }
            }
        }
        let found = public_offers::search(pool, query).await?;
        if let Ok(mut cache) = self.0.lock() {
            if now < cache.number {
                // Found before a change another request already saw.
                return Ok(found);
            }
            if cache.number != now {
                *cache = Generation {
                    number: now,
                    ..Generation::default()
                };
            }
            if cache.order.len() >= CAPACITY {
                let oldest = cache.order.remove(0);
                cache.results.remove(&oldest);
            }
            if cache.results.insert(key.clone(), found.clone()).is_none() {
                cache.order.push(key);
            }
        }
        Ok(found)
    }
}
