//! The public search at some scale: thousands of public offers. Whichever
//! way a page is read (words probed newest first, matches found through
//! the place and job indexes and sorted, public offers walked newest
//! first), it must show what the plain reading of every offer shows.

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

/// The public offers meeting `condition`, newest first, one page of them,
/// read the plain way.
async fn expected_where(pool: &app::backend::db::Pool, condition: &str, page: i64) -> Vec<i64> {
    let sql = format!(
        "SELECT o.id FROM offers o WHERE o.status = 'published' AND o.publish_consent = 1 \
         AND {condition} ORDER BY o.published_at DESC, o.id DESC LIMIT {PUBLIC_PAGE_SIZE} OFFSET {}",
        (page - 1) * PUBLIC_PAGE_SIZE
    );
    let rows: Vec<(i64,)> = sqlx::query_as(&sql)
        .fetch_all(pool)
        .await
        .expect("expected page");
    rows.into_iter().map(|(id,)| id).collect()
}

#[tokio::test]
async fn searches_by_place_and_job_show_the_newest_matches() {
    for engine in engines() {
        let pool = fresh_pool(engine).await.expect("pool");
        // 14 offers in 14,000 are Ébéniste (H2207) in Arras; those of
        // Bruay (Cariste, Boulanger) stay there and the others move to
        // Béthune, which then holds more than the count's cap. Publication
        // instants no longer follow the ids.
        tests::bench_data::load_public_offers(&pool, 14_000)
            .await
            .expect("offers");
        for sql in [
            "UPDATE offers SET commune_insee = '62119' WHERE commune_insee NOT IN ('62041', '62178')",
            "UPDATE offers SET published_at = published_at + (id * 7919) % 5000",
        ] {
            sqlx::query(sql).execute(&pool).await.expect("update");
        }
        let search = |rome: &str, commune: &str, contract: &str, q: &str, page: i64| PublicQuery {
            q: q.into(),
            rome: rome.into(),
            commune: commune.into(),
            contract: contract.into(),
            page: page.to_string(),
            ..PublicQuery::default()
        };
        assert_eq!(
            sqlx::query_as::<_, (i64,)>(
                "SELECT COUNT(*) FROM offers WHERE commune_insee = '62041'"
            )
            .fetch_one(&pool)
            .await
            .expect("Arras")
            .0,
            14
        );
        let arras = "o.commune_insee = '62041'";
        let bethune = "o.commune_insee = '62119'";
        let bethune_cdi = "o.commune_insee = '62119' AND o.contract_type = 'cdi'";
        let cases = [
            // (what is asked, the plain condition, capped, neighbours shown)
            (search("H2207", "", "", "", 1), arras, false, false),
            (search("", "Arras", "", "", 1), arras, false, false),
            (
                search("", "Béthune", "cdi", "", 2),
                bethune_cdi,
                false,
                false,
            ),
            (search("", "Béthune", "", "", 1), bethune, true, false),
            (search("", "Béthune", "", "", 3), bethune, true, false),
            // No Menuisier (H2206) in Arras: its neighbours, the Ébénistes.
            (search("H2206", "Arras", "", "", 1), arras, false, true),
            (search("", "Arras", "", "menuisier", 1), arras, false, true),
            // No wood job at all in Bruay, neighbours included.
            (
                search("ébéniste", "Bruay-la-Buissière", "", "", 1),
                "1 = 0",
                false,
                false,
            ),
        ];
        // A word in every offer (« poste », « cariste » in Bruay) with a
        // commune or a job that holds fewer offers: they lead, the word's
        // offers are checked against theirs. A word no commoner leads.
        let word =
            |w: &str| format!("o.id IN (SELECT offer_id FROM offer_words WHERE term LIKE '{w}%')");
        let arras_poste = format!("{arras} AND {}", word("poste"));
        let bruay_cariste = format!(
            "o.commune_insee = '62178' AND o.contract_type = 'interim' AND {}",
            word("cariste")
        );
        let arras_ebeniste = format!("{arras} AND {}", word("ebeniste"));
        let led = [
            (
                search("", "Arras", "", "poste", 1),
                arras_poste.as_str(),
                true,
            ),
            (
                search("H2207", "", "", "Poste", 1),
                arras_poste.as_str(),
                true,
            ),
            // No Cariste on « intérim » in Bruay, nor any neighbour.
            (
                search("", "Bruay-la-Buissière", "interim", "cariste", 1),
                bruay_cariste.as_str(),
                true,
            ),
            (
                search("", "Arras", "", "ébéniste", 1),
                arras_ebeniste.as_str(),
                false,
            ),
        ];
        for (query, _, follow) in &led {
            assert_eq!(
                public_offers::words_follow_place_or_job(&pool, query)
                    .await
                    .expect("lead"),
                *follow,
                "{engine:?} {query:?}"
            );
        }
        let cases = cases.into_iter().chain(
            led.into_iter()
                .map(|(query, condition, _)| (query, condition, false, false)),
        );
        for (query, condition, capped, related) in cases {
            check(&pool, engine, &query, condition, capped, related).await;
        }
        // « poste » in every offer: more than the count's cap, found among
        // the newest offers. Then in the 9,000 newest only: those sampled
        // show it in every offer, yet fewer than the cap hold it.
        let poste = word("poste");
        check(
            &pool,
            engine,
            &search("", "", "", "poste", 1),
            &poste,
            true,
            false,
        )
        .await;
        sqlx::query("DELETE FROM offer_words WHERE term = 'poste' AND offer_id IN (SELECT id FROM offers ORDER BY published_at, id LIMIT 5000)")
            .execute(&pool)
            .await
            .expect("words");
        for page in [1, 300] {
            check(
                &pool,
                engine,
                &search("", "", "", "poste", page),
                &poste,
                false,
                false,
            )
            .await;
        }
    }
}

