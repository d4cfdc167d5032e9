//! Companies: sector (NAF division), headcount band (INSEE tranche
//! d'effectif salarié) and the TPE/PME flag it gives.

use serde::{Deserialize, Serialize};

/// An INSEE headcount band: code and French label.
pub struct HeadcountBand {
    pub code: &'static str,
    pub label: &'static str,
}

/// INSEE's *tranches d'effectif salarié*.
pub const HEADCOUNT_BANDS: &[HeadcountBand] = &[
    HeadcountBand {
        code: "00",
        label: "0 salarié",
    },
    HeadcountBand {
        code: "01",
        label: "1 ou 2 salariés",
    },
    HeadcountBand {
        code: "02",
        label: "3 à 5 salariés",
    },
    HeadcountBand {
        code: "03",
        label: "6 à 9 salariés",
    },
    HeadcountBand {
        code: "11",
        label: "10 à 19 salariés",
    },
    HeadcountBand {
        code: "12",
        label: "20 à 49 salariés",
    },
    HeadcountBand {
        code: "21",
        label: "50 à 99 salariés",
    },
    HeadcountBand {
        code: "22",
        label: "100 à 199 salariés",
    },
    HeadcountBand {
        code: "31",
        label: "200 à 249 salariés",
    },
    HeadcountBand {
        code: "32",
        label: "250 à 499 salariés",
    },
    HeadcountBand {
        code: "41",
        label: "500 à 999 salariés",
    },
    HeadcountBand {
        code: "42",
        label: "1 000 à 1 999 salariés",
    },
    HeadcountBand {
        code: "51",
        label: "2 000 à 4 999 salariés",
    },
    HeadcountBand {
        code: "52",
        label: "5 000 à 9 999 salariés",
    },
    HeadcountBand {
        code: "53",
        label: "10 000 salariés et plus",
    },
];

/// Whether a band code is known.
pub fn is_headcount_band(code: &str) -> bool {
    HEADCOUNT_BANDS.iter().any(|b| b.code == code)
}

/// TPE/PME as the Proch'Emploi scheme counts them: fewer than 50 employees.
pub fn is_tpe_pme(band: &str) -> bool {
    matches!(band, "00" | "01" | "02" | "03" | "11" | "12")
}

/// A NAF division (the company's sector).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NafDivision {
    /// Two digits, "01" to "99".
    pub code: String,
    pub label: String,
}

/// What the sign-up form offers: platforms, sectors, communes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignupOptions {
    pub platforms: Vec<super::PlatformInfo>,
    pub naf: Vec<NafDivision>,
    pub communes: Vec<super::Commune>,
}

/// A company of the platform, as staff list them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyLine {
    pub id: i64,
    pub name: String,
    pub siret: String,
    pub commune_name: Option<String>,
    pub headcount_band: Option<String>,
    pub created_on: String,
    /// Accounts of the company: none for a company staff created and whose
    /// owner has not claimed it yet.
    pub users: i64,
    pub offers: i64,
    pub requests: i64,
}

/// A company as staff type it (met on a visit); the owner claims it later
/// through an invitation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaffCompanyForm {
    pub company_name: String,
    pub siret: String,
    pub naf_division: String,
    pub headcount_band: String,
    pub commune: String,
    /// Optional: the owner's address, to send the claim link at once.
    pub owner_email: String,
}

/// What the staff company page offers: sectors and the platform's communes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyPageData {
    pub companies: Vec<CompanyLine>,
    pub naf: Vec<NafDivision>,
    pub communes: Vec<super::Commune>,
}

/// An invitation as the invited person sees it before accepting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub company_name: String,
    pub email: String,
    pub invited_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_than_fifty_is_tpe_pme() {
        assert!(is_tpe_pme("00"));
        assert!(is_tpe_pme("12"));
        assert!(!is_tpe_pme("21"));
        assert!(!is_tpe_pme("53"));
        for b in HEADCOUNT_BANDS {
            assert!(is_headcount_band(b.code));
        }
        assert!(!is_headcount_band("99"));
    }
}
