//! Network events (job datings, forums, business clubs...) and the
//! registrations of candidates, with a waiting list once the seats are
//! taken.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;
use crate::error::FormErrors;

text_enum! {
    /// The kinds of events the platforms run.
    EventKind {
        JobDating = "job_dating": "Job dating / circuit court",
        Forum = "forum": "Forum de l'emploi",
        BusinessClub = "club": "Club ou cercle d'entreprises",
        TradeLeaders = "chefs_de_file": "Rencontre des chefs de file métiers",
        CompanyVisit = "visite": "Visite d'entreprise",
        InfoSession = "information": "Réunion d'information",
        Workshop = "atelier": "Atelier (CV, entretien, découverte des métiers)",
        EconomicActors = "acteurs_eco": "Rencontre avec les acteurs économiques",
    }
}

text_enum! {
    /// Where a candidate's registration stands.
    RegistrationStatus {
        Confirmed = "confirmed": "Inscription confirmée",
        Waiting = "waiting": "Liste d'attente",
        Cancelled = "cancelled": "Annulée",
    }
}

text_enum! {
    /// The candidate's situation.
    Situation {
        JobSeeker = "demandeur": "Demandeur d'emploi",
        Employed = "salarie": "Salarié",
        Student = "etudiant": "Étudiant ou élève",
        Training = "formation": "En formation",
        Other = "autre": "Autre situation",
    }
}

text_enum! {
    /// Priority publics of the scheme (recorded only with consent).
    PriorityPublic {
        Young = "jeune": "Jeune de moins de 26 ans",
        Senior = "senior": "Senior de 50 ans ou plus",
        Rqth = "rqth": "Travailleur handicapé (RQTH)",
        Qpv = "qpv": "Habitant d'un quartier prioritaire (QPV)",
        Redundancy = "licenciement_eco": "Licencié économique",
        LeavingTraining = "sortant_formation": "Sortant de formation",
        Rsa = "rsa": "Allocataire du RSA",
    }
}

text_enum! {
    /// Who sent the candidate.
    Referrer {
        FranceTravail = "france_travail": "France Travail",
        MissionLocale = "mission_locale": "Mission locale",
        CapEmploi = "cap_emploi": "Cap emploi",
        Myself = "moi": "Je viens de moi-même",
        Other = "autre": "Un autre organisme",
    }
}

/// An event in a list, or at the top of its page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    pub id: i64,
    pub kind: EventKind,
    pub title: String,
    /// "mardi 12/01/2027 de 9h00 à 12h00", in French.
    pub when: String,
    pub commune_name: String,
    pub address: String,
    pub capacity: i64,
    pub confirmed: i64,
    /// Seats set aside for partner organisations' candidates, still free.
    pub reserved: i64,
    pub waiting: i64,
    /// Registration still open (before the deadline and the start).
    pub open: bool,
}

impl EventSummary {
    /// Seats left for candidates registering themselves (the seats set
    /// aside for partners are not theirs).
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.confirmed - self.reserved).max(0)
    }

    /// An event for companies only (no candidate seat).
    pub fn companies_only(&self) -> bool {
        self.capacity == 0
    }
}

/// An event already held, with its figures (staff's list).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastEvent {
    pub summary: EventSummary,
    /// Confirmed registrations.
    pub registered: i64,
    pub present: i64,
    pub absent: i64,
    pub excused: i64,
    /// Companies registered and not marked absent (as the indicators
    /// count them).
    pub companies_present: i64,
    /// Meetings (mises en relation) recorded, and those that led to a hire.
    pub meetings: i64,
    pub hires: i64,
}

/// An event's public page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub summary: EventSummary,
    pub description: String,
    pub deadline: String,
    pub questions: Vec<String>,
    /// Offers linked to the event: (id, title, company).
    pub offers: Vec<(i64, String, String)>,
    /// Companies taking part: (name, recruiter, attendees).
    pub companies: Vec<(String, bool, i64)>,
    /// Seats left for companies.
    pub company_seats_left: i64,
    /// schema.org `Event`, safe inside a `<script>`.
    pub json_ld: String,
}

text_enum! {
    /// Whether a confirmed participant came.
    Attendance {
        Present = "present": "Présent",
        Absent = "absent": "Absent",
        Excused = "excused": "Excusé",
    }
}

