//! A one-sheet XLSX table: a bold title, a bold header row, every value
//! written as text (never read as a formula).

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The workbook of one table.
pub fn document(
    sheet_name: &str,
    title: &str,
    header: &[&str],
    rows: &[Vec<String>],
    logo: Option<&crate::backend::funder::Logo>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, title, &bold)?;
    for (col, h) in header.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *h, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            sheet.write_string(i as u32 + 3, col as u16, value)?;
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 30)?;
    crate::backend::funder::stamp(sheet, logo, header.len() as u16 + 1)?;
    book.save_to_buffer()
}
