//! SIRET numbers: 14 digits with a Luhn checksum (La Poste excepted).

use serde::{Deserialize, Serialize};

/// A checked SIRET number (14 digits, valid checksum).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Siret(String);

/// The SIREN of La Poste, whose establishments use another checksum rule.
const LA_POSTE_SIREN: &str = "356000000";

impl Siret {
    /// Parses what a person typed: spaces are ignored; the French message says
    /// what is wrong.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err("Indiquez le numéro SIRET de l'établissement (14 chiffres).");
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("Le SIRET ne contient que des chiffres (14 chiffres).");
        }
        if digits.len() != 14 {
            return Err("Le SIRET compte exactement 14 chiffres.");
        }
        let valid = if digits.starts_with(LA_POSTE_SIREN) {
            digit_sum(&digits).is_multiple_of(5)
        } else {
            luhn_valid(&digits)
        };
        if !valid {
            return Err("Ce numéro SIRET n'est pas valide (sa clé de contrôle ne correspond pas) : vérifiez les chiffres saisis.");
        }
        Ok(Siret(digits))
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN (the company's 9 first digits).
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

fn digit_sum(digits: &str) -> u32 {
    digits.chars().filter_map(|c| c.to_digit(10)).sum()
}

/// The Luhn checksum: doubling every second digit from the right.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_siret_with_spaces() {
        let s = Siret::parse("732 829 320 00074").expect("valid");
        assert_eq!(s.as_str(), "73282932000074");
        assert_eq!(s.siren(), "732829320");
    }

    #[test]
    fn accepts_known_luhn_valid_numbers() {
        for n in ["73282932000074", "44306184100047"] {
            assert!(Siret::parse(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn refuses_bad_checksum() {
        assert!(Siret::parse("73282932000075").is_err());
    }

    #[test]
    fn la_poste_uses_digit_sum_rule() {
        // Digit sum 3+5+6+4+7 = 25: divisible by 5 although not Luhn-valid.
        let s = "35600000000047";
        assert!(!luhn_valid(s));
        assert!(Siret::parse(s).is_ok());
        // Luhn-valid, but digit sum 26: La Poste's rule refuses it.
        assert!(luhn_valid("35600000000048"));
        assert!(Siret::parse("35600000000048").is_err());
    }

    #[test]
    fn refuses_wrong_length_and_letters() {
        assert!(Siret::parse("").is_err());
        assert!(Siret::parse("1234567890123").is_err());
        assert!(Siret::parse("1234567890123A").is_err());
        assert!(Siret::parse("123456789012345").is_err());
    }
}
