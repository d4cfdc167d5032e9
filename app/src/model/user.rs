//! Who is signed in, and what they may do.

use serde::{Deserialize, Serialize};

use super::offer::text_enum;

text_enum! {
    /// The kinds of accounts.
    Role {
        Admin = "admin": "Administration",
        Staff = "staff": "Équipe de la plateforme",
        Partner = "partner": "Partenaire",
        Company = "company": "Entreprise",
        Region = "region": "Région Hauts-de-France",
    }
}

text_enum! {
    /// The kinds of partner organisations.
    PartnerKind {
        FranceTravail = "france_travail": "France Travail",
        MissionLocale = "mission_locale": "Mission locale",
        CapEmploi = "cap_emploi": "Cap emploi",
        Apec = "apec": "APEC",
        Plie = "plie": "PLIE",
        Siae = "siae": "SIAE",
        Departement = "departement": "Département",
        Opco = "opco": "OPCO",
        Other = "other": "Autre partenaire",
    }
}

/// What the second step of a sign-in asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SecondFactorStep {
    /// A code from the authenticator app (or a recovery code).
    Code,
    /// First sign-in: add this secret to an authenticator app, keep these
    /// recovery codes, then type a first code.
    Enrol {
        secret: String,
        uri: String,
        codes: Vec<String>,
    },
}

/// An account as the admin's list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountLine {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    /// The role's French label.
    pub role: String,
    /// The platform, company or organisation.
    pub place: String,
    pub active: bool,
}

/// The signed-in person, as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    /// The platform of staff, partners and companies; `None` for admins,
    /// who act on every platform.
    pub platform_id: Option<i64>,
    pub platform_name: Option<String>,
    pub company_id: Option<i64>,
    pub company_name: Option<String>,
    pub partner_org_id: Option<i64>,
    pub partner_org_name: Option<String>,
}

impl CurrentUser {
    /// Whether this person works for the platform `platform_id` (its staff,
    /// or an admin).
    pub fn is_staff_of(&self, platform_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Staff => self.platform_id == Some(platform_id),
            _ => false,
        }
    }

    /// The page a person lands on after signing in.
    pub fn home_path(&self) -> &'static str {
        match self.role {
            Role::Admin | Role::Staff => "/equipe",
            Role::Region => "/equipe/indicateurs",
            Role::Partner => "/partenaire",
            Role::Company => "/entreprise",
        }
    }
}

/// A partner organisation (France Travail agency, Mission locale...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerOrg {
    pub id: i64,
    pub name: String,
    pub kind: PartnerKind,
}

/// A platform (plateforme territoriale) that people can sign up with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformInfo {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A commune of a platform's territory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub postal_code: String,
}

impl Commune {
    /// "Béthune (62400)": the label forms offer and accept.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.postal_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, platform_id: Option<i64>) -> CurrentUser {
        CurrentUser {
            id: 1,
            email: "a@b.fr".into(),
            full_name: "A".into(),
            role,
            platform_id,
            platform_name: None,
            company_id: None,
            company_name: None,
            partner_org_id: None,
            partner_org_name: None,
        }
    }

    #[test]
    fn staff_act_on_their_platform_only() {
        assert!(user(Role::Staff, Some(1)).is_staff_of(1));
        assert!(!user(Role::Staff, Some(1)).is_staff_of(2));
        assert!(user(Role::Admin, None).is_staff_of(2));
        assert!(!user(Role::Company, Some(1)).is_staff_of(1));
        assert!(!user(Role::Partner, Some(1)).is_staff_of(1));
    }
}
