//! Reference data of the region: EPCIs and communes (INSEE / DGCL / La Poste
//! via Etalab's `decoupage-administratif`, Licence Ouverte), loaded into the
//! database at start-up, and the communes of a platform's territory.

use anyhow::Context;
use serde::Deserialize;

use crate::backend::db::Pool;
use crate::model::{Commune, NafDivision};

static COMMUNES_JSON: &str = include_str!("../../../reference/communes-hauts-de-france.json");
static EPCIS_JSON: &str = include_str!("../../../reference/epci-hauts-de-france.json");
pub(crate) static NAF_ROME_JSON: &str = include_str!("../../../reference/secteurs_naf_rome.json");

#[derive(Deserialize)]
struct NafRecord {
    libelle: String,
}

/// The NAF divisions (France Travail's NAF-ROME table), by code; parsed once.
pub fn naf_divisions() -> &'static [NafDivision] {
    static LIST: std::sync::OnceLock<Vec<NafDivision>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let map: std::collections::BTreeMap<String, NafRecord> =
            serde_json::from_str(NAF_ROME_JSON).unwrap_or_else(|e| {
                // Only a broken build can get here; the unit test below guards it.
                tracing::error!(error = %e, "the shipped NAF table is unreadable");
                Default::default()
            });
        let mut list: Vec<NafDivision> = map
            .into_iter()
            .filter_map(|(k, v)| {
                let n: u32 = k.parse().ok().filter(|n| (1..=99).contains(n))?;
                Some(NafDivision {
                    code: format!("{n:02}"),
                    label: v.libelle,
                })
            })
            .collect();
        list.sort_by(|a, b| a.code.cmp(&b.code));
        list
    })
}

#[derive(Deserialize)]
struct CommuneRecord {
    code_insee: String,
    nom: String,
    codes_postaux: Vec<String>,
    departement: String,
    epci: Option<String>,
    population: Option<i64>,
}

#[derive(Deserialize)]
struct EpciRecord {
    code: String,
    nom: String,
}

/// Loads the EPCIs and communes once (when the tables are empty), in one
/// transaction, in batches.
pub async fn load(pool: &Pool) -> anyhow::Result<()> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM communes")
        .fetch_one(pool)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let epcis: Vec<EpciRecord> =
        serde_json::from_str(EPCIS_JSON).context("reading the shipped EPCI list")?;
    let communes: Vec<CommuneRecord> =
        serde_json::from_str(COMMUNES_JSON).context("reading the shipped commune list")?;
    let mut tx = crate::backend::db::begin(pool).await?;
    for chunk in epcis.chunks(200) {
        let values = placeholders(chunk.len(), 2);
        let sql = format!("INSERT INTO epcis (code, name) VALUES {values} ON CONFLICT DO NOTHING");
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = q.bind(&e.code).bind(&e.nom);
        }
        q.execute(&mut *tx).await?;
    }
    for chunk in communes.chunks(400) {
        let values = placeholders(chunk.len(), 6);
        let sql = format!(
            "INSERT INTO communes (insee, name, postal_code, departement, epci_code, population) \
             VALUES {values} ON CONFLICT DO NOTHING"
        );
        let mut q = sqlx::query(&sql);
        for c in chunk {
            let epci = c
                .epci
                .as_ref()
                .filter(|code| epcis.iter().any(|e| &e.code == *code));
            q = q
                .bind(&c.code_insee)
                .bind(&c.nom)
                .bind(c.codes_postaux.first().cloned().unwrap_or_default())
                .bind(&c.departement)
                .bind(epci.cloned())
                .bind(c.population.unwrap_or(0));
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// "($1, $2), ($3, $4)..." for a multi-row insert.
fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=columns)
                .map(|c| format!("${}", r * columns + c))
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(sqlx::FromRow)]
struct CommuneRow {
    insee: String,
    name: String,
    postal_code: String,
}

