//! The indicators of Annexe B of the convention: their definitions (shown
//! in the dashboard and written in `docs/indicateurs.md`) and the shapes the
//! dashboard, the drill-down and the exports carry.

use serde::{Deserialize, Serialize};

/// How an indicator's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// A number of records.
    Count,
    /// A share, in percent, of a denominator.
    Rate,
}

/// One indicator of Annexe B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Definition {
    /// Stable key (objectives and links use it).
    pub key: &'static str,
    /// The convention's axis, 1 to 4.
    pub axis: u8,
    pub label: &'static str,
    pub unit: Unit,
    /// What counts, in French.
    pub rule: &'static str,
}

const fn def(
    key: &'static str,
    axis: u8,
    label: &'static str,
    unit: Unit,
    rule: &'static str,
) -> Definition {
    Definition {
        key,
        axis,
        label,
        unit,
        rule,
    }
}

use Unit::{Count, Rate};

/// Every indicator, in the convention's order.
pub const DEFINITIONS: &[Definition] = &[
    def("contacts", 1, "Nombre de contacts entreprises (Tel + Visites)", Count,
        "Contacts du journal dont le canal est « téléphone » ou « visite » et dont la date tombe dans la période."),
    def("visited", 1, "Nombre d'entreprises visitées par la plateforme", Count,
        "Entreprises distinctes ayant au moins une visite dans la période (comptées au mois de leur première visite de la période)."),
    def("visited_tpe", 1, "Taux de TPE/PME (-50 salariés) des entreprises visitées", Rate,
        "Part des entreprises visitées dont la tranche d'effectif INSEE est de moins de 50 salariés, parmi celles dont la tranche est connue."),
    def("club_interventions", 1, "Nombre d'interventions réalisées en lien avec les entreprises (club, cercles...)", Count,
        "Interventions de l'équipe notées « club ou cercle d'entreprises », et événements de ce type tenus, dans la période."),
    def("new_companies", 1, "Nombre de nouvelles entreprises", Count,
        "Entreprises dont le tout premier contact enregistré (tous canaux) tombe dans la période : une entreprise déjà contactée avant n'est pas nouvelle."),
    def("brand_actions", 1, "Nombre d'actions « Marque Employeur » mises en place", Count,
        "Actions datées dans la période sur les demandes d'accompagnement « marque employeur »."),
    def("brand_companies", 1, "Nombre d'entreprises concernées par la marque employeur", Count,
        "Entreprises distinctes ayant au moins une action marque employeur dans la période."),
    def("positions", 2, "Nombre de postes détectés par la plateforme", Count,
        "Somme des postes des offres déposées dans la période, sauf brouillons et offres refusées."),
    def("positions_tpe", 2, "Taux de TPE/PME (-50 salariés) des postes détectés", Rate,
        "Part des postes détectés venant d'entreprises de moins de 50 salariés, parmi les postes d'entreprises dont la tranche est connue."),
    def("new_offer_companies", 2, "Nombre de nouvelles entreprises ayant déposé une offre d'emploi", Count,
        "Entreprises dont la toute première offre (hors brouillons et refus) est déposée dans la période."),
    def("hidden_market", 2, "Taux marché caché", Rate,
        "Part des postes détectés dont l'offre n'est publiée nulle part ailleurs (ni France Travail, ni autre site)."),
    def("supported", 3, "Nombre d'entreprises accompagnées par la plateforme", Count,
        "Entreprises distinctes ayant, dans la période, déposé une offre (accompagnement au recrutement) ou ouvert une demande d'accompagnement RH ou marque employeur."),
    def("supported_tpe", 3, "Part des TPE/PME parmi les entreprises accompagnées", Rate,
        "Part des entreprises accompagnées de moins de 50 salariés, parmi celles dont la tranche est connue."),
    def("ft_share", 3, "Part des offres d'emploi collectées diffusées à France Travail", Rate,
        "Part des offres déposées dans la période qui sont partagées avec au moins une agence France Travail (une offre partagée deux fois compte une fois)."),
    def("applications", 3, "Nombre de candidatures reçues", Count,
        "Candidatures reçues dans la période."),
    def("proposed", 3, "Nombre de candidatures proposées à l'employeur", Count,
        "Candidatures distinctes passées à « proposée à l'employeur » dans la période."),
    def("interviews", 3, "Nombre de candidats reçus en entretien", Count,
        "Candidatures distinctes passées à « entretien » dans la période."),
    def("hired", 3, "Nombre de mises à l'emploi grâce à la plateforme", Count,
        "Candidatures distinctes passées à « recruté » dans la période, plus les recrutements que l'entreprise déclare dans l'enquête de clôture de l'offre comme faits grâce à la plateforme (candidature, partenaire, événement), au-delà des candidatures de l'offre déjà comptées."),
    def("circuits", 3, "Nombre d'actions circuits-courts réalisées", Count,
        "Événements « job dating / circuit court » et « forum » tenus (commencés, non annulés) dans la période."),
    def("present", 3, "Nombre de demandeurs présents", Count,
        "Inscrits pointés présents aux actions circuits courts de la période (arrivées sans inscription comprises) ; le détail donne chaque événement avec son nombre de présents, dont la page de pointage liste les personnes."),
    def("priority_present", 3, "Part des demandeurs d'emploi cibles présents", Rate,
        "Part des présents aux actions circuits courts ayant déclaré, avec leur accord, au moins un public prioritaire."),
    def("companies_present", 3, "Nombre d'entreprises présentes", Count,
        "Participations d'entreprises aux actions circuits courts de la période (celles venues sans inscription, enregistrées par l'équipe au pointage, comprises), sauf celles pointées absentes."),
    def("meetings", 3, "Nombre de mises en relation réalisées", Count,
        "Mises en relation candidat × entreprise notées aux actions circuits courts de la période."),
    def("solutions", 4, "Nombre de solutions trouvées", Count,
        "Mises en relation de la période (tous événements) dont l'issue est une embauche, une formation ou une immersion."),
    def("trade_leaders", 4, "Nombre de chefs de file métiers (CFM)", Count,
        "Entreprises distinctes du registre chef de file métiers actives à un moment de la période (une entreprise chef de file de deux métiers compte une fois)."),
    def("filieres", 4, "Nombre de filières représentées par les CFM", Count,
        "Filières distinctes des chefs de file métiers actifs dans la période."),
    def("cfm_events", 4, "Nombre d'animations collectives réalisées à destination des CFM", Count,
        "Événements « rencontre des chefs de file métiers » tenus dans la période (non annulés)."),
    def("cfm_companies", 4, "Nombre d'entreprises présentes aux animations CFM", Count,
        "Participations d'entreprises à ces animations, sauf celles pointées absentes."),
    def("economic_actors", 4, "Nombre de rencontres avec les acteurs économiques", Count,
        "Rencontres notées « acteur économique » (CCI, CMA, organisations patronales, développement économique) et événements de ce type tenus, dans la période."),
];

