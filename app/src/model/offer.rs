//! Job offers: their contract types, where they are already published (the
//! hidden-market flag), their lifecycle, and the shapes the pages show.

use serde::{Deserialize, Serialize};

/// Declares a closed set of values stored as text, with French labels.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and sent by forms.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The French label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Reads a stored or posted code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use text_enum;

text_enum! {
    /// The contract offered.
    ContractType {
        Cdi = "cdi": "CDI",
        Cdd = "cdd": "CDD",
        Interim = "interim": "Intérim",
        Alternance = "alternance": "Alternance",
        Saisonnier = "saisonnier": "Saisonnier",
        Stage = "stage": "Stage",
    }
}

impl ContractType {
    /// Whether the form must give the contract's length (fixed-term jobs).
    pub fn requires_duration(self) -> bool {
        matches!(self, ContractType::Cdd | ContractType::Saisonnier)
    }

    /// Whether a length means anything for this contract.
    pub fn has_duration(self) -> bool {
        self != ContractType::Cdi
    }
}

text_enum! {
    /// Full or part time.
    WorkingTime {
        FullTime = "full_time": "Temps plein",
        PartTime = "part_time": "Temps partiel",
    }
}

/// A job of the ROME (répertoire opérationnel des métiers et des emplois).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RomeJob {
    pub code: String,
    /// `libelle` in France Travail's table.
    #[serde(alias = "libelle")]
    pub label: String,
}

impl RomeJob {
    /// How the job is written in the form: `Label (CODE)`.
    pub fn display(&self) -> String {
        format!("{} ({})", self.label, self.code)
    }
}

/// The conditions of an offer beyond its title and description.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferTerms {
    /// Length of a fixed-term contract, in months.
    pub contract_months: Option<i64>,
    pub working_time: WorkingTime,
    pub weekly_hours: Option<i64>,
    /// Monthly gross salary range, in euros.
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Licences and qualifications required (free text).
    pub licences: String,
    /// The company agrees to the offer being shared with partner agencies.
    pub share_with_partners: bool,
    /// The company agrees to the offer being published on the public site.
    pub publish_publicly: bool,
    /// Up to three screening questions for candidates.
    pub questions: Vec<String>,
}

impl Default for OfferTerms {
    fn default() -> Self {
        OfferTerms {
            contract_months: None,
            working_time: WorkingTime::FullTime,
            weekly_hours: None,
            salary_min: None,
            salary_max: None,
            start_date: None,
            licences: String::new(),
            share_with_partners: true,
            publish_publicly: false,
            questions: Vec::new(),
        }
    }
}

impl OfferTerms {
    /// The salary range in French, if any bound is given.
    pub fn salary_text(&self) -> Option<String> {
        match (self.salary_min, self.salary_max) {
            (Some(a), Some(b)) if a == b => Some(format!("{a} € brut par mois")),
            (Some(a), Some(b)) => Some(format!("De {a} à {b} € brut par mois")),
            (Some(a), None) => Some(format!("À partir de {a} € brut par mois")),
            (None, Some(b)) => Some(format!("Jusqu'à {b} € brut par mois")),
            (None, None) => None,
        }
    }

    /// Working time in French, with the weekly hours when given.
    pub fn working_time_text(&self) -> String {
        match self.weekly_hours {
            Some(h) => format!("{} ({h} h par semaine)", self.working_time.label()),
            None => self.working_time.label().to_owned(),
        }
    }
}

text_enum! {
    /// Where the offer is already published; `Nowhere` makes it a
    /// hidden-market offer (marché caché).
    PublishedElsewhere {
        Nowhere = "nowhere": "Nulle part ailleurs (offre cachée)",
        FranceTravail = "france_travail": "Déjà publiée chez France Travail",
        OtherBoard = "other_board": "Déjà publiée sur un autre site d'emploi",
    }
}