impl From<CommuneRow> for Commune {
    fn from(r: CommuneRow) -> Self {
        Commune {
            insee: r.insee,
            name: r.name,
            postal_code: r.postal_code,
        }
    }
}

const TERRITORY_SQL: &str = "SELECT c.insee, c.name, c.postal_code FROM communes c \
     JOIN platform_epcis pe ON pe.epci_code = c.epci_code WHERE pe.platform_id = $1";

/// The communes of a platform's territory, by name.
pub async fn platform_communes(pool: &Pool, platform_id: i64) -> sqlx::Result<Vec<Commune>> {
    let rows: Vec<CommuneRow> =
        sqlx::query_as(&format!("{TERRITORY_SQL} ORDER BY c.name, c.insee"))
            .bind(platform_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(Commune::from).collect())
}

/// The communes of every platform's territory, by name.
pub async fn all_platform_communes(pool: &Pool) -> sqlx::Result<Vec<Commune>> {
    let rows: Vec<CommuneRow> = sqlx::query_as(
        "SELECT DISTINCT c.insee, c.name, c.postal_code FROM communes c \
         JOIN platform_epcis pe ON pe.epci_code = c.epci_code ORDER BY c.name, c.insee",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Commune::from).collect())
}

/// Every commune of the region: INSEE code, folded name, folded label and
/// label (« Nom (code postal) »).
fn commune_index() -> &'static [(String, String, String, String)] {
    use crate::model::text::fold;
    static INDEX: std::sync::OnceLock<Vec<(String, String, String, String)>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let records: Vec<CommuneRecord> = serde_json::from_str(COMMUNES_JSON).unwrap_or_default();
        let mut index: Vec<_> = records
            .into_iter()
            .map(|r| {
                let label = format!(
                    "{} ({})",
                    r.nom,
                    r.codes_postaux.first().cloned().unwrap_or_default()
                );
                (r.code_insee, fold(&r.nom), fold(&label), label)
            })
            .collect();
        index.sort_by(|a, b| a.1.cmp(&b.1));
        index
    })
}

/// Whether a folded commune name starts with `wanted`, or one of its words
/// does (« bruay », « buissiere »).
fn name_starts(name: &str, wanted: &str) -> bool {
    name.starts_with(wanted)
        || name
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(wanted))
}

/// The communes a search field means: the one whose label (« Nom (code
/// postal) »), name or INSEE code was typed, else those whose name (or a
/// word of it) starts with what was typed, accents and case folded
/// (« bruay » finds Bruay-la-Buissière and Bruay-sur-l'Escaut). At most 60.
pub fn communes_matching(input: &str) -> Vec<String> {
    let wanted = crate::model::text::fold(input.trim());
    if wanted.is_empty() {
        return Vec::new();
    }
    let index = commune_index();
    let exact: Vec<String> = index
        .iter()
        .filter(|(insee, name, label, _)| {
            *insee == input.trim() || *name == wanted || *label == wanted
        })
        .map(|(insee, ..)| insee.clone())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    index
        .iter()
        .filter(|(_, name, ..)| name_starts(name, &wanted))
        .take(60)
        .map(|(insee, ..)| insee.clone())
        .collect()
}

/// Up to `limit` commune labels for what is being typed: names starting
/// with it first, then names with a word starting with it.
pub fn commune_suggestions(input: &str, limit: usize) -> Vec<String> {
    let wanted = crate::model::text::fold(input.trim());
    if wanted.chars().count() < 2 {
        return Vec::new();
    }
    let index = commune_index();
    let first = index
        .iter()
        .filter(|(_, name, ..)| name.starts_with(&wanted));
    let then = index
        .iter()
        .filter(|(_, name, ..)| !name.starts_with(&wanted) && name_starts(name, &wanted));
    first
        .chain(then)
        .take(limit)
        .map(|(.., label)| label.clone())
        .collect()
}

