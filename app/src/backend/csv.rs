//! CSV for spreadsheet users: UTF-8 with a BOM (so Excel reads accents),
//! `;` separator (French locale), and formula injection neutralised.

/// Builds a CSV document from a header and rows.
pub fn document(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    push_line(&mut out, header.iter().map(|h| h.to_string()));
    for row in rows {
        push_line(&mut out, row.iter().cloned());
    }
    out
}

fn push_line(out: &mut String, cells: impl Iterator<Item = String>) {
    let line: Vec<String> = cells.map(|c| cell(&c)).collect();
    out.push_str(&line.join(";"));
    out.push_str("\r\n");
}

/// One cell: a leading `=`, `+`, `-`, `@`, tab or carriage return would make
/// a spreadsheet run it as a formula, so it gets a leading apostrophe; cells
/// with `;`, quotes or line breaks are quoted.
pub fn cell(value: &str) -> String {
    let neutral = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    if neutral.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+33 6"), "'+33 6");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM"), "'@SUM");
        assert_eq!(cell("Béthune"), "Béthune");
    }

    #[test]
    fn quotes_separators_and_line_breaks() {
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("l1\nl2"), "\"l1\nl2\"");
    }

    #[test]
    fn document_has_bom_and_crlf() {
        let d = document(&["Titre", "Postes"], &[vec!["Soudeur".into(), "2".into()]]);
        assert!(d.starts_with('\u{feff}'));
        assert_eq!(
            d.trim_start_matches('\u{feff}'),
            "Titre;Postes\r\nSoudeur;2\r\n"
        );
    }
}