text_enum! {
    /// The lifecycle of an offer.
    OfferStatus {
        Draft = "draft": "Brouillon",
        Submitted = "submitted": "En attente de validation",
        ChangesRequested = "changes_requested": "Modifications demandées",
        Published = "published": "Validée",
        Rejected = "rejected": "Refusée",
        Filled = "filled": "Pourvue",
        Cancelled = "cancelled": "Annulée",
        Expired = "expired": "Expirée",
    }
}

impl OfferStatus {
    /// Whether the lifecycle allows going from `self` to `to`.
    pub fn can_become(self, to: OfferStatus) -> bool {
        use OfferStatus::*;
        matches!(
            (self, to),
            (Draft, Submitted)
                | (Draft, Cancelled)
                | (Submitted, Published)
                | (Submitted, Rejected)
                | (Submitted, ChangesRequested)
                | (Submitted, Cancelled)
                | (ChangesRequested, Submitted)
                | (ChangesRequested, Cancelled)
                | (Published, Filled)
                | (Published, Cancelled)
                | (Published, Expired)
                | (Expired, Published)
        )
    }

    /// Whether partner organisations may see the offer.
    pub fn is_visible_to_partners(self) -> bool {
        self == OfferStatus::Published
    }

    /// Whether the offer waits for the platform team.
    pub fn awaits_moderation(self) -> bool {
        self == OfferStatus::Submitted
    }
}

/// A line of an offer list (company space, moderation queue, partners).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferSummary {
    pub id: i64,
    pub title: String,
    pub company_name: String,
    pub contract: ContractType,
    pub positions: i64,
    pub commune_name: String,
    pub status: OfferStatus,
    pub status_reason: Option<String>,
    pub hidden_market: bool,
    /// Submission date, already formatted in French (Europe/Paris).
    pub submitted_on: String,
    /// Days it has been waiting for moderation (submitted offers only).
    #[serde(default)]
    pub waiting_days: Option<i64>,
    /// Likely duplicates (moderation queue only): other live offers of the
    /// same establishment for the same job in the same commune.
    #[serde(default)]
    pub duplicates: usize,
}

/// The whole of an offer, as staff and partners read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferDetail {
    pub summary: OfferSummary,
    pub rome: Option<RomeJob>,
    pub terms: OfferTerms,
    /// When the published offer expires, in French.
    pub expires_on: Option<String>,
    /// Hires when filled, and whether they came through the platform.
    pub hires: Option<i64>,
    pub filled_via_platform: Option<bool>,
    pub description: String,
    pub published_elsewhere: PublishedElsewhere,
    pub company_siret: String,
    pub platform_name: String,
}

/// One line of the sharing ledger: an offer shared with an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareLine {
    pub org_id: i64,
    pub org_name: String,
    pub org_kind: crate::model::PartnerKind,
    pub shared_on: String,
    pub shared_by: String,
    pub first_opened_on: Option<String>,
    /// Candidates the organisation positioned: named ones, plus the counts
    /// given with feedback before named positioning existed.
    pub candidates: i64,
    /// Of the named ones, those hired.
    #[serde(default)]
    pub hired: i64,
}

/// A partner's feedback on a shared offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackLine {
    pub org_name: String,
    pub author: String,
    pub at: String,
    /// Candidates the partner positioned with this feedback.
    pub candidates: i64,
    pub comment: String,
}

/// An offer on a partner's dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerOfferLine {
    pub offer: OfferSummary,
    pub shared_on: String,
    /// Not yet opened by this adviser.
    pub is_new: bool,
}

/// A shared offer as the partner opens it, with its own feedback.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerOfferView {
    pub offer: OfferDetail,
    pub feedback: Vec<FeedbackLine>,
    /// The candidates the organisation positioned on the offer.
    pub positionings: Vec<crate::model::positioning::PositioningLine>,
    /// The one-time key of the positioning form: the same key sent twice
    /// (a double click) records one positioning.
    pub form_key: String,
}

