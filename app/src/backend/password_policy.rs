//! Whether a new password is strong enough: the zxcvbn estimate (common
//! passwords, keyboard rows, dates, repeats, English and name lists) with
//! French words and the account's own details added, score 3 or more
//! (about 10^8 guesses). The refusal says why, in French.

use zxcvbn::feedback::Warning;
use zxcvbn::Score;

/// Words a French user of the portal reaches for: everyday words, places
/// of the region, the portal's own name.
const FRENCH_WORDS: &[&str] = &[
    "motdepasse",
    "motdepass",
    "mdp",
    "bonjour",
    "bonsoir",
    "salut",
    "coucou",
    "soleil",
    "chocolat",
    "doudou",
    "chouchou",
    "loulou",
    "amour",
    "jetaime",
    "tesaime",
    "bisous",
    "princesse",
    "cheval",
    "chien",
    "chat",
    "maison",
    "famille",
    "enfant",
    "papa",
    "maman",
    "france",
    "paris",
    "marseille",
    "lyon",
    "lille",
    "nord",
    "picardie",
    "artois",
    "bethune",
    "bruay",
    "lens",
    "lievin",
    "arras",
    "douai",
    "valenciennes",
    "dunkerque",
    "calais",
    "boulogne",
    "amiens",
    "roubaix",
    "tourcoing",
    "hautsdefrance",
    "region",
    "emploi",
    "travail",
    "entreprise",
    "societe",
    "prochemploi",
    "proche",
    "azerty",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "printemps",
    "ete",
    "automne",
    "hiver",
    "football",
    "olympique",
    "rclens",
    "losc",
    "bienvenue",
    "secret",
    "confidentiel",
    "nicolas",
    "julien",
    "thomas",
    "camille",
    "marie",
    "sophie",
    "nathalie",
    "isabelle",
    "stephane",
    "christophe",
    "sebastien",
    "frederic",
    "aurelie",
    "celine",
    "emilie",
];

/// A French hint when `password` is too easy to guess, given the details
/// of the account (e-mail, name, company) that an attacker would try.
pub fn weakness(password: &str, account: &[&str]) -> Option<String> {
    let mut inputs: Vec<&str> = FRENCH_WORDS.to_vec();
    let pieces: Vec<String> = account
        .iter()
        .flat_map(|d| d.split(|c: char| !c.is_alphanumeric()))
        .filter(|p| p.chars().count() >= 3)
        .map(crate::model::text::fold)
        .collect();
    inputs.extend(pieces.iter().map(String::as_str));
    let folded = crate::model::text::fold(password);
    let estimate = zxcvbn::zxcvbn(&folded, &inputs);
    if estimate.score() >= Score::Three {
        return None;
    }
    let why = match estimate.feedback().and_then(|f| f.warning()) {
        Some(Warning::StraightRowsOfKeysAreEasyToGuess)
        | Some(Warning::ShortKeyboardPatternsAreEasyToGuess) => {
            "les suites de touches du clavier (azerty, 123456…) se devinent vite"
        }
        Some(Warning::RepeatsLikeAaaAreEasyToGuess)
        | Some(Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess) => {
            "les répétitions se devinent vite"
        }
        Some(Warning::ThisIsATop10Password)
        | Some(Warning::ThisIsATop100Password)
        | Some(Warning::ThisIsACommonPassword)
        | Some(Warning::ThisIsSimilarToACommonlyUsedPassword) => {
            "c'est un mot de passe très courant, parmi les premiers essayés"
        }
        Some(Warning::SequencesLikeAbcAreEasyToGuess) => "les suites (abc, 1234…) se devinent vite",
        Some(Warning::RecentYearsAreEasyToGuess) | Some(Warning::DatesAreOftenEasyToGuess) => {
            "les dates et les années se devinent vite"
        }
        Some(Warning::NamesAndSurnamesByThemselvesAreEasyToGuess)
        | Some(Warning::CommonNamesAndSurnamesAreEasyToGuess) => {
            "les prénoms et noms se devinent vite"
        }
        Some(Warning::AWordByItselfIsEasyToGuess) | None => {
            "il est trop proche de mots courants ou de votre nom"
        }
    };
    Some(format!(
        "Ce mot de passe est trop facile à deviner : {why}. Choisissez plutôt une phrase de quelques mots sans rapport entre eux."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_common_passwords_are_refused_with_a_french_hint() {
        for weak in [
            "azertyuiop123",
            "motdepasse2024",
            "bonjour123456",
            "Menuiserie62!",
        ] {
            let hint = weakness(
                weak,
                &["contact@menuiserie-artois.fr", "Menuiserie de l'Artois"],
            );
            assert!(hint.is_some(), "{weak} should be refused");
            assert!(hint
                .unwrap_or_default()
                .starts_with("Ce mot de passe est trop facile"));
        }
    }

    #[test]
    fn passphrases_pass() {
        for strong in [
            "une autre phrase solide",
            "cheval agrafe batterie correcte",
            "Tr0mb0ne-violet-42-gare",
        ] {
            assert_eq!(weakness(strong, &["awa@exemple.fr"]), None, "{strong}");
        }
    }
}
