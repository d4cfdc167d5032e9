//! Checks of what people type, shared by server functions (which enforce
//! them) and unit tests. Each failure is a French sentence tied to a field.

use crate::error::FormErrors;

use super::Siret;

/// Shortest password accepted (CNIL guidance for a password alone).
pub const PASSWORD_MIN: usize = 12;

pub use super::offer_form::{CheckedOffer, OfferForm, DESCRIPTION_MAX, TITLE_MAX};

/// A company sign-up as typed.
#[derive(Clone, Debug, Default)]
pub struct SignupForm {
    pub company_name: String,
    pub siret: String,
    pub naf_division: String,
    pub headcount_band: String,
    pub commune: String,
    pub platform_id: String,
    pub full_name: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// A company sign-up whose fields passed the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedSignup {
    pub company_name: String,
    pub siret: Siret,
    pub naf_division: String,
    pub headcount_band: String,
    pub platform_id: i64,
    pub full_name: String,
    pub email: String,
    pub password: String,
}

impl SignupForm {
    /// Keeps what was typed, passwords excepted.
    pub fn keep_values(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("company_name", &self.company_name)
            .keep("siret", &self.siret)
            .keep("naf_division", &self.naf_division)
            .keep("headcount_band", &self.headcount_band)
            .keep("commune", &self.commune)
            .keep("platform_id", &self.platform_id)
            .keep("full_name", &self.full_name)
            .keep("email", &self.email)
    }

    /// Checks every field; `naf_exists` tells known NAF divisions (the
    /// commune is resolved later, against the chosen platform).
    pub fn check(
        &self,
        errors: &mut FormErrors,
        naf_exists: impl Fn(&str) -> bool,
    ) -> Option<CheckedSignup> {
        let company = CompanyFields {
            company_name: &self.company_name,
            siret: &self.siret,
            naf_division: &self.naf_division,
            headcount_band: &self.headcount_band,
            commune: &self.commune,
        }
        .check(errors, naf_exists);
        let platform_id = self.platform_id.trim().parse::<i64>().ok();
        if platform_id.is_none() && self.commune.trim().is_empty() {
            errors.add(
                "platform_id",
                "Indiquez la commune de l'établissement : la plateforme s'en déduit.",
            );
        }
        let full_name = self.full_name.trim();
        if full_name.chars().count() < 2 {
            errors.add("full_name", "Indiquez vos prénom et nom.");
        }
        let email = normalise_email(&self.email);
        if let Err(m) = check_email(&email) {
            errors.add("email", m);
        }
        check_new_password(&self.password, &self.password_confirm, errors);
        match (company, platform_id) {
            (Some(company), Some(platform_id)) if errors.is_empty() => Some(CheckedSignup {
                company_name: company.name,
                siret: company.siret,
                naf_division: company.naf_division,
                headcount_band: company.headcount_band,
                platform_id,
                full_name: full_name.to_owned(),
                email,
                password: self.password.clone(),
            }),
            _ => None,
        }
    }
}

/// The fields that describe a company, whoever types them (the company at
/// sign-up, staff for a company met on a visit).
pub struct CompanyFields<'a> {
    pub company_name: &'a str,
    pub siret: &'a str,
    pub naf_division: &'a str,
    pub headcount_band: &'a str,
    pub commune: &'a str,
}

/// A company whose fields passed the checks (the commune is resolved
/// later, against the platform's territory).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedCompany {
    pub name: String,
    pub siret: Siret,
    pub naf_division: String,
    pub headcount_band: String,
}

impl CompanyFields<'_> {
    /// Checks the company's fields; `naf_exists` tells known NAF divisions.
    pub fn check(
        &self,
        errors: &mut FormErrors,
        naf_exists: impl Fn(&str) -> bool,
    ) -> Option<CheckedCompany> {
        let company_name = self.company_name.trim();
        if company_name.chars().count() < 2 {
            errors.add("company_name", "Indiquez le nom de l'entreprise.");
        } else if company_name.chars().count() > 120 {
            errors.add(
                "company_name",
                "Le nom ne doit pas dépasser 120 caractères.",
            );
        }
        let siret = Siret::parse(self.siret)
            .map_err(|m| errors.add("siret", m))
            .ok();
        let naf_division = self.naf_division.trim();
        if !naf_exists(naf_division) {
            errors.add(
                "naf_division",
                "Choisissez le secteur d'activité de l'entreprise.",
            );
        }
        let headcount_band = self.headcount_band.trim();
        if !super::is_headcount_band(headcount_band) {
            errors.add(
                "headcount_band",
                "Choisissez l'effectif salarié de l'entreprise.",
            );
        }
        if self.commune.trim().is_empty() {
            errors.add("commune", "Indiquez la commune de l'établissement.");
        }
        let siret = siret?;
        (company_name.chars().count() >= 2
            && errors
                .fields
                .keys()
                .all(|k| !COMPANY_KEYS.contains(&k.as_str())))
        .then(|| CheckedCompany {
            name: company_name.to_owned(),
            siret,
            naf_division: naf_division.to_owned(),
            headcount_band: headcount_band.to_owned(),
        })
    }
}

