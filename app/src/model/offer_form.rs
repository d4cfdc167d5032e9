//! The offer form: what a company types, and the checks that turn it into an
//! offer. The ROME job and the commune are resolved on the server, against
//! the shipped ROME list and the platform's territory.

use serde::{Deserialize, Serialize};

use crate::error::FormErrors;

use super::offer::{ContractType, OfferTerms, PublishedElsewhere, WorkingTime};

/// Longest title of an offer.
pub const TITLE_MAX: usize = 120;
/// Longest description of an offer.
pub const DESCRIPTION_MAX: usize = 5000;
/// Longest text of licences and qualifications.
pub const LICENCES_MAX: usize = 500;
/// Longest screening question.
pub const QUESTION_MAX: usize = 300;
/// The value a ticked checkbox sends.
pub const CHECKED: &str = "oui";

/// An offer as the company typed it, before checks. Every field is text, as
/// a form posts it; a box not ticked is simply absent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferForm {
    pub title: String,
    pub rome: String,
    pub contract: String,
    pub contract_months: String,
    pub positions: String,
    pub working_time: String,
    pub weekly_hours: String,
    pub salary_min: String,
    pub salary_max: String,
    pub commune: String,
    pub start_date: String,
    pub description: String,
    pub licences: String,
    pub published_elsewhere: String,
    pub share_consent: String,
    pub publish_consent: String,
    pub question_1: String,
    pub question_2: String,
    pub question_3: String,
}

/// An offer whose fields passed the checks (ROME code and commune are
/// resolved later).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedOffer {
    pub title: String,
    pub rome_code: String,
    pub contract: ContractType,
    pub positions: i64,
    pub description: String,
    pub published_elsewhere: PublishedElsewhere,
    pub terms: OfferTerms,
}