/// The definition of a key.
pub fn definition(key: &str) -> Option<&'static Definition> {
    DEFINITIONS.iter().find(|d| d.key == key)
}

/// The convention's axes.
pub fn axis_label(axis: u8) -> &'static str {
    match axis {
        1 => "Axe 1 – Relation directe avec les entreprises",
        2 => "Axe 2 – Collecte et valorisation des offres cachées",
        3 => "Axe 3 – Accompagnement sur mesure des recrutements en lien avec les partenaires de l'emploi et de la formation",
        _ => "Axe 4 – Animation et valorisation du tissu économique",
    }
}

/// An indicator's figure for a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub key: String,
    pub axis: u8,
    pub label: String,
    pub rule: String,
    pub rate: bool,
    /// Sum of the records' weights (the count, or the rate's numerator).
    pub numerator: i64,
    /// The rate's denominator (0 for counts).
    pub denominator: i64,
    /// The annual objective staff entered (a count, or a rate in percent).
    pub objective: Option<i64>,
    /// The value by month of the period: ("2026-03", value).
    pub months: Vec<(String, f64)>,
}

impl Figure {
    /// The value: a count, or a percentage (one decimal).
    pub fn value(&self) -> f64 {
        value_of(self.rate, self.numerator, self.denominator)
    }

    /// The value in French ("12", "48,5 %", "–" for a rate of nothing).
    pub fn shown(&self) -> String {
        shown(self.rate, self.numerator, self.denominator)
    }

