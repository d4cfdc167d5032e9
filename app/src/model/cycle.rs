//! The convention's yearly cycle (articles 3.2 to 3.5): the action
//! programme, the governance register, delays on the indicators, the
//! annual report and the Région's requests about a company. Shapes, French
//! labels and the checks of their forms.

use serde::{Deserialize, Serialize};

use super::indicators::{axis_label, definition};
use super::offer::text_enum;
use super::offer_form::{is_iso_date, iso_from_french};
use crate::error::FormErrors;

text_enum! {
    /// Where an action of the programme stands.
    ActionStatus {
        Planned = "prevue": "Prévue",
        InProgress = "en_cours": "En cours",
        Done = "realisee": "Réalisée",
        Postponed = "reportee": "Reportée",
        Dropped = "abandonnee": "Abandonnée",
    }
}

text_enum! {
    /// What carries an action out.
    LinkKind {
        Event = "event": "Événement",
        Intervention = "intervention": "Intervention",
        Support = "support": "Accompagnement",
    }
}

text_enum! {
    /// The meetings the convention requires.
    MeetingKind {
        CoPresidency = "copresidence": "Coprésidence",
        IntermediateReview = "bilan_intermediaire": "Bilan intermédiaire avec la Région",
        FinalReview = "bilan_final": "Bilan final avec la Région",
    }
}

text_enum! {
    /// The two reports of a year.
    ReportPeriod {
        Annual = "annuel": "Bilan annuel",
        Intermediate = "intermediaire": "Bilan intermédiaire (janvier à juin)",
    }
}

text_enum! {
    /// Why the Région asks a platform to support a company (the
    /// convention's cases).
    RegionReason {
        FreePhone = "numero_vert": "Appel au numéro vert de la Région",
        Settling = "implantation": "Entreprise s'implantant avec une aide régionale",
        Difficulty = "difficulte": "Entreprise en difficulté",
        RegionalEvent = "evenement": "Événement régional",
    }
}

/// Co-presidency meetings a year must hold, at least.
pub const MIN_COPRESIDENCY: usize = 3;
/// Review meetings with the Région a year must hold, at least.
pub const MIN_REVIEWS: usize = 2;

/// One action of the programme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeAction {
    pub id: i64,
    pub axis: u8,
    pub title: String,
    pub description: String,
    /// (key, label) of the indicators it serves.
    pub indicators: Vec<(String, String)>,
    /// "mars 2026 – juin 2026".
    pub period: String,
    pub owner: String,
    pub status: ActionStatus,
    /// (kind label, what it is, link) of what carries it out.
    pub links: Vec<(String, String, Option<String>)>,
}

/// What staff may link an action to: (code "event:12", label).
pub type Linkable = (String, String);

/// The programme page of a platform and year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub year: i32,
    pub platform: String,
    pub actions: Vec<ProgrammeAction>,
    /// (key, axis, label, objective shown or empty).
    pub objectives: Vec<(String, u8, String, String)>,
    pub linkables: Vec<Linkable>,
    /// Whether the reader may change it (the platform's staff).
    pub editable: bool,
}

/// The form of a new action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeForm {
    pub year: String,
    pub axis: String,
    pub title: String,
    pub description: String,
    /// The indicators ticked: the form's checkboxes are named
    /// `indicators[KEY]`.
    #[serde(default)]
    pub indicators: std::collections::BTreeMap<String, String>,
    pub starts_on: String,
    pub ends_on: String,
    pub owner: String,
}

/// An action form that passed the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedProgrammeAction {
    pub year: i32,
    pub axis: u8,
    pub title: String,
    pub description: String,
    pub indicators: Vec<&'static str>,
    pub starts_on: String,
    pub ends_on: String,
    pub owner: String,
}

fn required(
    value: &str,
    field: &str,
    message: &str,
    max: usize,
    errors: &mut FormErrors,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, message);
    } else if value.chars().count() > max {
        errors.add(field, format!("{max} caractères au plus."));
    }
    value.to_owned()
}