/// The field names [`CompanyFields`] checks.
const COMPANY_KEYS: &[&str] = &[
    "company_name",
    "siret",
    "naf_division",
    "headcount_band",
    "commune",
];

/// Whether `text` is empty or a phone number (10 to 13 digits, an optional
/// leading `+`, spaces and dots ignored).
pub fn is_phone_or_empty(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    compact.is_empty()
        || ((10..=13).contains(&compact.len()) && digits.chars().all(|c| c.is_ascii_digit()))
}

/// Lower-cases and trims an e-mail address.
pub fn normalise_email(input: &str) -> String {
    input.trim().to_lowercase()
}

/// A plain shape check: something@domain.tld, no spaces, sane length; on
/// the server, also an address the mail library can send to (so that an
/// accepted address is never refused at delivery).
pub fn check_email(email: &str) -> Result<(), &'static str> {
    if email.is_empty() {
        return Err("Indiquez votre adresse e-mail.");
    }
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    #[cfg(feature = "ssr")]
    let valid = valid && email.parse::<lettre::Address>().is_ok();
    if valid {
        Ok(())
    } else {
        Err("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@entreprise.fr).")
    }
}

/// Length and confirmation of a new password.
pub fn check_new_password(password: &str, confirm: &str, errors: &mut FormErrors) {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        errors.add(
            "password",
            format!("Choisissez un mot de passe d'au moins {PASSWORD_MIN} caractères."),
        );
    } else if len > 128 {
        errors.add(
            "password",
            "Le mot de passe ne doit pas dépasser 128 caractères.",
        );
    } else if password != confirm {
        errors.add(
            "password_confirm",
            "Les deux mots de passe ne sont pas identiques.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signup_refuses_bad_siret_and_short_password_and_keeps_no_password() {
        let form = SignupForm {
            company_name: "Menuiserie Dupont".into(),
            siret: "12345678901234".into(),
            naf_division: "16".into(),
            headcount_band: "03".into(),
            commune: "Béthune".into(),
            platform_id: "1".into(),
            full_name: "Jeanne Dupont".into(),
            email: "Jeanne@Dupont.FR ".into(),
            password: "court".into(),
            password_confirm: "court".into(),
        };
        let mut e = FormErrors::new();
        assert!(form.check(&mut e, |_| true).is_none());
        assert!(e.fields.contains_key("siret"));
        assert!(e.fields.contains_key("password"));
        let kept = form.keep_values(e);
        assert!(!kept.values.contains_key("password"));
    }

    #[test]
    fn signup_accepts_good_input() {
        let form = SignupForm {
            company_name: "Menuiserie Dupont".into(),
            siret: "732 829 320 00074".into(),
            naf_division: "16".into(),
            headcount_band: "99".into(),
            commune: "Béthune".into(),
            platform_id: "1".into(),
            full_name: "Jeanne Dupont".into(),
            email: "Jeanne@Dupont.FR ".into(),
            password: "un mot de passe long".into(),
            password_confirm: "un mot de passe long".into(),
        };
        let mut e = FormErrors::new();
        assert!(
            form.check(&mut e, |_| true).is_none(),
            "unknown headcount band"
        );
        assert!(e.fields.contains_key("headcount_band"));
        let form = SignupForm {
            headcount_band: "03".into(),
            ..form
        };
        let mut e = FormErrors::new();
        assert!(
            form.check(&mut e, |c| c == "10").is_none(),
            "unknown NAF division"
        );
        assert!(e.fields.contains_key("naf_division"));
        let mut e = FormErrors::new();
        let s = form.check(&mut e, |c| c == "16").expect("valid");
        assert_eq!(s.headcount_band, "03");
        assert_eq!(s.email, "jeanne@dupont.fr");
        assert_eq!(s.siret.as_str(), "73282932000074");
    }

    #[test]
    fn email_shapes() {
        assert!(check_email("a@b.fr").is_ok());
        assert!(check_email("a@b").is_err());
        assert!(check_email("a b@c.fr").is_err());
        assert!(check_email("@c.fr").is_err());
        assert!(check_email("a@@c.fr").is_err());
        assert!(check_email("prenom.nom+emploi@entreprise.fr").is_ok());
    }

    /// What the shape check lets through but no mail server takes.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_server_accepts_only_addresses_it_can_mail() {
        for unmailable in ["a..b@c.fr", ".a@c.fr", "a.@c.fr", "a(b)@c.fr", "a,b@c.fr"] {
            assert!(check_email(unmailable).is_err(), "{unmailable}");
            assert!(
                unmailable.parse::<lettre::Address>().is_err(),
                "{unmailable}"
            );
        }
    }

    #[test]
    fn password_confirmation_must_match() {
        let mut e = FormErrors::new();
        check_new_password("un mot de passe long", "un autre mot de passe", &mut e);
        assert!(e.fields.contains_key("password_confirm"));
    }
}
