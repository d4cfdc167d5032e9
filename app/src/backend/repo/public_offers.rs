//! The public side of offers: the word index behind the public search, the
//! search itself, and one public offer. Only published offers whose company
//! agreed to public publication ever come out of here.

use crate::backend::clock;
use crate::backend::db::{self, Backend, Pool, Tx};
use crate::backend::rome;
use crate::model::text::words;
use crate::model::{OfferDetail, PublicOfferLine, PublicOffers, PublicQuery, PUBLIC_PAGE_SIZE};

use super::offers::{self, OfferRow, SUMMARY_SELECT};

/// Most words indexed per offer.
const MAX_WORDS: usize = 1500;
/// Most words of a query taken into account.
const MAX_QUERY_WORDS: usize = 6;

const PUBLIC: &str = "o.status = 'published' AND o.publish_consent = 1";

/// Rebuilds the search words of an offer: its title, job, description,
/// company and commune while it is public; none otherwise. Cached searches
/// go stale with the transaction.
pub async fn reindex(tx: &mut Tx, offer_id: i64) -> sqlx::Result<()> {
    crate::backend::search_cache::offers_changed(tx).await?;
    index_words(tx, offer_id).await
}

/// The search words of one offer, rebuilt.
async fn index_words(tx: &mut Tx, offer_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM offer_words WHERE offer_id = $1")
        .bind(offer_id)
        .execute(&mut **tx)
        .await?;
    let row: Option<(String, Option<String>, String, String, String)> = sqlx::query_as(&format!(
        "SELECT o.title, o.rome_code, o.description, co.name, cm.name FROM offers o \
         JOIN companies co ON co.id = o.company_id JOIN communes cm ON cm.insee = o.commune_insee \
         WHERE o.id = $1 AND {PUBLIC}"
    ))
    .bind(offer_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((title, rome_code, description, company, commune)) = row else {
        return Ok(());
    };
    // The job's label, code and every title people use for it.
    let job = rome_code
        .as_deref()
        .and_then(rome::job)
        .map(|j| {
            format!(
                "{} {} {}",
                j.label,
                j.code,
                rome::appellations(&j.code).join(" ")
            )
        })
        .unwrap_or_default();
    let text = format!("{title} {job} {company} {commune} {description}");
    for term in words(&text).into_iter().take(MAX_WORDS) {
        sqlx::query("INSERT INTO offer_words (term, offer_id) VALUES ($1, $2)")
            .bind(term)
            .bind(offer_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Indexes the public offers that have no search words yet (after an
/// upgrade of the index, which empties it); returns how many.
pub async fn reindex_missing(pool: &Pool) -> sqlx::Result<usize> {
    let ids: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT o.id FROM offers o WHERE {PUBLIC} \
         AND NOT EXISTS (SELECT 1 FROM offer_words w WHERE w.offer_id = o.id) ORDER BY o.id"
    ))
    .fetch_all(pool)
    .await?;
    for chunk in ids.chunks(200) {
        let mut tx = crate::backend::db::begin(pool).await?;
        // One mark of staleness per batch, not one per offer.
        crate::backend::search_cache::offers_changed(&mut tx).await?;
        for (id,) in chunk {
            index_words(&mut tx, *id).await?;
        }
        tx.commit().await?;
    }
    Ok(ids.len())
}

/// The first string after every string that starts with `prefix`, in byte
/// order (the index column compares bytes on both engines).
fn prefix_end(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(u32::from(last) + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    String::from(char::MAX)
}

/// Every job of the ROME families (first three characters: « H22 », wood
/// and furniture) of some job codes: the neighbouring jobs. Empty when
/// the codes are.
fn family_codes(codes: &[String]) -> Vec<String> {
    let mut families: Vec<String> = codes
        .iter()
        .filter_map(|c| c.get(..3))
        .map(str::to_owned)
        .collect();
    families.sort();
    families.dedup();
    if families.is_empty() {
        return Vec::new();
    }
    let mut all = rome::family_codes(&families);
    // A code asked stays asked, known or not.
    all.extend(codes.iter().cloned());
    all.sort();
    all.dedup();
    all
}

/// How a search finds the offers holding its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Words {
    /// Every matching offer listed from the word index first: cheap while
    /// they are few (a rare word), dear when there are hundreds of
    /// thousands to list and sort for a page of 20.
    Listed,
    /// The word index probed offer by offer, newest first: the page's 20
    /// come after a few probes when many offers match.
    Probed,
    /// Every matching offer listed from the word index, then checked
    /// against each offer a commune's or a job's own index finds (SQLite
    /// only): the commune or the job leads, and no offer of a common word
    /// is fetched unless it is in that commune or job.
    Filtered,
}

/// How a search's conditions are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Form {
    /// The neighbouring jobs (the same ROME family) of the jobs asked as
    /// well.
    widen: bool,
    /// How the offers holding the words are found.
    words: Words,
    /// Whether the commune, contract and job conditions may lead the
    /// search through their indexes (`offers_place`, `offers_job`). Not in a
    /// list read newest first on SQLite: its planner knows only how many
    /// offers a commune or a job holds on average, and would otherwise read
    /// and sort every offer of a large commune for a page of 20.
    indexed: bool,
    /// Whether the jobs may lead through `offers_job` (SQLite only: not
    /// the many codes of the neighbouring jobs in a commune, which the
    /// commune's index checks itself, offer by offer, without fetching
    /// one: 22 → 4 ms for « ébéniste » at Lens among 100,000 offers).
    jobs_indexed: bool,
}

/// The form that counts: exact jobs, words listed, every index free.
const EXACT: Form = Form {
    widen: false,
    words: Words::Listed,
    indexed: true,
    jobs_indexed: true,
};

/// The conditions of a public search (the commune's whole
/// intercommunality when `whole_epci`), written as `form` says, with the
/// values they bind (the same whichever way the words are found).
fn conditions(query: &PublicQuery, whole_epci: bool, form: Form) -> (Vec<String>, Vec<String>) {
    let mut conditions = vec![PUBLIC.to_owned()];
    let mut binds: Vec<String> = Vec::new();
    let bind = |value: String, binds: &mut Vec<String>| {
        binds.push(value);
        format!("${}", binds.len())
    };
    // `+o.column` (SQLite only) keeps the planner off the column's index.
    let column = |name: &str| {
        if form.indexed {
            format!("o.{name}")
        } else {
            format!("+o.{name}")
        }
    };
    let rome_code = if form.jobs_indexed {
        column("rome_code")
    } else {
        "+o.rome_code".to_owned()
    };
    let in_list = |values: Vec<String>, binds: &mut Vec<String>| {
        let list: Vec<String> = values.into_iter().map(|v| bind(v, binds)).collect();
        list.join(", ")
    };
    for w in words(&query.q).into_iter().take(MAX_QUERY_WORDS) {
        let related = if form.widen {
            family_codes(&rome::codes_for_words(&w))
        } else {
            Vec::new()
        };
        let end = prefix_end(&w);
        let a = bind(w, &mut binds);
        let b = bind(end, &mut binds);
        let text = match form.words {
            Words::Listed => {
                format!(
                    "o.id IN (SELECT offer_id FROM offer_words WHERE term >= {a} AND term < {b})"
                )
            }
            // `OFFSET 0` keeps PostgreSQL from turning the probe into a
            // join that lists every offer holding the word (a hash of
            // 1,000,000 entries at 1,000,000 offers for « poste »).
            Words::Probed => format!(
                "EXISTS (SELECT 1 FROM offer_words w WHERE w.offer_id = o.id \
                 AND w.term >= {a} AND w.term < {b} LIMIT 1 OFFSET 0)"
            ),
            // `+o.id` keeps SQLite from leading with the listed offers.
            Words::Filtered => format!(
                "+o.id IN (SELECT offer_id FROM offer_words WHERE term >= {a} AND term < {b})"
            ),
        };
        if related.is_empty() {
            conditions.push(text);
        } else {
            let list = in_list(related, &mut binds);
            conditions.push(format!("({text} OR {rome_code} IN ({list}))"));
        }
    }
    if !query.rome.trim().is_empty() {
        // One job as the list offers it, or every job whose label or
        // titles hold the words typed (« menuisier »); an unknown job
        // matches nothing rather than everything.
        let codes = match rome::resolve(&query.rome) {
            Some(j) => vec![j.code],
            None => rome::codes_for_words(&query.rome),
        };
        let codes = if form.widen {
            family_codes(&codes)
        } else {
            codes
        };
        let codes = if codes.is_empty() {
            vec![String::new()]
        } else {
            codes
        };
        let list = in_list(codes, &mut binds);
        conditions.push(format!("{rome_code} IN ({list})"));
    }
    let commune = query.commune.trim();
    if !commune.is_empty() {
        // The commune as the list offers it, or every commune whose name
        // starts with what was typed (« Bruay »), accents and case folded.
        let mut insee = super::reference::communes_matching(commune);
        if insee.is_empty() {
            insee.push(String::new());
        }
        let named = in_list(insee, &mut binds);
        let commune_insee = column("commune_insee");
        conditions.push(if whole_epci {
            format!(
                "{commune_insee} IN (SELECT insee FROM communes WHERE epci_code IN \
                 (SELECT epci_code FROM communes WHERE insee IN ({named})))"
            )
        } else {
            format!("{commune_insee} IN ({named})")
        });
    }
    if let Some(contract) = query.contract_type() {
        let p = bind(contract.code().to_owned(), &mut binds);
        conditions.push(format!("{} = {p}", column("contract_type")));
    }
    (conditions, binds)
}

/// Marks as seen by a job alert the public offers published at or after
/// `since` that match its search (those public when it is confirmed: they
/// are not new to it).
pub async fn mark_seen(
    tx: &mut Tx,
    alert_id: i64,
    query: &PublicQuery,
    whole_epci: bool,
    since: i64,
) -> sqlx::Result<()> {
    let (mut conditions, binds) = conditions(query, whole_epci, EXACT);
    conditions.push(format!("o.published_at >= {since}"));
    let sql = format!(
        "INSERT INTO job_alert_offers (alert_id, offer_id) SELECT {alert_id}, o.id FROM offers o WHERE {}",
        conditions.join(" AND ")
    );
    let mut insert = sqlx::query(&sql);
    for b in &binds {
        insert = insert.bind(b.as_str());
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

/// The public offers published at or after `since` that match a job
/// alert's search and it has not seen yet, newest first (at most
/// `limit`): what the alert sends.
pub async fn new_for_alert(
    pool: &Pool,
    query: &PublicQuery,
    whole_epci: bool,
    since: i64,
    alert_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<PublicOfferLine>> {
    let (mut conditions, binds) = conditions(query, whole_epci, EXACT);
    conditions.push(format!("o.published_at >= {since}"));
    conditions.push(format!(
        "NOT EXISTS (SELECT 1 FROM job_alert_offers s WHERE s.alert_id = {alert_id} AND s.offer_id = o.id)"
    ));
    let sql = format!(
        "{SUMMARY_SELECT} WHERE {} ORDER BY o.published_at DESC, o.id DESC LIMIT {limit}",
        conditions.join(" AND ")
    );
    let mut list = sqlx::query_as::<_, OfferRow>(&sql);
    for b in &binds {
        list = list.bind(b.as_str());
    }
    Ok(list
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            let published_on = clock::date(r.published_at.unwrap_or_default());
            let detail = r.detail(Vec::new());
            PublicOfferLine {
                offer: detail.summary,
                rome: detail.rome,
                published_on,
            }
        })
        .collect())
}

/// The most matches a search counts exactly.
pub const COUNT_CAP: i64 = 10_000;

/// How many public offers match some conditions, counted up to one more
/// than [`COUNT_CAP`] (the page then says « plus de 10 000 offres »):
/// counting 100,000 matches costs more than the page they are shown on.
async fn count(pool: &Pool, filter: &str, binds: &[String]) -> sqlx::Result<i64> {
    let rows = format!("SELECT 1 FROM offers o WHERE {filter}");
    count_rows(pool, &rows, binds, COUNT_CAP + 1).await
}

/// How many rows a query gives, counted up to `cap`.
async fn count_rows(pool: &Pool, rows: &str, binds: &[String], cap: i64) -> sqlx::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM ({rows} LIMIT {cap}) AS capped");
    let mut count = sqlx::query_as::<_, (i64,)>(&sql);
    for b in binds {
        count = count.bind(b.as_str());
    }
    Ok(count.fetch_one(pool).await?.0)
}

/// Whether a search's words, on SQLite, are checked against the offers
/// its commune or job leads to rather than leading it (see
/// [`listed_words`]).
pub async fn words_follow_place_or_job(pool: &Pool, query: &PublicQuery) -> sqlx::Result<bool> {
    Ok(listed_words(pool, query, query.whole_epci()).await? == Words::Filtered)
}

/// Most index entries counted to choose what leads a search on SQLite.
const LEAD_COUNT_CAP: i64 = 100_000;

/// How a search's words are listed on SQLite where a commune or a job
/// could lead it through its own index: `Filtered` when the commune (with
/// its contract) or the job holds fewer offers than the rarest word;
/// `Listed` otherwise. SQLite's statistics do not tell a common word
/// from a rare one, nor a large commune from a small one, so the index
/// entries are counted (capped at [`LEAD_COUNT_CAP`]): each count reads
/// one index only, a few milliseconds at most, where leading with the
/// wrong side fetches every offer of a common word (150 ms at 1,000,000
/// offers for « cariste » at Bruay-la-Buissière, 22 ms led by the
/// commune).
async fn listed_words(pool: &Pool, query: &PublicQuery, whole_epci: bool) -> sqlx::Result<Words> {
    let typed: Vec<String> = words(&query.q).into_iter().take(MAX_QUERY_WORDS).collect();
    if typed.is_empty() {
        return Ok(Words::Listed);
    }
    // The contract alone has no index of its own: only a commune leads.
    let place = PublicQuery {
        q: String::new(),
        rome: String::new(),
        ..query.clone()
    };
    let job = PublicQuery {
        q: String::new(),
        commune: String::new(),
        contract: String::new(),
        ..query.clone()
    };
    let mut lead: Option<i64> = None;
    for (side, present) in [
        (place, !query.commune.trim().is_empty()),
        (job, !query.rome.trim().is_empty()),
    ] {
        if !present {
            continue;
        }
        let (conditions, binds) = conditions(&side, whole_epci, EXACT);
        // Without the public condition: the count stays in the index.
        let rows = format!(
            "SELECT 1 FROM offers o WHERE {}",
            conditions[1..].join(" AND ")
        );
        let held = count_rows(pool, &rows, &binds, LEAD_COUNT_CAP).await?;
        lead = Some(lead.map_or(held, |l| l.min(held)));
    }
    let Some(lead) = lead else {
        return Ok(Words::Listed);
    };
    for w in typed {
        let end = prefix_end(&w);
        let rows = "SELECT 1 FROM offer_words WHERE term >= $1 AND term < $2";
        if count_rows(pool, rows, &[w, end], lead + 1).await? <= lead {
            return Ok(Words::Listed);
        }
    }
    Ok(Words::Filtered)
}

/// The newest public offers a search looks at first, to judge how many
/// offers hold its words.
const SAMPLE: i64 = 256;
/// Most offers a page's list reads one by one (newest first) rather than
/// listing every match from the word index.
const PROBE_BUDGET: i64 = 20_000;
/// Up to this many matches, listing them all is cheap whatever the way.
const FEW_MATCHES: i64 = 5_000;

/// How a page's list finds the words of a search with `total` matches
/// (as counted, capped) that skips `offset` of them: probed newest first
/// when the newest offers show the matches common enough that the page
/// comes within the budget; listed otherwise. The same rule says whether
/// a search without words walks the offers newest first or sorts its
/// matches.
fn list_words(total: i64, offset: i64, sample_hits: i64) -> Words {
    let read = (offset + PUBLIC_PAGE_SIZE).saturating_mul(SAMPLE);
    if total > FEW_MATCHES && sample_hits > 0 && read <= PROBE_BUDGET.saturating_mul(sample_hits) {
        Words::Probed
    } else {
        Words::Listed
    }
}

/// Newest public offers a count walks, its words probed offer by offer,
/// when the newest offers show its matches common.
const COUNT_WALK: i64 = 20_000;

/// How many public offers meet `filter`, capped as [`count`], when `hits`
/// of the [`SAMPLE`] newest meet it (`probed`: the same conditions, the
/// words probed). Where that many would pass the cap within the newest
/// [`COUNT_WALK`], those are counted first: past the cap, that is the
/// answer, without listing every offer that holds a word (one per offer
/// for « poste »: 1,000,000 entries at 1,000,000 offers, where the cap
/// asks for 10,001). Otherwise, or when the newest were not enough, the
/// matches are counted as they are listed.
async fn count_common(
    pool: &Pool,
    filter: &str,
    probed: &str,
    binds: &[String],
    hits: i64,
) -> sqlx::Result<i64> {
    if hits.saturating_mul(COUNT_WALK) >= (COUNT_CAP + 1).saturating_mul(SAMPLE) {
        let rows = format!(
            "SELECT 1 FROM (SELECT * FROM offers o WHERE {PUBLIC} \
             ORDER BY o.published_at DESC, o.id DESC LIMIT {COUNT_WALK}) o WHERE {probed}"
        );
        let newest = count_rows(pool, &rows, binds, COUNT_CAP + 1).await?;
        if newest > COUNT_CAP {
            return Ok(newest);
        }
    }
    count(pool, filter, binds).await
}

/// How many of the [`SAMPLE`] newest public offers meet `filter` (its
/// words probed).
async fn sample_hits(pool: &Pool, filter: &str, binds: &[String]) -> sqlx::Result<i64> {
    let sql = format!(
        "SELECT COUNT(*) FROM offers o WHERE o.id IN (SELECT o.id FROM offers o WHERE {PUBLIC} \
         ORDER BY o.published_at DESC, o.id DESC LIMIT {SAMPLE}) AND {filter}"
    );
    let mut count = sqlx::query_as::<_, (i64,)>(&sql);
    for b in binds {
        count = count.bind(b.as_str());
    }
    Ok(count.fetch_one(pool).await?.0)
}

/// The public offers matching a search, newest first, one page of them.
/// Every word of `q` must start a word of the offer; when nothing matches
/// a job asked for (« ébéniste »), the offers of its neighbouring jobs
/// (the same ROME family) are shown, and said to be.
pub async fn search(pool: &Pool, query: &PublicQuery) -> sqlx::Result<PublicOffers> {
    let whole_epci = query.whole_epci();
    let sqlite = db::backend(pool) == Backend::Sqlite;
    // PostgreSQL's planner knows a common word, commune or job from its
    // own statistics.
    let exact_form = if sqlite {
        Form {
            words: listed_words(pool, query, whole_epci).await?,
            ..EXACT
        }
    } else {
        EXACT
    };
    let (exact, mut binds) = conditions(query, whole_epci, exact_form);
    let exact = exact.join(" AND ");
    // The newest offers sampled once where the search has words: whether
    // they show its matches common decides how it is counted, and read.
    let (mut total, exact_sample) = if words(&query.q).is_empty() {
        (count(pool, &exact, &binds).await?, None)
    } else {
        let probed = Form {
            words: Words::Probed,
            ..exact_form
        };
        let probed = conditions(query, whole_epci, probed).0.join(" AND ");
        let hits = sample_hits(pool, &probed, &binds).await?;
        let total = count_common(pool, &exact, &probed, &binds, hits).await?;
        (total, Some(hits))
    };
    let mut form = exact_form;
    // The conditions counted, kept for the list when it reads them as is.
    let mut counted = exact.clone();
    if total == 0 && (!query.rome.trim().is_empty() || !query.q.trim().is_empty()) {
        let wide = Form {
            widen: true,
            jobs_indexed: !sqlite || query.commune.trim().is_empty(),
            ..exact_form
        };
        let (wider, wider_binds) = conditions(query, whole_epci, wide);
        let wider = wider.join(" AND ");
        if wider != exact {
            let found = count(pool, &wider, &wider_binds).await?;
            if found > 0 {
                binds = wider_binds;
                total = found;
                form = wide;
                counted = wider;
            }
        }
    }
    let pages = ((total + PUBLIC_PAGE_SIZE - 1) / PUBLIC_PAGE_SIZE).max(1);
    let page = query.page_number().min(pages);
    let offset = (page - 1) * PUBLIC_PAGE_SIZE;
    // Where many offers match and the newest public offers show them
    // common, the page is read walking the public offers newest first (the
    // words probed offer by offer); otherwise the matches are found through
    // the most selective index (words, commune, job) and sorted. The newest
    // offers are sampled only where some condition narrows the search and
    // walking could be the way (even were every one of them a match).
    let mut newest_first = list_words(total, offset, SAMPLE) == Words::Probed;
    if newest_first && exact != PUBLIC {
        let probed = Form {
            words: Words::Probed,
            ..form
        };
        let hits = match exact_sample {
            Some(hits) if form == exact_form => hits,
            _ => {
                let probed_filter = conditions(query, whole_epci, probed).0.join(" AND ");
                sample_hits(pool, &probed_filter, &binds).await?
            }
        };
        newest_first = list_words(total, offset, hits) == Words::Probed;
    }
    if newest_first {
        form.words = Words::Probed;
    }
    // SQLite is told which way (its statistics, `db::refresh_statistics`,
    // give averages and a few samples: they do not tell a large commune
    // from a small one); PostgreSQL's planner knows from its own.
    form.indexed = !(newest_first && sqlite);
    let order = if sqlite && !newest_first {
        // An expression, not the indexed column: the matches are sorted.
        "+o.published_at DESC, o.id DESC"
    } else {
        "o.published_at DESC, o.id DESC"
    };
    // Written again only where the list reads them another way (the job
    // titles are searched once more for the neighbouring jobs).
    let filter = if form.words != Words::Probed && form.indexed {
        counted
    } else {
        conditions(query, whole_epci, form).0.join(" AND ")
    };
    // No more than there are: a list read newest first stops at the last.
    let limit = if total > COUNT_CAP {
        PUBLIC_PAGE_SIZE
    } else {
        PUBLIC_PAGE_SIZE.min(total - offset).max(1)
    };
    let list_sql =
        format!("{SUMMARY_SELECT} WHERE {filter} ORDER BY {order} LIMIT {limit} OFFSET {offset}");
    // Nothing matched: no list to read (it would read the words again).
    let rows = if total == 0 {
        Vec::new()
    } else {
        let mut list = sqlx::query_as::<_, OfferRow>(&list_sql);
        for b in &binds {
            list = list.bind(b.as_str());
        }
        list.fetch_all(pool).await?
    };
    let offers = rows
        .into_iter()
        .map(|r| {
            let published_on = clock::date(r.published_at.unwrap_or_default());
            let detail = r.detail(Vec::new());
            PublicOfferLine {
                offer: detail.summary,
                rome: detail.rome,
                published_on,
            }
        })
        .collect();
    Ok(PublicOffers {
        offers,
        total: total.min(COUNT_CAP),
        capped: total > COUNT_CAP,
        page,
        pages,
        related: form.widen,
    })
}

/// A public offer with its publication instant, or `None` when it is not
/// (or no longer) public.
pub async fn public_offer(pool: &Pool, offer_id: i64) -> sqlx::Result<Option<(OfferDetail, i64)>> {
    let row: Option<OfferRow> =
        sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE o.id = $1 AND {PUBLIC}"))
            .bind(offer_id)
            .fetch_optional(pool)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let published_at = row.published_at.unwrap_or_default();
    let questions = offers::questions(pool, offer_id).await?;
    Ok(Some((row.detail(questions), published_at)))
}

#[cfg(test)]
mod tests {
    use super::{list_words, prefix_end, Words};

    #[test]
    fn prefix_end_bounds_every_word_with_the_prefix() {
        assert_eq!(prefix_end("soud"), "soue");
        let end = prefix_end("soud");
        for w in ["soud", "soudeur", "soudure", "soudzzz"] {
            assert!(w >= "soud" && w < end.as_str(), "{w}");
        }
        assert!("souf" >= end.as_str());
    }

    #[test]
    fn a_page_is_read_newest_first_only_where_matches_are_common() {
        // A word in every offer: the first page, and a deep one.
        assert_eq!(list_words(10_001, 0, 256), Words::Probed);
        assert_eq!(list_words(10_001, 9_980, 256), Words::Probed);
        // One offer in ten: the first pages, not the 200th.
        assert_eq!(list_words(10_001, 0, 25), Words::Probed);
        assert_eq!(list_words(10_001, 3_980, 25), Words::Listed);
        // Few matches, or none among the newest: listed.
        assert_eq!(list_words(4_000, 0, 256), Words::Listed);
        assert_eq!(list_words(10_001, 0, 0), Words::Listed);
    }
}
