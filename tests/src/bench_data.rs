//! Data for the benchmarks: N published public offers of one company,
//! indexed for the search, inserted in bulk.

use app::backend::db::{now, Pool};
use app::backend::repo::{platforms, users};
use app::model::text::words;
use app::model::Role;

const TITLES: &[(&str, &str)] = &[
    ("Soudeur TIG", "H2913"),
    ("Cariste CACES 3", "N1101"),
    ("Menuisier poseur", "H2206"),
    ("Agent d'entretien", "K2204"),
    ("Aide à domicile", "K1304"),
    ("Préparateur de commandes", "N1103"),
    ("Boulanger", "D1102"),
    ("Maçon", "F1703"),
    ("Comptable", "M1203"),
    ("Conducteur de bus", "N4103"),
];
const COMMUNES: &[&str] = &["62119", "62178", "62193", "62498", "62510"];
/// One offer in [`RARE_EVERY`]: a job and a commune that few offers hold
/// (Ébéniste, Arras), as most jobs and communes of a real region.
const RARE: (&str, &str, &str) = ("Ébéniste", "H2207", "62041");
const RARE_EVERY: usize = 1000;
const CONTRACTS: &[&str] = &["cdi", "cdd", "interim", "alternance", "saisonnier", "stage"];
const FILLER: &str = "Poste en atelier ou sur chantier selon profil, horaires de journée, \
    équipe accueillante, formation interne assurée, mutuelle et tickets restaurant.";

/// Loads `n` published public offers (ten jobs in five communes, one offer
/// in a thousand an eleventh job in a sixth commune; six contracts), with
/// their search words.
pub async fn load_public_offers(pool: &Pool, n: usize) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    let platform = platforms::create(&mut tx, "bench", "Banc d'essai", &["200072460"]).await?;
    let company = users::create_company(
        &mut tx,
        &users::NewCompany {
            platform_id: platform,
            siret: "73282932000074",
            name: "Entreprise du banc",
            naf_division: Some("25"),
            headcount_band: Some("03"),
            commune_insee: Some("62119"),
        },
    )
    .await?;
    let user = users::create(
        &mut tx,
        &users::NewUser {
            email: "banc@x.fr",
            full_name: "Banc",
            password_hash: "x",
            role: Role::Company,
            platform_id: None,
            company_id: Some(company),
            partner_org_id: None,
        },
    )
    .await?;
    let start = now() - n as i64;
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let mut offers = String::from(
            "INSERT INTO offers (platform_id, company_id, title, contract_type, positions, commune_insee, \
             description, published_elsewhere, status, created_by, created_at, updated_at, rome_code, \
             publish_consent, published_at, expires_at) VALUES ",
        );
        let mut terms = Vec::new();
        for (k, i) in chunk.iter().enumerate() {
            let ((title, rome), commune) = if i % RARE_EVERY == RARE_EVERY - 1 {
                ((RARE.0, RARE.1), RARE.2)
            } else {
                (TITLES[i % TITLES.len()], COMMUNES[i % COMMUNES.len()])
            };
            let title = format!("{title} {}", i % 997);
            let contract = CONTRACTS[i % CONTRACTS.len()];
            let at = start + *i as i64;
            if k > 0 {
                offers.push(',');
            }
            offers.push_str(&format!(
                "({platform}, {company}, '{}', '{contract}', 1, '{commune}', '{}', 'nowhere', 'published', \
                 {user}, {at}, {at}, '{rome}', 1, {at}, {})",
                title.replace('\'', "''"),
                FILLER.replace('\'', "''"),
                at + 60 * 86_400
            ));
            terms.push(words(&format!("{title} {FILLER} Entreprise du banc")));
        }
        sqlx::query(&offers).execute(&mut *tx).await?;
        let (last,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM offers")
            .fetch_one(&mut *tx)
            .await?;
        let first = last - chunk.len() as i64 + 1;
        let mut values = Vec::new();
        for (k, ws) in terms.iter().enumerate() {
            for w in ws {
                values.push(format!(
                    "('{}', {})",
                    w.replace('\'', "''"),
                    first + k as i64
                ));
            }
        }
        for part in values.chunks(1000) {
            sqlx::query(&format!(
                "INSERT INTO offer_words (term, offer_id) VALUES {}",
                part.join(",")
            ))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    // Fresh statistics, as a live database has them: on SQLite what the
    // server's housekeeping runs; on PostgreSQL what autovacuum does within
    // a minute of such a load (the visibility map lets index-only scans
    // skip the table).
    if app::backend::db::backend(pool) == app::backend::db::Backend::Postgres {
        sqlx::query("VACUUM ANALYZE").execute(pool).await?;
    } else {
        app::backend::db::refresh_statistics(pool).await?;
    }
    Ok(())
}