/// Checks a search's total, cap, neighbours and page against a plain
/// reading of every offer meeting `condition`.
async fn check(
    pool: &app::backend::db::Pool,
    engine: tests::Engine,
    query: &PublicQuery,
    condition: &str,
    capped: bool,
    related: bool,
) {
    let page = query.page_number();
    let found = public_offers::search(pool, query).await.expect("search");
    let what = format!("{engine:?} {query:?}");
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM offers o WHERE o.status = 'published' \
         AND o.publish_consent = 1 AND {condition}"
    ))
    .fetch_one(pool)
    .await
    .expect("count");
    assert_eq!(found.total, n.min(public_offers::COUNT_CAP), "{what}");
    assert_eq!(found.capped, capped, "{what}");
    assert_eq!(found.related, related, "{what}");
    let ids: Vec<i64> = found.offers.iter().map(|l| l.offer.id).collect();
    assert_eq!(ids, expected_where(pool, condition, page).await, "{what}");
    assert_eq!(ids.is_empty(), n == 0, "{what}");
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

/// PostgreSQL counts the public offers of a commune (and contract) or of
/// a job from its covering indexes alone (migration 0038): it does not
/// fetch each offer to check that it is public (at 1,000,000 offers,
/// 33,333 offers fetched to count none for « cariste » at Bruay on
/// « intérim »). The counts are written as `public_offers::search` writes
/// them.
#[tokio::test]
async fn postgres_counts_public_offers_from_the_index_alone() {
    if !engines().contains(&tests::Engine::Postgres) {
        return;
    }
    let pool = fresh_pool(tests::Engine::Postgres).await.expect("pool");
    tests::bench_data::load_public_offers(&pool, 14_000)
        .await
        .expect("offers");
    // As autovacuum leaves a table that has grown: statistics, and the
    // pages marked all visible.
    sqlx::query("VACUUM ANALYZE offers")
        .execute(&pool)
        .await
        .expect("vacuum");
    let public = "o.status = 'published' AND o.publish_consent = 1";
    let word =
        "o.id IN (SELECT offer_id FROM offer_words WHERE term >= 'cariste' AND term < 'caristf')";
    for (index, condition) in [
        (
            "offers_public_place",
            format!("o.commune_insee IN ('62178') AND o.contract_type = 'interim' AND {word}"),
        ),
        (
            "offers_public_place",
            "o.commune_insee IN ('62119') AND o.contract_type = 'cdi'".to_owned(),
        ),
        ("offers_public_job", "o.rome_code IN ('H2206')".to_owned()),
    ] {
        let sql = format!(
            "EXPLAIN SELECT COUNT(*) FROM (SELECT 1 FROM offers o WHERE {public} AND {condition} \
             LIMIT 10001) AS capped"
        );
        let plan: Vec<(String,)> = sqlx::query_as(&sql).fetch_all(&pool).await.expect("plan");
        let plan: Vec<String> = plan.into_iter().map(|(line,)| line).collect();
        assert!(
            plan.iter()
                .any(|l| l.contains(&format!("Index Only Scan using {index} on offers"))),
            "{condition}: {plan:#?}"
        );
    }
}
