//! The ROME job list shipped with the project (France Travail's NAF-ROME
//! table): lookup by code, resolution of what a form sent, and the search
//! behind the job autocomplete, which puts the company's sector first.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::backend::repo::reference::NAF_ROME_JSON;
use crate::model::text::fold;
use crate::model::RomeJob;

#[derive(Deserialize)]
struct Division {
    codes_rome: Vec<RomeJob>,
}

struct Catalogue {
    /// Every job, by label.
    jobs: Vec<RomeJob>,
    /// Folded labels, in the order of `jobs`.
    folded: Vec<String>,
    /// NAF division (two digits) to the codes of its jobs.
    by_division: BTreeMap<String, Vec<String>>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let map: BTreeMap<String, Division> =
            serde_json::from_str(NAF_ROME_JSON).unwrap_or_else(|e| {
                // Only a broken build can get here; the unit tests guard it.
                tracing::error!(error = %e, "the shipped ROME table is unreadable");
                Default::default()
            });
        let mut all: BTreeMap<String, RomeJob> = BTreeMap::new();
        let mut by_division = BTreeMap::new();
        for (key, division) in map {
            let Ok(n) = key.parse::<u32>() else { continue };
            let codes = division.codes_rome.iter().map(|j| j.code.clone()).collect();
            by_division.insert(format!("{n:02}"), codes);
            for job in division.codes_rome {
                all.entry(job.code.clone()).or_insert(job);
            }
        }
        let mut jobs: Vec<RomeJob> = all.into_values().collect();
        jobs.sort_by_key(|j| fold(&j.label));
        let folded = jobs.iter().map(|j| fold(&j.label)).collect();
        Catalogue {
            jobs,
            folded,
            by_division,
        }
    })
}

/// The ROME job titles (« appellations »), by code: the words people use.
static APPELLATIONS_CSV: &str = include_str!("../../reference/rome-appellations.csv");

struct Appellations {
    /// Code to its job titles.
    by_code: BTreeMap<String, Vec<String>>,
    /// (code, folded words of its label and every title), by code.
    words: Vec<(String, Vec<String>)>,
}

fn appellation_table() -> &'static Appellations {
    static TABLE: OnceLock<Appellations> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_code: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in APPELLATIONS_CSV.lines().skip(1) {
            if let Some((code, label)) = line.split_once(';') {
                by_code
                    .entry(code.trim().to_owned())
                    .or_default()
                    .push(label.trim().to_owned());
            }
        }
        let cat = catalogue();
        let mut codes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for job in &cat.jobs {
            codes
                .entry(job.code.clone())
                .or_default()
                .push(job.label.clone());
        }
        for (code, titles) in &by_code {
            codes
                .entry(code.clone())
                .or_default()
                .extend(titles.iter().cloned());
        }
        let words = codes
            .into_iter()
            .map(|(code, labels)| {
                let mut w: Vec<String> = crate::model::text::words(&labels.join(" "));
                w.sort();
                w.dedup();
                (code, w)
            })
            .collect();
        Appellations { by_code, words }
    })
}

/// The job titles of a ROME code (« Menuisier-agenceur », « Ébéniste »…).
pub fn appellations(code: &str) -> &'static [String] {
    appellation_table()
        .by_code
        .get(code)
        .map_or(&[], Vec::as_slice)
}

/// The ROME codes whose label or one of whose job titles has a word
/// starting with each word typed (case and accents folded): « menuisier »,
/// « ébéniste », « agenceur ».
pub fn codes_for_words(text: &str) -> Vec<String> {
    let typed = crate::model::text::words(text);
    if typed.is_empty() {
        return Vec::new();
    }
    appellation_table()
        .words
        .iter()
        .filter(|(_, words)| {
            typed
                .iter()
                .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
        })
        .map(|(code, _)| code.clone())
        .collect()
}

