//! Text folding for searches: lower case, without accents or punctuation, so
//! that « Métallier » and « metallier » meet.

/// `text` in lower case with French accents and ligatures removed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' => {
                out.push('a')
            }
            'ç' | 'Ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => out.push('i'),
            'ñ' | 'Ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => out.push('u'),
            'ÿ' | 'Ÿ' => out.push('y'),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The distinct words of `text` (folded, two characters or more), in order
/// of first appearance.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut seen = Vec::new();
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() >= 2 && !seen.iter().any(|s: &String| s == w) {
            seen.push(w.to_owned());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Métallier SOUDEUR Œuvre"), "metallier soudeur oeuvre");
    }

    #[test]
    fn words_are_distinct_and_skip_single_letters() {
        assert_eq!(
            words("Agent d'entretien, agent polyvalent (H/F)"),
            vec!["agent", "entretien", "polyvalent"]
        );
    }
}