    /// Progress towards the objective, in percent.
    pub fn progress(&self) -> Option<f64> {
        self.objective
            .filter(|o| *o > 0)
            .map(|o| (self.value() / o as f64 * 1000.0).round() / 10.0)
    }
}

/// A count, or a percentage rounded to one decimal.
pub fn value_of(rate: bool, numerator: i64, denominator: i64) -> f64 {
    if !rate {
        numerator as f64
    } else if denominator == 0 {
        0.0
    } else {
        (numerator as f64 * 1000.0 / denominator as f64).round() / 10.0
    }
}

/// A value as the French read it.
pub fn shown(rate: bool, numerator: i64, denominator: i64) -> String {
    if !rate {
        numerator.to_string()
    } else if denominator == 0 {
        "–".to_owned()
    } else {
        format!("{} %", value_of(true, numerator, denominator)).replace('.', ",")
    }
}

/// The dashboard of a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// "du 01/01/2026 au 31/12/2026".
    pub period: String,
    /// The query string of the period and platform, for links.
    pub query: String,
    pub from: String,
    pub to: String,
    pub year: i32,
    /// The platform shown (`None`: every platform).
    pub platform: Option<(i64, String)>,
    /// Platforms the caller may choose (several only for the Région).
    pub platforms: Vec<(i64, String)>,
    pub figures: Vec<Figure>,
    /// For the Région: each platform's values, (platform id, name, shown
    /// values in the order of `figures`).
    pub by_platform: Vec<(i64, String, Vec<String>)>,
    /// Whether the reader is the platform's staff (objectives, reports).
    pub staff: bool,
    /// For the Région's workbook only (never sent to the browser): each
    /// platform's name and figures, with its own objectives.
    #[serde(skip)]
    pub platform_figures: Vec<(String, Vec<Figure>)>,
}

/// The records behind a figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrillDown {
    pub figure: Figure,
    pub period: String,
    pub query: String,
    pub columns: Vec<String>,
    /// Each record's cells; the last column is its weight in the figure.
    pub rows: Vec<Vec<String>>,
    /// Each record's page (its second cell links to it), if any.
    pub links: Vec<Option<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_defined() {
        for (i, d) in DEFINITIONS.iter().enumerate() {
            assert!(
                DEFINITIONS[i + 1..].iter().all(|o| o.key != d.key),
                "{}",
                d.key
            );
            assert!((1..=4).contains(&d.axis));
            assert_eq!(definition(d.key), Some(d));
        }
        assert_eq!(DEFINITIONS.len(), 29);
    }

    #[test]
    fn the_written_definitions_follow_the_code() {
        let doc = include_str!("../../../docs/indicateurs.md");
        for d in DEFINITIONS {
            assert!(
                doc.contains(&format!("`{}`", d.key)),
                "{} is not in docs/indicateurs.md",
                d.key
            );
            assert!(
                doc.contains(d.rule),
                "the rule of {} differs in docs/indicateurs.md",
                d.key
            );
        }
    }

    #[test]
    fn rates_read_in_french() {
        assert_eq!(shown(true, 1, 3), "33,3 %");
        assert_eq!(shown(true, 0, 0), "–");
        assert_eq!(shown(false, 12, 0), "12");
        let f = Figure {
            key: "positions".into(),
            axis: 2,
            label: String::new(),
            rule: String::new(),
            rate: false,
            numerator: 30,
            denominator: 0,
            objective: Some(120),
            months: Vec::new(),
        };
        assert_eq!(f.progress(), Some(25.0));
    }
}

/// The platform's monthly reports and who receives them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportsPage {
    /// (month `YYYY-MM`, "octobre 2026", built on "01/11/2026").
    pub reports: Vec<(String, String, String)>,
    /// (e-mail, role).
    pub recipients: Vec<(String, String)>,
    /// The Région and admins read every platform's reports: the platforms
    /// to choose from (empty for staff), and the one shown.
    pub platforms: Vec<(i64, String)>,
    pub platform: Option<i64>,
    /// Staff manage their platform's recipients; the Région only reads.
    pub manage: bool,
}

/// One monthly report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub month: String,
    pub title: String,
    pub summary: String,
    /// `?plateforme=N` when the Région or an admin reads it, else empty.
    pub platform_query: String,
}
