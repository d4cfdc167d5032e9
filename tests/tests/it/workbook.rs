//! Reading the portal's XLSX files back with calamine: what a spreadsheet
//! program shows, cell by cell.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Reader, Xlsx};

/// A workbook's sheets, each as rows of cells shown as text.
pub(crate) struct Workbook {
    pub sheets: Vec<(String, Vec<Vec<String>>)>,
}

impl Workbook {
    /// Reads an XLSX file; panics (failing the test) if it is not one.
    pub fn read(bytes: &[u8]) -> Workbook {
        let mut book: Xlsx<_> =
            open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a valid XLSX file");
        let sheets = book
            .sheet_names()
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).expect("a readable sheet");
                let rows = range
                    .rows()
                    .map(|row| row.iter().map(ToString::to_string).collect())
                    .collect();
                (name, rows)
            })
            .collect();
        Workbook { sheets }
    }

    /// The sheets' names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The rows of the sheet at `index`.
    pub fn sheet(&self, index: usize) -> &[Vec<String>] {
        self.sheets.get(index).map_or(&[], |(_, rows)| rows)
    }

    /// The first row of sheet `index` with a cell equal to `label`.
    pub fn row(&self, index: usize, label: &str) -> Option<&Vec<String>> {
        self.sheet(index)
            .iter()
            .find(|r| r.iter().any(|c| c == label))
    }
}