/// A month "YYYY-MM" of the given year.
fn month_of_year(text: &str, year: i32) -> Option<String> {
    let text = text.trim();
    let (y, m) = text.split_once('-')?;
    let m: u32 = m.parse().ok()?;
    (y.parse::<i32>().ok()? == year && (1..=12).contains(&m)).then(|| format!("{year}-{m:02}"))
}

/// The year of a form, within reason.
pub fn check_year(text: &str) -> Option<i32> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
}

impl ProgrammeForm {
    pub fn check(&self) -> Result<CheckedProgrammeAction, FormErrors> {
        let mut errors = FormErrors::new();
        let year = check_year(&self.year);
        if year.is_none() {
            errors.add("year", "Indiquez une année.");
        }
        let axis = self
            .axis
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|a| (1..=4).contains(a));
        if axis.is_none() {
            errors.add("axis", "Choisissez l'axe de la convention.");
        }
        let title = required(
            &self.title,
            "title",
            "Donnez un titre à l'action.",
            200,
            &mut errors,
        );
        if self.description.chars().count() > 4000 {
            errors.add("description", "4 000 caractères au plus.");
        }
        let mut indicators = Vec::new();
        for key in self.indicators.keys() {
            match definition(key.trim()) {
                Some(d) if axis.is_none_or(|a| a == d.axis) => indicators.push(d.key),
                Some(_) => errors.add(
                    "indicators",
                    "Choisissez des indicateurs de l'axe de l'action.",
                ),
                None if key.trim().is_empty() => {}
                None => errors.add("indicators", "Cet indicateur n'existe pas."),
            }
        }
        if indicators.is_empty() && !errors.fields.contains_key("indicators") {
            errors.add(
                "indicators",
                "Cochez au moins un indicateur que l'action sert.",
            );
        }
        let y = year.unwrap_or(0);
        let starts = month_of_year(&self.starts_on, y);
        let ends = month_of_year(&self.ends_on, y);
        if year.is_some() && starts.is_none() {
            errors.add(
                "starts_on",
                "Indiquez un mois de l'année du programme (AAAA-MM).",
            );
        }
        if year.is_some() && ends.is_none() {
            errors.add(
                "ends_on",
                "Indiquez un mois de l'année du programme (AAAA-MM).",
            );
        }
        if let (Some(s), Some(e)) = (&starts, &ends) {
            if e < s {
                errors.add("ends_on", "La fin ne peut pas précéder le début.");
            }
        }
        let owner = required(
            &self.owner,
            "owner",
            "Indiquez qui porte l'action.",
            200,
            &mut errors,
        );
        match (year, axis, starts, ends) {
            (Some(year), Some(axis), Some(starts_on), Some(ends_on)) if errors.is_empty() => {
                Ok(CheckedProgrammeAction {
                    year,
                    axis,
                    title,
                    description: self.description.trim().to_owned(),
                    indicators,
                    starts_on,
                    ends_on,
                    owner,
                })
            }
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        let mut kept = errors
            .keep("year", &self.year)
            .keep("axis", &self.axis)
            .keep("title", &self.title)
            .keep("description", &self.description)
            .keep("starts_on", &self.starts_on)
            .keep("ends_on", &self.ends_on)
            .keep("owner", &self.owner);
        for key in self.indicators.keys() {
            kept = kept.keep(&format!("indicators[{key}]"), crate::model::CHECKED);
        }
        kept
    }
}

/// A meeting of the governance register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub kind: MeetingKind,
    /// "14/03/2026".
    pub held_on: String,
    /// Whether the date is still to come.
    pub planned: bool,
    pub platform: String,
    pub organisations: String,
    pub agenda: String,
    pub minutes: String,
    pub has_pdf: bool,
    pub decisions: Vec<Decision>,
}

/// A decision taken in a meeting, with its follow-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub id: i64,
    pub decision: String,
    pub owner: String,
    pub due_on: Option<String>,
    pub done_on: Option<String>,
}