/// Every known ROME code (of the job list or of the job titles) whose
/// family (first three characters: « H22 », wood and furniture) is one of
/// `families`, sorted.
pub fn family_codes(families: &[String]) -> Vec<String> {
    let in_family = |code: &String| {
        code.get(..3)
            .is_some_and(|f| families.iter().any(|x| x == f))
    };
    let mut codes: Vec<String> = catalogue()
        .jobs
        .iter()
        .map(|j| &j.code)
        .chain(appellation_table().by_code.keys())
        .filter(|c| in_family(c))
        .cloned()
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The job of a ROME code.
pub fn job(code: &str) -> Option<RomeJob> {
    catalogue().jobs.iter().find(|j| j.code == code).cloned()
}

/// How many jobs the list holds.
pub fn len() -> usize {
    catalogue().jobs.len()
}

/// The job a form field names: `Label (CODE)` as the list offers it, a bare
/// code, an exact label, or words that match one job only.
pub fn resolve(text: &str) -> Option<RomeJob> {
    let text = text.trim();
    let code = text
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(text)
        .trim()
        .to_uppercase();
    if let Some(found) = job(&code) {
        return Some(found);
    }
    let wanted = fold(text);
    let cat = catalogue();
    if let Some(i) = cat.folded.iter().position(|f| *f == wanted) {
        return Some(cat.jobs[i].clone());
    }
    let mut matches = search(text, None, 2);
    match (matches.len(), wanted.chars().count() >= 3) {
        (1, true) => matches.pop(),
        _ => None,
    }
}

/// The jobs of a NAF division (two digits), by label.
pub fn sector_jobs(division: &str) -> Vec<RomeJob> {
    let cat = catalogue();
    let Some(codes) = cat.by_division.get(division) else {
        return Vec::new();
    };
    cat.jobs
        .iter()
        .filter(|j| codes.contains(&j.code))
        .cloned()
        .collect()
}

/// Up to `limit` jobs whose label or code holds every word of `query`: the
/// jobs of the company's sector first, then labels starting with the query.
pub fn search(query: &str, division: Option<&str>, limit: usize) -> Vec<RomeJob> {
    let cat = catalogue();
    let words: Vec<String> = fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    if words.is_empty() {
        return division.map(sector_jobs).unwrap_or_default();
    }
    let first = fold(query.trim());
    let sector = division.and_then(|d| cat.by_division.get(d));
    let mut found: Vec<(u8, &RomeJob)> = cat
        .jobs
        .iter()
        .zip(&cat.folded)
        .filter(|(job, label)| {
            let code = job.code.to_lowercase();
            words
                .iter()
                .all(|w| label.contains(w.as_str()) || code == *w)
        })
        .map(|(job, label)| {
            let in_sector = sector.is_some_and(|codes| codes.contains(&job.code));
            let rank = match (in_sector, label.starts_with(&first)) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            (rank, job)
        })
        .collect();
    found.sort_by_key(|(rank, _)| *rank);
    found
        .into_iter()
        .take(limit)
        .map(|(_, j)| j.clone())
        .collect()
}

/// Every job name people may pick: the ROME labels and the job titles, each
/// with its code and folded words, labels first.
fn titles() -> &'static [(RomeJob, Vec<String>, bool)] {
    static TITLES: OnceLock<Vec<(RomeJob, Vec<String>, bool)>> = OnceLock::new();
    TITLES.get_or_init(|| {
        let labels = catalogue().jobs.iter().map(|j| (j.clone(), true));
        let named = appellation_table()
            .by_code
            .iter()
            .flat_map(|(code, names)| {
                names.iter().map(|n| {
                    (
                        RomeJob {
                            code: code.clone(),
                            label: n.clone(),
                        },
                        false,
                    )
                })
            });
        labels
            .chain(named)
            .map(|(job, is_label)| {
                let words = crate::model::text::words(&job.label);
                (job, words, is_label)
            })
            .collect()
    })
}