text_enum! {
    /// What came of a meeting between a candidate and a company.
    MeetingOutcome {
        Hire = "hire": "Embauche",
        Interview = "interview": "Entretien programmé",
        Training = "training": "Entrée en formation",
        Immersion = "immersion": "Immersion en entreprise",
        Nothing = "nothing": "Sans suite",
    }
}

/// A meeting of the event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub candidate: String,
    pub company: String,
    pub outcome: Option<MeetingOutcome>,
}

/// A participant on the check-in page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub status: RegistrationStatus,
    pub attendance: Option<Attendance>,
    /// The answers to the event's questions, "Question : réponse".
    pub answers: Vec<String>,
    /// The door code as printed (`K7P-3QX`), when the registration has one.
    pub door_code: Option<String>,
}

/// The check-in page of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub event: EventSummary,
    pub participants: Vec<Participant>,
    pub present: i64,
    pub meetings: Vec<Meeting>,
    /// Companies of the platform a candidate can be put in touch with:
    /// (id, name).
    pub companies: Vec<(i64, String)>,
    /// Companies registered for the event: (id, name, came — `None` until
    /// staff record it).
    pub registered_companies: Vec<(i64, String, Option<bool>)>,
    /// The name searched (kept server-side, never in the address).
    pub search: String,
    /// `Some(day)` before the event's day: nobody can be checked in yet.
    pub opens_on: Option<String>,
}

/// A registration as its holder sees it through the e-mailed link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationView {
    pub event: EventSummary,
    pub full_name: String,
    pub status: RegistrationStatus,
    /// Rank on the waiting list (1 = next), when waiting.
    pub waiting_rank: Option<i64>,
    /// The door code as printed and its QR code (an `<svg>` the server
    /// drew), unless cancelled.
    pub door: Option<(String, String)>,
}

/// A registration as typed (no account).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationForm {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub situation: String,
    pub referrer: String,
    /// Ticked priority publics, comma-separated codes (one checkbox each:
    /// `priority_jeune`...). Filled by [`RegistrationForm::priorities`].
    pub priority_jeune: String,
    pub priority_senior: String,
    pub priority_rqth: String,
    pub priority_qpv: String,
    pub priority_licenciement_eco: String,
    pub priority_sortant_formation: String,
    pub priority_rsa: String,
    /// Consent to record the priority-public categories.
    pub priority_consent: String,
    pub answer_1: String,
    pub answer_2: String,
    pub answer_3: String,
    /// Consent to the processing of the registration.
    pub consent: String,
}

/// A checked registration.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedRegistration {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub situation: Situation,
    pub referrer: Referrer,
    /// Empty without consent.
    pub priorities: Vec<PriorityPublic>,
    pub answers: Vec<String>,
}

impl RegistrationForm {
    /// Errors that refill the form with what was typed.
    pub fn errors_keeping(&self) -> FormErrors {
        self.keep_into(FormErrors::new())
    }

    fn keep_into(&self, e: FormErrors) -> FormErrors {
        e.keep("full_name", &self.full_name)
            .keep("email", &self.email)
            .keep("phone", &self.phone)
            .keep("situation", &self.situation)
            .keep("referrer", &self.referrer)
            .keep("priority_jeune", &self.priority_jeune)
            .keep("priority_senior", &self.priority_senior)
            .keep("priority_rqth", &self.priority_rqth)
            .keep("priority_qpv", &self.priority_qpv)
            .keep("priority_licenciement_eco", &self.priority_licenciement_eco)
            .keep(
                "priority_sortant_formation",
                &self.priority_sortant_formation,
            )
            .keep("priority_rsa", &self.priority_rsa)
            .keep("priority_consent", &self.priority_consent)
            .keep("answer_1", &self.answer_1)
            .keep("answer_2", &self.answer_2)
            .keep("answer_3", &self.answer_3)
            .keep("consent", &self.consent)
    }

    fn ticked(&self) -> Vec<PriorityPublic> {
        use PriorityPublic::*;
        [
            (Young, &self.priority_jeune),
            (Senior, &self.priority_senior),
            (Rqth, &self.priority_rqth),
            (Qpv, &self.priority_qpv),
            (Redundancy, &self.priority_licenciement_eco),
            (LeavingTraining, &self.priority_sortant_formation),
            (Rsa, &self.priority_rsa),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim() == super::CHECKED)
        .map(|(p, _)| p)
        .collect()
    }