/// The register of a year, and what it still lacks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Governance {
    pub year: i32,
    pub meetings: Vec<Meeting>,
    /// Whether the reader may record (the platform's staff).
    pub editable: bool,
    pub warnings: Vec<String>,
}

/// What the staff home says of the year's meetings, if anything lacks.
pub fn meeting_warnings(copresidency: usize, reviews: usize, year: i32) -> Vec<String> {
    let mut out = Vec::new();
    if copresidency < MIN_COPRESIDENCY {
        out.push(format!(
            "{copresidency} réunion(s) de coprésidence prévue(s) ou tenue(s) en {year} : la convention en demande au moins {MIN_COPRESIDENCY}."
        ));
    }
    if reviews < MIN_REVIEWS {
        out.push(format!(
            "{reviews} réunion(s) de bilan avec la Région prévue(s) ou tenue(s) en {year} : la convention en demande au moins {MIN_REVIEWS} (intermédiaire et final)."
        ));
    }
    out
}

/// The form of a meeting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingForm {
    pub kind: String,
    pub held_on: String,
    pub organisations: String,
    pub agenda: String,
    pub minutes: String,
    /// One decision per line, "décision ; responsable ; échéance".
    pub decisions: String,
}

/// A decision as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedDecision {
    pub decision: String,
    pub owner: String,
    pub due_on: Option<String>,
}

/// A meeting form that passed the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedMeeting {
    pub kind: MeetingKind,
    pub held_on: String,
    pub year: i32,
    pub organisations: String,
    pub agenda: String,
    pub minutes: String,
    pub decisions: Vec<CheckedDecision>,
}

/// A date typed as "AAAA-MM-JJ" or "JJ/MM/AAAA".
pub fn check_date(text: &str) -> Option<String> {
    let iso = iso_from_french(text.trim());
    is_iso_date(&iso).then_some(iso)
}

impl MeetingForm {
    pub fn check(&self) -> Result<CheckedMeeting, FormErrors> {
        let mut errors = FormErrors::new();
        let kind = MeetingKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Choisissez le type de réunion.");
        }
        let held_on = check_date(&self.held_on);
        if held_on.is_none() {
            errors.add("held_on", "Indiquez la date de la réunion (JJ/MM/AAAA).");
        }
        let organisations = required(
            &self.organisations,
            "organisations",
            "Indiquez les organisations présentes ou invitées.",
            1000,
            &mut errors,
        );
        let agenda = required(
            &self.agenda,
            "agenda",
            "Indiquez l'ordre du jour.",
            4000,
            &mut errors,
        );
        if self.minutes.chars().count() > 20_000 {
            errors.add("minutes", "20 000 caractères au plus.");
        }
        let mut decisions = Vec::new();
        for line in self.decisions.lines().filter(|l| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split(';').map(str::trim).collect();
            let due_on = parts
                .get(2)
                .filter(|d| !d.is_empty())
                .map(|d| check_date(d));
            if parts[0].is_empty() || parts.len() > 3 || matches!(due_on, Some(None)) {
                errors.add(
                    "decisions",
                    "Une décision par ligne : « décision ; responsable ; échéance JJ/MM/AAAA » (responsable et échéance facultatifs).",
                );
                break;
            }
            decisions.push(CheckedDecision {
                decision: parts[0].chars().take(1000).collect(),
                owner: parts.get(1).map(|o| o.to_string()).unwrap_or_default(),
                due_on: due_on.flatten(),
            });
        }
        match (kind, held_on) {
            (Some(kind), Some(held_on)) if errors.is_empty() => Ok(CheckedMeeting {
                kind,
                year: held_on[..4].parse().unwrap_or_default(),
                held_on,
                organisations,
                agenda,
                minutes: self.minutes.trim().to_owned(),
                decisions,
            }),
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("kind", &self.kind)
            .keep("held_on", &self.held_on)
            .keep("organisations", &self.organisations)
            .keep("agenda", &self.agenda)
            .keep("minutes", &self.minutes)
            .keep("decisions", &self.decisions)
    }
}