/// Up to `limit` jobs to suggest as someone types: the ROME labels and the
/// job titles people use (« Ébéniste (H2207) », « Menuisier-agenceur… »)
/// each of whose typed words starts a word of the name; the company's sector
/// first, then names starting with what was typed, labels before titles.
pub fn suggest(query: &str, division: Option<&str>, limit: usize) -> Vec<RomeJob> {
    let typed = crate::model::text::words(query);
    if typed.is_empty() {
        return division.map(sector_jobs).unwrap_or_default();
    }
    let code = query.trim().to_uppercase();
    let sector = division.and_then(|d| catalogue().by_division.get(d));
    // Sorted by: outside the sector, not starting with the letters typed,
    // a title rather than a label, then alphabetically.
    type Rank = (bool, bool, bool, String);
    let mut found: Vec<(Rank, &RomeJob)> = titles()
        .iter()
        .filter(|(job, words, _)| {
            job.code == code
                || typed
                    .iter()
                    .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
        })
        .map(|(job, words, is_label)| {
            let in_sector = sector.is_some_and(|codes| codes.contains(&job.code));
            let starts = words
                .first()
                .is_some_and(|w| w.starts_with(typed[0].as_str()));
            ((!in_sector, !starts, !is_label, fold(&job.label)), job)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|a, b| a.1 == b.1);
    found
        .into_iter()
        .take(limit)
        .map(|(_, j)| j.clone())
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_words_people_use_find_their_jobs() {
        assert!(appellations("H2206").iter().any(|t| t.contains("agenceur")));
        for (words, code) in [
            ("agenceur", "H2206"),
            ("ébéniste", "H2207"),
            ("MENUIS", "H2206"),
        ] {
            assert!(
                codes_for_words(words).iter().any(|c| c == code),
                "{words} → {code}"
            );
        }
        assert!(codes_for_words("astronaute").is_empty());
    }

    #[test]
    fn suggestions_offer_the_job_titles_people_use() {
        let found = suggest("ébéni", None, 20);
        assert!(
            found
                .iter()
                .any(|j| j.label == "Ébéniste" && j.code == "H2207"),
            "{found:?}"
        );
        // What the list offers resolves to its ROME job.
        let picked = found
            .iter()
            .find(|j| j.label == "Ébéniste")
            .expect("ébéniste");
        assert_eq!(
            resolve(&picked.display()).map(|j| j.code),
            Some("H2207".into())
        );
        // The sector's jobs first; a code finds its job.
        let agenceur = suggest("menuisier agenc", Some("16"), 5);
        assert!(
            agenceur.iter().all(|j| fold(&j.label).contains("agenc")),
            "{agenceur:?}"
        );
        assert!(suggest("H2913", None, 5).iter().any(|j| j.code == "H2913"));
        assert!(suggest("", None, 5).is_empty());
    }

    use super::*;

    #[test]
    fn the_list_is_complete_and_distinct() {
        assert!(len() > 1000, "{}", len());
        assert_eq!(job("H2913").map(|j| j.code), Some("H2913".to_owned()));
    }

    #[test]
    fn a_family_holds_every_code_it_starts() {
        let wood = family_codes(&["H22".to_owned()]);
        for code in ["H2204", "H2206", "H2207"] {
            assert!(wood.iter().any(|c| c == code), "{code} in {wood:?}");
        }
        assert!(wood.iter().all(|c| c.starts_with("H22")), "{wood:?}");
        let two = family_codes(&["H22".to_owned(), "N11".to_owned()]);
        assert!(two.iter().any(|c| c == "N1101"), "{two:?}");
        assert_eq!(
            two.len(),
            wood.len() + family_codes(&["N11".to_owned()]).len()
        );
        assert!(family_codes(&[String::new()]).is_empty());
    }

    #[test]
    fn resolves_the_forms_shapes() {
        let welder = job("H2913").expect("welder");
        assert_eq!(resolve(&welder.display()), Some(welder.clone()));
        assert_eq!(resolve("h2913"), Some(welder.clone()));
        assert_eq!(resolve(&welder.label.to_uppercase()), Some(welder));
        assert_eq!(resolve("zzzz"), None);
        assert_eq!(resolve("a"), None);
    }

    #[test]
    fn search_is_accent_blind_and_puts_the_sector_first() {
        let found = search("soudeur", None, 10);
        assert!(found.iter().any(|j| j.code == "H2913"), "{found:?}");
        let plain = search("agent", None, 50);
        let sector = search("agent", Some("01"), 50);
        assert_eq!(plain.len(), sector.len());
        let first = &sector[0];
        assert!(sector_jobs("01").contains(first), "{first:?}");
        assert!(search("metallier", None, 5)
            .iter()
            .all(|j| fold(&j.label).contains("metallier")));
    }
}
