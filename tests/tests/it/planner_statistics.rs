//! The query planner's statistics. SQLite keeps none until something
//! analyses the tables: a database the server opens gets those of the
//! search tables (and its housekeeping round keeps them as the offers
//! grow, or as a migration remakes an index), so that a search walks the index that suits it; no other table
//! (their statistics slowed the dashboards down). PostgreSQL's autovacuum
//! keeps its own: there the call does nothing and must not fail.

use app::backend::db;
use tests::{engines, fresh_pool_at, Engine};

/// The rows of SQLite's statistics for the offers' place and job indexes.
async fn offer_index_statistics(pool: &db::Pool) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'offers' \
         AND idx IN ('offers_place', 'offers_job') ORDER BY idx",
    )
    .fetch_all(pool)
    .await
    .expect("statistics")
}

/// The number of rows SQLite's statistics give an index of the offers.
fn rows(stats: &[(String, String)], idx: &str) -> i64 {
    stats
        .iter()
        .find(|(name, _)| name == idx)
        .and_then(|(_, stat)| stat.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no statistics for {idx}: {stats:?}"))
}

/// Doubles the offers `times` times (copies of every column but the id).
async fn double_offers(pool: &db::Pool, times: usize) {
    let columns: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM pragma_table_info('offers') WHERE name <> 'id'")
            .fetch_all(pool)
            .await
            .expect("columns");
    let list = columns
        .into_iter()
        .map(|(c,)| c)
        .collect::<Vec<_>>()
        .join(", ");
    for _ in 0..times {
        sqlx::query(&format!(
            "INSERT INTO offers ({list}) SELECT {list} FROM offers"
        ))
        .execute(pool)
        .await
        .expect("copies");
    }
}

#[tokio::test]
async fn the_planner_gets_statistics_when_the_database_opens_and_as_offers_grow() {
    for engine in engines() {
        let (pool, url) = fresh_pool_at(engine).await.expect("pool");
        tests::bench_data::load_public_offers(&pool, 200)
            .await
            .expect("offers");
        if engine == Engine::Postgres {
            db::refresh_statistics(&pool).await.expect("no-op");
            tests::discard_database(pool, &url).await.expect("discard");
            continue;
        }
        // A database nobody analysed, as every SQLite file was before.
        sqlx::query("DELETE FROM sqlite_stat1")
            .execute(&pool)
            .await
            .expect("forget");
        pool.close().await;

        // The server opens it (a start or a restart).
        let pool = db::connect(&url).await.expect("reopen");
        let stats = offer_index_statistics(&pool).await;
        for idx in ["offers_job", "offers_place"] {
            assert!((100..1_000).contains(&rows(&stats, idx)), "{stats:?}");
        }
        let tables: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl")
                .fetch_all(&pool)
                .await
                .expect("tables");
        assert_eq!(
            tables.into_iter().map(|(t,)| t).collect::<Vec<_>>(),
            ["offer_words", "offers"]
        );
        // Nothing changed: nothing to do.
        assert!(!db::refresh_statistics(&pool).await.expect("refresh"));

        // A migration remakes an index: it gets its statistics.
        let mut tx = pool.begin().await.expect("tx");
        for sql in [
            "DROP INDEX offers_job",
            "CREATE INDEX offers_job ON offers(rome_code, published_at)",
        ] {
            sqlx::query(sql).execute(&mut *tx).await.expect("index");
        }
        tx.commit().await.expect("commit");
        assert!(db::refresh_statistics(&pool).await.expect("refresh"));
        let stats = offer_index_statistics(&pool).await;
        assert!(
            (100..1_000).contains(&rows(&stats, "offers_job")),
            "{stats:?}"
        );
        assert!(!db::refresh_statistics(&pool).await.expect("refresh"));

        // The offers grow 32-fold while it runs: the housekeeping round
        // analyses them again.
        double_offers(&pool, 5).await;
        assert!(db::refresh_statistics(&pool).await.expect("refresh"));
        let stats = offer_index_statistics(&pool).await;
        for idx in ["offers_job", "offers_place"] {
            assert!(rows(&stats, idx) >= 3_200, "{stats:?}");
        }
        tests::discard_database(pool, &url).await.expect("discard");
    }
}
