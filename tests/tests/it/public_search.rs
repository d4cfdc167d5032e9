//! The public search where words are common: thousands of public offers,
//! a page read newest first must show what listing every match shows.

use app::backend::repo::public_offers;
use app::model::{PublicQuery, PUBLIC_PAGE_SIZE};
use tests::{engines, fresh_pool};

/// The public offers holding words starting with each of `prefixes`,
/// newest first, one page of them, read the plain way (every match, then
/// sorted).
async fn expected(pool: &app::backend::db::Pool, prefixes: &[&str], page: i64) -> Vec<i64> {
    let mut sql = String::from(
        "SELECT o.id FROM offers o WHERE o.status = 'published' AND o.publish_consent = 1",
    );
    for k in 0..prefixes.len() {
        sql.push_str(&format!(
            " AND o.id IN (SELECT offer_id FROM offer_words WHERE term >= ${} AND term < ${})",
            2 * k + 1,
            2 * k + 2
        ));
    }
    sql.push_str(&format!(
        " ORDER BY o.published_at DESC, o.id DESC LIMIT {PUBLIC_PAGE_SIZE} OFFSET {}",
        (page - 1) * PUBLIC_PAGE_SIZE
    ));
    let mut query = sqlx::query_as::<_, (i64,)>(&sql);
    for prefix in prefixes {
        query = query
            .bind(prefix.to_string())
            .bind(format!("{prefix}\u{10FFFF}"));
    }
    let rows = query.fetch_all(pool).await.expect("expected page");
    rows.into_iter().map(|(id,)| id).collect()
}

#[tokio::test]
async fn pages_of_a_common_word_are_the_newest_matches() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        // « poste » in six offers out of seven: more than listing every
        // match costs, fewer than the count's cap (the last page is short).
        tests::bench_data::load_public_offers(&pool, 9_010)
            .await
            .expect("offers");
        sqlx::query("DELETE FROM offer_words WHERE term = 'poste' AND offer_id % 7 = 0")
            .execute(&pool)
            .await
            .expect("words");
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(DISTINCT offer_id) FROM offer_words WHERE term = 'poste'")
                .fetch_one(&pool)
                .await
                .expect("count");
        assert!(n > 7_000 && n < 8_000);
        let pages = (n + PUBLIC_PAGE_SIZE - 1) / PUBLIC_PAGE_SIZE;
        for page in [1, 2, 200, pages] {
            let query = PublicQuery {
                q: "Poste".into(),
                page: page.to_string(),
                ..PublicQuery::default()
            };
            let found = public_offers::search(&pool, &query).await.expect("search");
            assert_eq!(found.total, n, "{engine:?}");
            assert!(!found.capped);
            assert_eq!(found.pages, pages);
            let ids: Vec<i64> = found.offers.iter().map(|l| l.offer.id).collect();
            assert_eq!(
                ids,
                expected(&pool, &["poste"], page).await,
                "{engine:?} page {page}"
            );
            let want = if page == pages {
                n - (pages - 1) * PUBLIC_PAGE_SIZE
            } else {
                20
            };
            assert_eq!(ids.len() as i64, want, "{engine:?} page {page}");
        }
        // Two words, one of them in one offer out of ten: few matches,
        // listed.
        let query = PublicQuery {
            q: "poste soudeur".into(),
            ..PublicQuery::default()
        };
        let found = public_offers::search(&pool, &query).await.expect("search");
        assert!(found.total > 700 && found.total < 901, "{engine:?}");
        let ids: Vec<i64> = found.offers.iter().map(|l| l.offer.id).collect();
        assert_eq!(
            ids,
            expected(&pool, &["poste", "soudeur"], 1).await,
            "{engine:?}"
        );
    }
}