/// An indicator behind its objective prorated to the date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelayAlert {
    pub key: String,
    pub label: String,
    /// The value to date, as read.
    pub value: String,
    /// What the prorated objective expects at this date, as read.
    pub expected: String,
    pub objective: String,
    /// The comment staff gave, with who and when ("12/05/2026").
    pub acknowledged: Option<(String, String, String)>,
}

/// How far behind an indicator is: the value to date against the annual
/// objective prorated to the share of the year gone (rates are compared
/// whole, a share does not grow with time). Flagged when it is more than
/// `margin` percent under what is expected.
pub fn is_late(value: f64, objective: i64, rate: bool, elapsed: f64, margin: u32) -> Option<f64> {
    if objective <= 0 {
        return None;
    }
    let expected = if rate {
        objective as f64
    } else {
        objective as f64 * elapsed.clamp(0.0, 1.0)
    };
    (value < expected * (1.0 - f64::from(margin) / 100.0)).then_some(expected)
}

/// The three parts the narrative asks for on each axis.
pub const NARRATIVE_PARTS: [(&str, &str); 3] = [
    ("faits", "Faits marquants"),
    ("difficultes", "Difficultés"),
    ("perspectives", "Perspectives"),
];

/// The narrative fields of the report: (field name, axis, part label).
pub fn narrative_fields() -> Vec<(String, u8, &'static str)> {
    (1..=4u8)
        .flat_map(|axis| {
            NARRATIVE_PARTS
                .iter()
                .map(move |(code, label)| (format!("axe{axis}_{code}"), axis, *label))
        })
        .collect()
}

/// The label of a narrative field, for forms and the PDF.
pub fn narrative_label(axis: u8, part: &str) -> String {
    format!("{} – {part}", axis_label(axis))
}

/// Longest narrative part.
pub const NARRATIVE_MAX: usize = 8000;

/// The annual report of a platform, as staff edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualReport {
    pub platform_id: i64,
    pub platform: String,
    pub year: i32,
    pub period: ReportPeriod,
    /// (field name, axis, part label, text).
    pub fields: Vec<(String, u8, String, String)>,
    /// "12/05/2026 à 14:03", if saved.
    pub saved_at: Option<String>,
    /// When it was locked and sent, if it was.
    pub locked_at: Option<String>,
    pub editable: bool,
}

/// A report in the Région's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportLine {
    pub platform_id: i64,
    pub platform: String,
    pub year: i32,
    pub period: ReportPeriod,
    pub locked_at: Option<String>,
}

/// The form of a Région request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionRequestForm {
    pub platform: String,
    pub reason: String,
    pub company_name: String,
    pub siret: String,
    pub contact: String,
    pub description: String,
    pub due_on: String,
}

/// A Région request that passed the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedRegionRequest {
    pub platform_id: i64,
    pub reason: RegionReason,
    pub company_name: String,
    pub siret: super::Siret,
    pub contact: String,
    pub description: String,
    pub due_on: String,
}