impl OfferForm {
    /// The named fields of the form, with their values, in form order.
    pub fn fields(&self) -> [(&'static str, &str); 19] {
        [
            ("title", &self.title),
            ("rome", &self.rome),
            ("contract", &self.contract),
            ("contract_months", &self.contract_months),
            ("positions", &self.positions),
            ("working_time", &self.working_time),
            ("weekly_hours", &self.weekly_hours),
            ("salary_min", &self.salary_min),
            ("salary_max", &self.salary_max),
            ("commune", &self.commune),
            ("start_date", &self.start_date),
            ("description", &self.description),
            ("licences", &self.licences),
            ("published_elsewhere", &self.published_elsewhere),
            ("share_consent", &self.share_consent),
            ("publish_consent", &self.publish_consent),
            ("question_1", &self.question_1),
            ("question_2", &self.question_2),
            ("question_3", &self.question_3),
        ]
    }

    /// Keeps every typed value in `errors` so the form can be refilled.
    pub fn keep_values(&self, errors: FormErrors) -> FormErrors {
        self.fields()
            .iter()
            .fold(errors, |e, (name, value)| e.keep(name, value))
    }

    /// Checks every field; on failure the errors name each refused field.
    pub fn check(&self, errors: &mut FormErrors) -> Option<CheckedOffer> {
        let title = self.title.trim();
        if title.is_empty() {
            errors.add("title", "Indiquez l'intitulé du poste.");
        } else if title.chars().count() > TITLE_MAX {
            errors.add(
                "title",
                format!("L'intitulé ne doit pas dépasser {TITLE_MAX} caractères."),
            );
        }
        if self.rome.trim().is_empty() {
            errors.add(
                "rome",
                "Choisissez le métier dans la liste (code ROME) : commencez à taper son nom.",
            );
        }
        let contract = ContractType::from_code(self.contract.trim());
        if contract.is_none() {
            errors.add("contract", "Choisissez un type de contrat.");
        }
        let months = optional_number(&self.contract_months);
        let contract_months = match (contract, months) {
            (Some(c), Ok(None)) if c.requires_duration() => {
                errors.add(
                    "contract_months",
                    "Indiquez la durée du contrat, en mois (de 1 à 36).",
                );
                None
            }
            (_, Ok(Some(n))) if !(1..=36).contains(&n) => {
                errors.add(
                    "contract_months",
                    "La durée du contrat se compte en mois, de 1 à 36.",
                );
                None
            }
            (_, Err(())) => {
                errors.add(
                    "contract_months",
                    "La durée du contrat est un nombre de mois, par exemple 6.",
                );
                None
            }
            (Some(c), Ok(n)) if c.has_duration() => n,
            _ => None,
        };
        let positions = match self.positions.trim().parse::<i64>() {
            Ok(n) if (1..=999).contains(&n) => Some(n),
            _ => {
                errors.add("positions", "Indiquez un nombre de postes entre 1 et 999.");
                None
            }
        };
        let working_time = WorkingTime::from_code(self.working_time.trim());
        if working_time.is_none() {
            errors.add(
                "working_time",
                "Dites si le poste est à temps plein ou à temps partiel.",
            );
        }
        let weekly_hours = match optional_number(&self.weekly_hours) {
            Ok(Some(h)) if !(1..=48).contains(&h) => {
                errors.add("weekly_hours", "La durée hebdomadaire va de 1 à 48 heures.");
                None
            }
            Ok(h) => h,
            Err(()) => {
                errors.add(
                    "weekly_hours",
                    "Indiquez un nombre d'heures par semaine, par exemple 35.",
                );
                None
            }
        };
        let (salary_min, salary_max) = self.check_salary(errors);
        if self.commune.trim().is_empty() {
            errors.add("commune", "Indiquez la commune du poste.");
        }
        let start_date = match iso_from_french(self.start_date.trim()) {
            d if d.is_empty() => None,
            d if is_iso_date(&d) => Some(d),
            _ => {
                errors.add(
                    "start_date",
                    "Indiquez une date de début au format jj/mm/aaaa, par exemple 15/01/2027.",
                );
                None
            }
        };
        let description = self.description.trim();
        if description.chars().count() < 20 {
            errors.add(
                "description",
                "Décrivez le poste en quelques phrases (20 caractères au moins).",
            );
        } else if description.chars().count() > DESCRIPTION_MAX {
            errors.add(
                "description",
                format!("La description ne doit pas dépasser {DESCRIPTION_MAX} caractères."),
            );
        }
        let licences = self.licences.trim();
        if licences.chars().count() > LICENCES_MAX {
            errors.add(
                "licences",
                format!("Ce champ ne doit pas dépasser {LICENCES_MAX} caractères."),
            );
        }
        let published = PublishedElsewhere::from_code(self.published_elsewhere.trim());
        if published.is_none() {
            errors.add(
                "published_elsewhere",
                "Dites si l'offre est déjà publiée ailleurs.",
            );
        }
        let mut questions = Vec::new();
        for (name, q) in [
            ("question_1", &self.question_1),
            ("question_2", &self.question_2),
            ("question_3", &self.question_3),
        ] {
            let q = q.trim();
            if q.chars().count() > QUESTION_MAX {
                errors.add(
                    name,
                    format!("Une question ne doit pas dépasser {QUESTION_MAX} caractères."),
                );
            } else if !q.is_empty() {
                questions.push(q.to_owned());
            }
        }
        match (contract, positions, published, working_time) {
            (Some(contract), Some(positions), Some(published_elsewhere), Some(working_time))
                if errors.is_empty() =>
            {
                Some(CheckedOffer {
                    title: title.to_owned(),
                    rome_code: String::new(),
                    contract,
                    positions,
                    description: description.to_owned(),
                    published_elsewhere,
                    terms: OfferTerms {
                        contract_months,
                        working_time,
                        weekly_hours,
                        salary_min,
                        salary_max,
                        start_date,
                        licences: licences.to_owned(),
                        share_with_partners: self.share_consent.trim() == CHECKED,
                        publish_publicly: self.publish_consent.trim() == CHECKED,
                        questions,
                    },
                })
            }
            _ => None,
        }
    }

    /// The monthly gross salary range, in euros: both bounds optional, the
    /// lower one not above the upper one.
    fn check_salary(&self, errors: &mut FormErrors) -> (Option<i64>, Option<i64>) {
        let mut bound = |name: &str, text: &str| match optional_number(text) {
            Ok(Some(n)) if !(1..=100_000).contains(&n) => {
                errors.add(
                    name,
                    "Indiquez un salaire mensuel brut en euros, entre 1 et 100 000.",
                );
                None
            }
            Ok(n) => n,
            Err(()) => {
                errors.add(
                    name,
                    "Indiquez un montant en euros, sans centimes, par exemple 1900.",
                );
                None
            }
        };
        let min = bound("salary_min", &self.salary_min);
        let max = bound("salary_max", &self.salary_max);
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                errors.add(
                    "salary_max",
                    "Le salaire maximum doit être supérieur ou égal au minimum.",
                );
            }
        }
        (min, max)
    }
}