/// Why an organisation of the territory is suggested for an offer (by its
/// kind and the offer's contract), or `None` when it is not.
pub fn share_suggestion(
    kind: crate::model::PartnerKind,
    contract: ContractType,
) -> Option<&'static str> {
    use crate::model::PartnerKind::*;
    use ContractType::*;
    match (kind, contract) {
        (FranceTravail, _) => Some("Toutes les offres : tous les demandeurs d'emploi"),
        (CapEmploi, _) => Some("Ouvre l'offre aux personnes en situation de handicap"),
        (MissionLocale, Alternance | Stage | Saisonnier | Interim | Cdd) => {
            Some("Contrat souvent adapté aux jeunes de moins de 26 ans")
        }
        (Plie | Siae, Cdd | Interim | Saisonnier) => {
            Some("Contrat court, adapté aux parcours d'insertion")
        }
        (Opco, Alternance) => Some("Alternance : financement et appui au recrutement"),
        _ => None,
    }
}

/// An organisation an offer could still be shared with, and why it is
/// suggested.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareCandidate {
    pub org: crate::model::PartnerOrg,
    pub suggested_because: Option<String>,
}

/// What staff see of an offer: the detail, its ledger, and the platform's
/// partner organisations it could still be shared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffOfferView {
    pub offer: OfferDetail,
    pub shares: Vec<ShareLine>,
    /// Suggested organisations first.
    pub shareable: Vec<ShareCandidate>,
    pub history: Vec<HistoryLine>,
    pub feedback: Vec<FeedbackLine>,
    /// Likely duplicates (same company, commune and contract, still live).
    pub similar: Vec<OfferSummary>,
    /// The company's answer to the outcome survey, once closed.
    pub survey: Option<crate::model::outcome_survey::SurveyResult>,
}

/// An offer as its edit form shows it (the fields as typed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferEdit {
    pub id: i64,
    pub status: OfferStatus,
    pub form: crate::model::validate::OfferForm,
}

impl OfferStatus {
    /// Whether the company may still edit the offer.
    pub fn editable_by_company(self) -> bool {
        matches!(self, OfferStatus::Submitted | OfferStatus::ChangesRequested)
    }
}

/// One recorded change of status: who, when, why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: String,
    pub actor: String,
    pub to_status: OfferStatus,
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in OfferStatus::ALL {
            assert_eq!(OfferStatus::from_code(s.code()), Some(*s));
        }
        for c in ContractType::ALL {
            assert_eq!(ContractType::from_code(c.code()), Some(*c));
        }
        assert_eq!(PublishedElsewhere::from_code("x"), None);
    }

    #[test]
    fn moderation_transitions() {
        use OfferStatus::*;
        assert!(Submitted.can_become(Published));
        assert!(Submitted.can_become(Rejected));
        assert!(!Rejected.can_become(Published));
        assert!(!Published.can_become(Submitted));
        assert!(!Draft.can_become(Published));
        assert!(ChangesRequested.can_become(Submitted));
    }

    #[test]
    fn suggestions_follow_the_kind_and_the_contract() {
        use crate::model::PartnerKind;
        assert!(share_suggestion(PartnerKind::FranceTravail, ContractType::Cdi).is_some());
        assert!(share_suggestion(PartnerKind::MissionLocale, ContractType::Alternance).is_some());
        assert!(share_suggestion(PartnerKind::MissionLocale, ContractType::Cdi).is_none());
        assert!(share_suggestion(PartnerKind::Opco, ContractType::Alternance).is_some());
        assert!(share_suggestion(PartnerKind::Apec, ContractType::Cdi).is_none());
    }

    #[test]
    fn only_published_offers_reach_partners() {
        for s in OfferStatus::ALL {
            assert_eq!(s.is_visible_to_partners(), *s == OfferStatus::Published);
        }
    }
}