impl RegionRequestForm {
    /// Checks the form; `today` ("YYYY-MM-DD") bounds the answer date.
    pub fn check(&self, today: &str) -> Result<CheckedRegionRequest, FormErrors> {
        let mut errors = FormErrors::new();
        let platform_id = self.platform.trim().parse::<i64>().ok();
        if platform_id.is_none() {
            errors.add("platform", "Choisissez la plateforme.");
        }
        let reason = RegionReason::from_code(self.reason.trim());
        if reason.is_none() {
            errors.add("reason", "Choisissez le motif de la demande.");
        }
        let company_name = required(
            &self.company_name,
            "company_name",
            "Indiquez le nom de l'entreprise.",
            200,
            &mut errors,
        );
        let siret = match super::Siret::parse(&self.siret) {
            Ok(s) => Some(s),
            Err(m) => {
                errors.add("siret", m);
                None
            }
        };
        let contact = required(
            &self.contact,
            "contact",
            "Indiquez la personne à joindre dans l'entreprise (nom, téléphone ou e-mail).",
            500,
            &mut errors,
        );
        let description = required(
            &self.description,
            "description",
            "Décrivez la situation de l'entreprise et ce que la Région attend.",
            4000,
            &mut errors,
        );
        let due_on = check_date(&self.due_on);
        match &due_on {
            None => errors.add(
                "due_on",
                "Indiquez la date de réponse attendue (JJ/MM/AAAA).",
            ),
            Some(d) if d.as_str() < today => {
                errors.add("due_on", "La date de réponse attendue est déjà passée.")
            }
            Some(_) => {}
        }
        match (platform_id, reason, siret, due_on) {
            (Some(platform_id), Some(reason), Some(siret), Some(due_on)) if errors.is_empty() => {
                Ok(CheckedRegionRequest {
                    platform_id,
                    reason,
                    company_name,
                    siret,
                    contact,
                    description,
                    due_on,
                })
            }
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("platform", &self.platform)
            .keep("reason", &self.reason)
            .keep("company_name", &self.company_name)
            .keep("siret", &self.siret)
            .keep("contact", &self.contact)
            .keep("description", &self.description)
            .keep("due_on", &self.due_on)
    }
}

/// A Région request as the Région follows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionRequestLine {
    pub id: i64,
    pub platform: String,
    pub company: String,
    pub reason: String,
    pub sent_on: String,
    pub due_on: String,
    pub status: String,
    pub closed: bool,
    pub late: bool,
    pub outcome: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_late_against_its_prorated_objective_a_rate_against_itself() {
        // 100 a year, half the year gone: 50 expected, 10 % margin → 45.
        assert_eq!(is_late(44.0, 100, false, 0.5, 10), Some(50.0));
        assert_eq!(is_late(45.0, 100, false, 0.5, 10), None);
        assert_eq!(is_late(60.0, 80, true, 0.1, 10), Some(80.0));
        assert_eq!(is_late(0.0, 0, false, 0.5, 10), None);
    }

    #[test]
    fn an_action_is_checked_field_by_field_and_keeps_what_was_typed() {
        let form = ProgrammeForm {
            year: "2026".into(),
            axis: "1".into(),
            title: " ".into(),
            description: String::new(),
            indicators: [("positions".to_owned(), "oui".to_owned())].into(),
            starts_on: "2026-05".into(),
            ends_on: "2026-03".into(),
            owner: "Julie".into(),
        };
        let errors = form.check().unwrap_err();
        assert!(errors.fields.contains_key("title"));
        assert!(errors.fields.contains_key("indicators"));
        assert!(errors.fields.contains_key("ends_on"));
        assert_eq!(
            errors.values.get("owner").map(String::as_str),
            Some("Julie")
        );
        let ok = ProgrammeForm {
            title: "Petits déjeuners".into(),
            indicators: [("contacts", "oui"), ("visited", "oui")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .into(),
            ends_on: "2026-06".into(),
            ..form
        }
        .check()
        .expect("valid");
        assert_eq!(ok.indicators, vec!["contacts", "visited"]);
    }

    #[test]
    fn decisions_are_read_one_per_line() {
        let form = MeetingForm {
            kind: "copresidence".into(),
            held_on: "12/03/2026".into(),
            organisations: "Région, CCI".into(),
            agenda: "Bilan".into(),
            minutes: String::new(),
            decisions: "Relancer les CFM ; Julie ; 30/04/2026\nCréer un club".into(),
        };
        let m = form.check().expect("valid");
        assert_eq!(m.year, 2026);
        assert_eq!(m.decisions.len(), 2);
        assert_eq!(m.decisions[0].due_on.as_deref(), Some("2026-04-30"));
        let bad = MeetingForm {
            decisions: "X ; Y ; demain".into(),
            ..form
        };
        assert!(bad.check().unwrap_err().fields.contains_key("decisions"));
    }

    #[test]
    fn the_year_lacks_meetings_until_three_and_two() {
        assert_eq!(meeting_warnings(2, 2, 2026).len(), 1);
        assert_eq!(meeting_warnings(3, 1, 2026).len(), 1);
        assert!(meeting_warnings(3, 2, 2026).is_empty());
    }
}