/// An optional whole number: `Ok(None)` when empty, `Err` when not a number.
/// Spaces (thousands separators) are ignored.
fn optional_number(text: &str) -> Result<Option<i64>, ()> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse::<i64>().map(Some).map_err(|_| ())
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD` (what a date
/// input sends), between 2000 and 2100.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (2000..=2100).contains(&y) && (1..=days).contains(&d)
}

/// A date typed `jj/mm/aaaa` (browsers without a date picker) as
/// `YYYY-MM-DD`; anything else unchanged.
pub fn iso_from_french(text: &str) -> String {
    match text.split('/').collect::<Vec<_>>().as_slice() {
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            format!("{y}-{:0>2}-{:0>2}", m.trim(), d.trim())
        }
        _ => text.to_owned(),
    }
}

/// A `YYYY-MM-DD` date written the French way (`15/01/2027`).
pub fn french_date(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good_offer() -> OfferForm {
        OfferForm {
            title: "  Soudeur TIG  ".into(),
            rome: "Soudeur / Soudeuse (H2913)".into(),
            contract: "cdi".into(),
            positions: "2".into(),
            working_time: "full_time".into(),
            commune: "Béthune (62400)".into(),
            description: "Soudure TIG sur inox, travail en atelier, horaires de journée.".into(),
            published_elsewhere: "nowhere".into(),
            share_consent: CHECKED.into(),
            ..OfferForm::default()
        }
    }

    #[test]
    fn good_offer_passes_and_is_trimmed() {
        let mut e = FormErrors::new();
        let o = good_offer().check(&mut e).expect("valid");
        assert!(e.is_empty());
        assert_eq!(o.title, "Soudeur TIG");
        assert_eq!(o.positions, 2);
        assert_eq!(o.published_elsewhere, PublishedElsewhere::Nowhere);
        assert!(o.terms.share_with_partners);
        assert!(!o.terms.publish_publicly);
        assert_eq!(o.terms.contract_months, None);
    }

    #[test]
    fn empty_title_and_bad_positions_are_named() {
        let mut form = good_offer();
        form.title = "   ".into();
        form.positions = "0".into();
        form.contract = "cdx".into();
        form.rome = " ".into();
        let mut e = FormErrors::new();
        assert!(form.check(&mut e).is_none());
        for f in ["title", "positions", "contract", "rome"] {
            assert!(e.fields.contains_key(f), "{f}");
        }
    }

    #[test]
    fn fixed_term_contracts_need_a_duration() {
        let mut form = good_offer();
        form.contract = "cdd".into();
        let mut e = FormErrors::new();
        assert!(form.check(&mut e).is_none());
        assert!(e.fields.contains_key("contract_months"));
        form.contract_months = "6".into();
        let mut e = FormErrors::new();
        assert_eq!(
            form.check(&mut e).expect("valid").terms.contract_months,
            Some(6)
        );
        form.contract = "cdi".into();
        let mut e = FormErrors::new();
        assert_eq!(
            form.check(&mut e).expect("valid").terms.contract_months,
            None
        );
    }

    #[test]
    fn salary_range_and_hours_are_checked() {
        let mut form = good_offer();
        form.salary_min = "2 100".into();
        form.salary_max = "1900".into();
        form.weekly_hours = "70".into();
        let mut e = FormErrors::new();
        assert!(form.check(&mut e).is_none());
        assert!(e.fields.contains_key("salary_max"));
        assert!(e.fields.contains_key("weekly_hours"));
        form.salary_max = "2 400".into();
        form.weekly_hours = "35".into();
        let mut e = FormErrors::new();
        let o = form.check(&mut e).expect("valid");
        assert_eq!(
            (o.terms.salary_min, o.terms.salary_max),
            (Some(2100), Some(2400))
        );
    }

    #[test]
    fn dates_and_questions() {
        assert!(is_iso_date("2027-02-28"));
        assert!(is_iso_date("2028-02-29"));
        assert!(!is_iso_date("2027-02-29"));
        assert!(!is_iso_date("15/01/2027"));
        assert_eq!(french_date("2027-01-15"), "15/01/2027");
        let mut form = good_offer();
        form.start_date = "32/13/2027".into();
        form.question_2 = "Avez-vous le permis B ?".into();
        form.question_3 = "x".repeat(QUESTION_MAX + 1);
        let mut e = FormErrors::new();
        assert!(form.check(&mut e).is_none());
        assert!(e.fields.contains_key("start_date"));
        assert!(e.fields.contains_key("question_3"));
        form.start_date = "5/1/2027".into();
        form.question_3.clear();
        let mut e = FormErrors::new();
        let o = form.check(&mut e).expect("valid");
        assert_eq!(
            o.terms.questions,
            vec!["Avez-vous le permis B ?".to_owned()]
        );
        assert_eq!(o.terms.start_date.as_deref(), Some("2027-01-05"));
    }

    #[test]
    fn kept_values_include_unticked_boxes() {
        let mut form = good_offer();
        form.share_consent.clear();
        let kept = form.keep_values(FormErrors::new());
        assert_eq!(
            kept.values.get("share_consent").map(String::as_str),
            Some("")
        );
        assert_eq!(kept.values.len(), 19);
    }
}