/// The platform whose territory holds the commune a person meant (an INSEE
/// code, "Nom (code postal)", or a name unique among the platforms'
/// communes), if one does.
pub async fn platform_of_commune(pool: &Pool, input: &str) -> sqlx::Result<Option<i64>> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT pe.platform_id, c.insee FROM communes c JOIN platform_epcis pe ON pe.epci_code = c.epci_code \
         WHERE c.insee = $1 OR LOWER(c.name || ' (' || c.postal_code || ')') = LOWER($1) \
         ORDER BY pe.platform_id",
    )
    .bind(input)
    .fetch_all(pool)
    .await?;
    if let Some((platform, _)) = rows.first() {
        return Ok(Some(*platform));
    }
    let by_name: Vec<(i64, String)> = sqlx::query_as(
        "SELECT pe.platform_id, c.insee FROM communes c JOIN platform_epcis pe ON pe.epci_code = c.epci_code \
         WHERE LOWER(c.name) = LOWER($1) ORDER BY pe.platform_id",
    )
    .bind(input)
    .fetch_all(pool)
    .await?;
    match by_name.as_slice() {
        [(platform, _)] => Ok(Some(*platform)),
        _ => Ok(None),
    }
}

/// Finds the commune a person meant, within the platform's territory: an
/// INSEE code, the label "Nom (code postal)", or a name that is unique there.
pub async fn resolve_commune(
    pool: &Pool,
    platform_id: i64,
    input: &str,
) -> sqlx::Result<Option<Commune>> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let communes = platform_communes(pool, platform_id).await?;
    let wanted = input.to_lowercase();
    if let Some(c) = communes
        .iter()
        .find(|c| c.insee == input || c.label().to_lowercase() == wanted)
    {
        return Ok(Some(c.clone()));
    }
    let mut by_name = communes.iter().filter(|c| c.name.to_lowercase() == wanted);
    match (by_name.next(), by_name.next()) {
        (Some(c), None) => Ok(Some(c.clone())),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_commune_is_found_by_its_first_letters_in_any_case() {
        use super::communes_matching;
        let bruay = communes_matching("bruay");
        assert!(bruay.contains(&"62178".to_owned()), "{bruay:?}");
        assert!(
            bruay.len() >= 2,
            "Bruay-la-Buissière and Bruay-sur-l'Escaut"
        );
        assert_eq!(
            communes_matching("Béthune (62400)"),
            vec!["62119".to_owned()]
        );
        assert_eq!(communes_matching("BETHUNE"), vec!["62119".to_owned()]);
        assert!(communes_matching("Zzzz").is_empty());
    }

    use super::placeholders;

    #[test]
    fn naf_divisions_are_two_digit_codes_with_labels() {
        let list = super::naf_divisions();
        assert!(list.len() >= 80, "{}", list.len());
        assert!(list
            .iter()
            .all(|d| d.code.len() == 2 && !d.label.is_empty()));
        assert!(list.iter().any(|d| d.code == "10"));
    }

    #[test]
    fn communes_are_suggested_by_their_first_letters() {
        use super::commune_suggestions;
        let found = commune_suggestions("bruay", 10);
        assert!(
            found.iter().any(|c| c == "Bruay-la-Buissière (62700)"),
            "{found:?}"
        );
        assert!(commune_suggestions("BÉTHU", 5)
            .iter()
            .any(|c| c.starts_with("Béthune")));
        // Names starting with the letters before names with a word that does.
        let buissiere = commune_suggestions("buissi", 10);
        assert!(
            buissiere
                .iter()
                .any(|c| c.starts_with("Bruay-la-Buissière")),
            "{buissiere:?}"
        );
        assert!(commune_suggestions("b", 10).is_empty());
    }

    #[test]
    fn numbered_placeholders() {
        assert_eq!(placeholders(2, 2), "($1, $2), ($3, $4)");
    }
}