    /// Checks the registration; `questions` is how many questions the event
    /// asks (each needs an answer).
    pub fn check(&self, questions: usize) -> Result<CheckedRegistration, FormErrors> {
        let mut e = FormErrors::new();
        let full_name = self.full_name.trim();
        if full_name.chars().count() < 2 {
            e.add("full_name", "Indiquez vos prénom et nom.");
        } else if full_name.chars().count() > 120 {
            e.add("full_name", "Le nom ne doit pas dépasser 120 caractères.");
        }
        let email = super::validate::normalise_email(&self.email);
        if let Err(m) = super::validate::check_email(&email) {
            e.add("email", m);
        }
        if !super::validate::is_phone_or_empty(&self.phone) {
            e.add(
                "phone",
                "Indiquez un numéro de téléphone comme 06 12 34 56 78.",
            );
        }
        let situation = Situation::from_code(self.situation.trim());
        if situation.is_none() {
            e.add("situation", "Indiquez votre situation.");
        }
        let referrer = Referrer::from_code(self.referrer.trim());
        if referrer.is_none() {
            e.add("referrer", "Dites qui vous a orienté vers cet événement.");
        }
        let ticked = self.ticked();
        let consented = self.priority_consent.trim() == super::CHECKED;
        if !ticked.is_empty() && !consented {
            e.add(
                "priority_consent",
                "Pour que nous enregistrions ces informations, cochez la case d'accord ; sinon, décochez-les.",
            );
        }
        let answers: Vec<String> = [&self.answer_1, &self.answer_2, &self.answer_3]
            .into_iter()
            .take(questions)
            .map(|a| a.trim().to_owned())
            .collect();
        for (i, a) in answers.iter().enumerate() {
            let field = format!("answer_{}", i + 1);
            if a.is_empty() {
                e.add(&field, "Répondez à cette question.");
            } else if a.chars().count() > 1000 {
                e.add(&field, "La réponse ne doit pas dépasser 1 000 caractères.");
            }
        }
        if self.consent.trim() != super::CHECKED {
            e.add(
                "consent",
                "Cochez la case pour accepter que vos informations servent à organiser l'événement.",
            );
        }
        match (situation, referrer) {
            (Some(situation), Some(referrer)) if e.is_empty() => Ok(CheckedRegistration {
                full_name: full_name.to_owned(),
                email,
                phone: self.phone.trim().to_owned(),
                situation,
                referrer,
                priorities: if consented { ticked } else { Vec::new() },
                answers,
            }),
            _ => Err(self.keep_into(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> RegistrationForm {
        RegistrationForm {
            full_name: "Awa Diallo".into(),
            email: "Awa@Exemple.fr".into(),
            phone: "06 12 34 56 78".into(),
            situation: "demandeur".into(),
            referrer: "mission_locale".into(),
            consent: "oui".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_registration_passes() {
        let r = good().check(0).expect("valid");
        assert_eq!(r.email, "awa@exemple.fr");
        assert!(r.priorities.is_empty());
    }

    #[test]
    fn priority_publics_need_consent_and_questions_answers() {
        let mut f = good();
        f.priority_jeune = "oui".into();
        let e = f.check(1).expect_err("refused");
        assert!(e.fields.contains_key("priority_consent"));
        assert!(e.fields.contains_key("answer_1"));
        assert_eq!(
            e.values.get("priority_jeune").map(String::as_str),
            Some("oui")
        );
        f.priority_consent = "oui".into();
        f.answer_1 = "Oui, permis B".into();
        let r = f.check(1).expect("valid");
        assert_eq!(r.priorities, vec![PriorityPublic::Young]);
        assert_eq!(r.answers, vec!["Oui, permis B".to_owned()]);
    }

    #[test]
    fn consent_and_phone_are_checked() {
        let mut f = good();
        f.consent.clear();
        f.phone = "12ab".into();
        let e = f.check(0).expect_err("refused");
        assert!(e.fields.contains_key("consent") && e.fields.contains_key("phone"));
    }
}

/// An event as staff type it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD` (or `jj/mm/aaaa`).
    pub date: String,
    /// `HH:MM`.
    pub start_time: String,
    pub end_time: String,
    pub commune: String,
    pub address: String,
    pub capacity: String,
    /// Seats for companies (0: candidates only; empty: 20).
    pub company_capacity: String,
    /// Last day to register, `YYYY-MM-DD` (default: the day before).
    pub deadline: String,
    /// Offers of the platform presented at the event (ids, optional).
    pub offer_1: String,
    pub offer_2: String,
    pub offer_3: String,
    pub question_1: String,
    pub question_2: String,
    pub question_3: String,
}

/// An event form whose fields passed the checks (the date and times are
/// turned into instants, and the commune resolved, on the server).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedEvent {
    pub kind: EventKind,
    pub title: String,
    pub description: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub deadline: Option<String>,
    pub address: String,
    pub capacity: i64,
    pub company_capacity: i64,
    pub questions: Vec<String>,
    pub offer_ids: Vec<i64>,
}

/// Minutes since midnight of a time typed `HH:MM`, `9h` or `9h30`.
fn minutes(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split([':', 'h']).collect();
    match parts.as_slice() {
        [h, m] => {
            let h = h.trim().parse::<u32>().ok().filter(|h| *h < 24)?;
            let m = if m.trim().is_empty() {
                0
            } else {
                m.trim().parse::<u32>().ok().filter(|m| *m < 60)?
            };
            Some(h * 60 + m)
        }
        _ => None,
    }
}

fn is_time(text: &str) -> bool {
    minutes(text).is_some()
}

/// `HH:MM` of a checked time.
fn normal_time(text: &str) -> String {
    let m = minutes(text).unwrap_or(0);
    format!("{:02}:{:02}", m / 60, m % 60)
}

impl EventForm {
    /// Checks the form; the errors keep what was typed.
    pub fn check(&self) -> Result<CheckedEvent, FormErrors> {
        let mut e = FormErrors::new();
        let kind = EventKind::from_code(self.kind.trim());
        if kind.is_none() {
            e.add("kind", "Choisissez le type d'événement.");
        }
        let title = self.title.trim();
        if title.chars().count() < 3 || title.chars().count() > 150 {
            e.add("title", "Indiquez un titre de 3 à 150 caractères.");
        }
        let description = self.description.trim();
        if description.chars().count() > 5000 {
            e.add(
                "description",
                "La description ne doit pas dépasser 5 000 caractères.",
            );
        }
        let date = super::iso_from_french(self.date.trim());
        if !super::is_iso_date(&date) {
            e.add(
                "date",
                "Indiquez la date de l'événement, par exemple 12/01/2027.",
            );
        }
        let (start, end) = (self.start_time.trim(), self.end_time.trim());
        if !is_time(start) {
            e.add(
                "start_time",
                "Indiquez l'heure de début, par exemple 09:00.",
            );
        }
        if !is_time(end) {
            e.add("end_time", "Indiquez l'heure de fin, par exemple 12:00.");
        } else if minutes(start).is_some_and(|s| minutes(end).is_some_and(|e| e <= s)) {
            e.add("end_time", "L'heure de fin doit suivre l'heure de début.");
        }
        if self.commune.trim().is_empty() {
            e.add("commune", "Indiquez la commune de l'événement.");
        }
        let address = self.address.trim();
        if address.chars().count() < 3 {
            e.add("address", "Indiquez le lieu (salle, adresse).");
        }
        let capacity = self
            .capacity
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|c| (0..=5000).contains(c));
        if capacity.is_none() {
            e.add(
                "capacity",
                "Indiquez le nombre de places pour les candidats, de 0 (entreprises seulement) à 5 000.",
            );
        }
        let company_capacity = match self.company_capacity.trim() {
            "" => Some(20),
            n => n.parse::<i64>().ok().filter(|c| (0..=500).contains(c)),
        };
        if company_capacity.is_none() {
            e.add(
                "company_capacity",
                "Indiquez le nombre de places pour les entreprises, de 0 à 500 (0 : candidats seulement).",
            );
        }
        if capacity == Some(0) && company_capacity == Some(0) {
            e.add(
                "capacity",
                "Il faut des places pour les candidats, pour les entreprises, ou les deux.",
            );
        }
        let deadline = match super::iso_from_french(self.deadline.trim()) {
            d if d.is_empty() => None,
            d if super::is_iso_date(&d) && (date.is_empty() || d <= date) => Some(d),
            _ => {
                e.add(
                    "deadline",
                    "La date limite d'inscription est une date, au plus tard le jour de l'événement.",
                );
                None
            }
        };
        let questions: Vec<String> = [&self.question_1, &self.question_2, &self.question_3]
            .into_iter()
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty())
            .collect();
        if questions.iter().any(|q| q.chars().count() > 300) {
            e.add(
                "question_1",
                "Une question ne doit pas dépasser 300 caractères.",
            );
        }
        match (kind, capacity, company_capacity) {
            (Some(kind), Some(capacity), Some(company_capacity)) if e.is_empty() => {
                let mut offer_ids: Vec<i64> = [&self.offer_1, &self.offer_2, &self.offer_3]
                    .into_iter()
                    .filter_map(|o| o.trim().parse().ok())
                    .collect();
                offer_ids.sort_unstable();
                offer_ids.dedup();
                Ok(CheckedEvent {
                    company_capacity,
                    offer_ids,
                    kind,
                    title: title.to_owned(),
                    description: description.to_owned(),
                    date,
                    start_time: normal_time(start),
                    end_time: normal_time(end),
                    deadline,
                    address: address.to_owned(),
                    capacity,
                    questions,
                })
            }
            _ => Err([
                ("kind", &self.kind),
                ("title", &self.title),
                ("description", &self.description),
                ("date", &self.date),
                ("start_time", &self.start_time),
                ("end_time", &self.end_time),
                ("commune", &self.commune),
                ("address", &self.address),
                ("capacity", &self.capacity),
                ("company_capacity", &self.company_capacity),
                ("deadline", &self.deadline),
                ("question_1", &self.question_1),
                ("question_2", &self.question_2),
                ("question_3", &self.question_3),
            ]
            .into_iter()
            .fold(e, |e, (k, v)| e.keep(k, v))),
        }
    }
}

#[cfg(test)]
mod event_form_tests {
    use super::*;

    #[test]
    fn event_form_checks_times_capacity_and_deadline() {
        let mut f = EventForm {
            kind: "job_dating".into(),
            title: "Job dating industrie".into(),
            date: "12/01/2027".into(),
            start_time: "14:00".into(),
            end_time: "09:00".into(),
            commune: "Béthune".into(),
            address: "Salle des fêtes".into(),
            capacity: "-1".into(),
            deadline: "2027-01-20".into(),
            ..Default::default()
        };
        let e = f.check().expect_err("refused");
        for k in ["end_time", "capacity", "deadline"] {
            assert!(e.fields.contains_key(k), "{k}");
        }
        f.start_time = "9h".into();
        f.end_time = "17h30".into();
        f.capacity = "10".into();
        f.deadline = "2027-01-11".into();
        let c = f.check().expect("valid");
        assert_eq!(
            (c.date.as_str(), c.start_time.as_str(), c.end_time.as_str()),
            ("2027-01-12", "09:00", "17:30")
        );
        // Companies only: no candidate seat, company seats (20 by default).
        f.capacity = "0".into();
        assert_eq!(f.check().expect("companies only").capacity, 0);
        f.company_capacity = "0".into();
        assert!(f
            .check()
            .expect_err("nobody")
            .fields
            .contains_key("capacity"));
    }
}

/// A partner organisation's seats set aside at an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reservation {
    pub org_id: i64,
    pub org_name: String,
    pub seats: i64,
    /// Seats its candidates hold.
    pub used: i64,
}

/// What staff see of an event's set-aside seats.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffReservations {
    pub event: EventSummary,
    pub reservations: Vec<Reservation>,
    /// The platform's partner organisations: (id, name).
    pub orgs: Vec<(i64, String)>,
}

/// An event where the partner's organisation has seats set aside.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerEvent {
    pub summary: EventSummary,
    pub questions: Vec<String>,
    pub seats: i64,
    pub used: i64,
    /// The candidates the organisation registered: (name, status).
    pub registered: Vec<(String, RegistrationStatus)>,
}
