//! The annual report and the Région's summary as PDF documents, written
//! with `pdf-writer` (the typst project's PDF writer): A4 pages, the
//! standard Helvetica fonts in WinAnsi encoding (every French letter), text
//! wrapped to the page, tables of figures, monthly bar charts, and the
//! Région's logo with the mention of its support.

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::backend::funder::Logo;

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
const LOGO: Name<'static> = Name(b"Im1");

/// A character in WinAnsi encoding (`?` for what it cannot show).
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}' | '\u{202f}' => 0xa0,
        '\u{a1}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '…' => 0x85,
        'Œ' => 0x8c,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        'œ' => 0x9c,
        _ => b'?',
    }
}

fn encode(text: &str) -> Vec<u8> {
    text.chars().filter(|c| *c != '\r').map(win_ansi).collect()
}

/// Helvetica's advance width of a character, in thousandths of the size
/// (close to the font's metrics, a little generous so lines never
/// overflow).
fn advance(c: char, bold: bool) -> f32 {
    let base = match c {
        ' ' | '.' | ',' | ';' | ':' | '!' | '\'' | '|' | 'i' | 'j' | 'l' | 'í' | 'ì' | 'î'
        | 'ï' => 280.0,
        'f' | 't' | 'I' | 'r' | '(' | ')' | '[' | ']' | '-' | '’' => 340.0,
        'm' | 'M' | 'œ' => 840.0,
        'w' | 'W' | 'Œ' | '%' | '@' | '—' => 950.0,
        'A'..='Z' | 'À'..='Ý' | '&' => 730.0,
        _ => 560.0,
    };
    if bold {
        base * 1.08
    } else {
        base
    }
}

fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().map(|c| advance(c, bold)).sum::<f32>() * size / 1000.0
}

/// Splits a paragraph into lines no wider than `width`.
fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
            // A word longer than the line is cut.
            while text_width(&line, size, bold) > width && line.chars().count() > 1 {
                let mut cut = String::new();
                let mut rest = line.chars().peekable();
                while let Some(c) = rest.peek() {
                    if text_width(&format!("{cut}{c}"), size, bold) > width && !cut.is_empty() {
                        break;
                    }
                    cut.push(*c);
                    rest.next();
                }
                lines.push(cut);
                line = rest.collect();
            }
        }
        lines.push(line);
    }
    lines
}

/// The logo as an image the PDF can carry: (filter, bytes, width, height,
/// colour components).
struct Image {
    filter: Filter,
    bytes: Vec<u8>,
    width: u32,
    height: u32,
    gray: bool,
}

fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32, u8)> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xff {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf) {
            let h = u32::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
            let w = u32::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
            return Some((w, h, bytes[i + 9]));
        }
        i += 2 + len;
    }
    None
}

fn image_of(logo: &Logo) -> Option<Image> {
    if logo.content_type == "image/jpeg" {
        let (width, height, components) = jpeg_size(&logo.bytes)?;
        return matches!(components, 1 | 3).then(|| Image {
            filter: Filter::DctDecode,
            bytes: logo.bytes.clone(),
            width,
            height,
            gray: components == 1,
        });
    }
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&logo.bytes[..]));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    let pixels = &buf[..info.buffer_size()];
    // Transparent pixels are laid on white, as the page is.
    let over_white = |v: u8, a: u8| -> u8 {
        ((u16::from(v) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8
    };
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgb => pixels.to_vec(),
        png::ColorType::Rgba => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                [
                    over_white(p[0], p[3]),
                    over_white(p[1], p[3]),
                    over_white(p[2], p[3]),
                ]
            })
            .collect(),
        png::ColorType::Grayscale => pixels.iter().flat_map(|g| [*g, *g, *g]).collect(),
        png::ColorType::GrayscaleAlpha => pixels
            .chunks_exact(2)
            .flat_map(|p| {
                let g = over_white(p[0], p[1]);
                [g, g, g]
            })
            .collect(),
        png::ColorType::Indexed => return None,
    };
    Some(Image {
        filter: Filter::FlateDecode,
        bytes: compress_to_vec_zlib(&rgb, 6),
        width: info.width,
        height: info.height,
        gray: false,
    })
}

/// A document being laid out, page after page.
pub struct Document {
    pages: Vec<Content>,
    y: f32,
    title: String,
    logo: Option<Image>,
    footer: String,
}

impl Document {
    /// A document with its title (in its properties) and, on every page's
    /// foot, the mention given (and the logo on the first page, if any).
    pub fn new(title: &str, footer: &str, logo: Option<&Logo>) -> Document {
        let mut doc = Document {
            pages: Vec::new(),
            y: 0.0,
            title: title.to_owned(),
            logo: logo.and_then(image_of),
            footer: footer.to_owned(),
        };
        doc.new_page();
        if let Some(img) = &doc.logo {
            let h = 48.0_f32;
            let w = (h * img.width as f32 / img.height.max(1) as f32).min(200.0);
            let page = doc.current();
            page.save_state();
            page.transform([w, 0.0, 0.0, h, PAGE_W - MARGIN - w, PAGE_H - MARGIN - h]);
            page.x_object(LOGO);
            page.restore_state();
        }
        doc
    }

    fn current(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        let mut page = Content::new();
        let footer = encode(&format!("{} – page {}", self.footer, self.pages.len() + 1));
        page.begin_text();
        page.set_font(REGULAR, 8.0);
        page.next_line(MARGIN, 28.0);
        page.show(Str(&footer));
        page.end_text();
        self.pages.push(page);
        self.y = PAGE_H - MARGIN;
    }

    /// Makes room for `height` points, on a new page if needed.
    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN + 10.0 {
            self.new_page();
        }
    }

    fn line_at(&mut self, x: f32, text: &str, size: f32, bold: bool) {
        let y = self.y;
        let bytes = encode(text);
        let page = self.current();
        page.begin_text();
        page.set_font(if bold { BOLD } else { REGULAR }, size);
        page.next_line(x, y);
        page.show(Str(&bytes));
        page.end_text();
    }

    /// A paragraph, wrapped to the page.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        self.indented(text, size, bold, 0.0);
    }

    /// A paragraph starting `indent` points in.
    pub fn indented(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let leading = size * 1.35;
        for line in wrap(text, size, bold, PAGE_W - 2.0 * MARGIN - indent) {
            self.room(leading);
            self.y -= leading;
            self.line_at(MARGIN + indent, &line, size, bold);
        }
    }

    /// A heading, kept with at least a few lines after it.
    pub fn heading(&mut self, text: &str, size: f32) {
        self.room(size * 4.0);
        self.y -= size * 0.6;
        self.paragraph(text, size, true);
        self.y -= size * 0.3;
    }

    /// Vertical space.
    pub fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A table row: cells at the given x offsets (the first wraps within
    /// its column).
    pub fn row(&mut self, cells: &[&str], columns: &[f32], size: f32, bold: bool) {
        let first_width = columns.get(1).copied().unwrap_or(PAGE_W - 2.0 * MARGIN) - 8.0;
        let lines = wrap(
            cells.first().copied().unwrap_or(""),
            size,
            bold,
            first_width,
        );
        let leading = size * 1.3;
        self.room(leading * lines.len() as f32 + 4.0);
        let top = self.y;
        for (i, line) in lines.iter().enumerate() {
            self.y = top - leading * (i as f32 + 1.0);
            self.line_at(MARGIN, line, size, bold);
        }
        for (cell, x) in cells.iter().zip(columns).skip(1) {
            self.y = top - leading;
            self.line_at(MARGIN + x, cell, size, bold);
        }
        self.y = top - leading * lines.len() as f32 - 3.0;
        let y = self.y;
        let page = self.current();
        page.set_stroke_gray(0.8);
        page.set_line_width(0.4);
        page.move_to(MARGIN, y);
        page.line_to(PAGE_W - MARGIN, y);
        page.stroke();
    }

    /// A bar chart of monthly values, titled, with each month's value.
    pub fn bars(&mut self, title: &str, months: &[(String, f64)]) {
        let height = 60.0;
        self.room(height + 40.0);
        self.paragraph(title, 9.0, true);
        let max = months
            .iter()
            .map(|(_, v)| *v)
            .fold(0.0_f64, f64::max)
            .max(1.0);
        let slot = ((PAGE_W - 2.0 * MARGIN) / months.len().max(1) as f32).min(40.0);
        let base = self.y - height - 12.0;
        for (i, (month, value)) in months.iter().enumerate() {
            let x = MARGIN + slot * i as f32;
            let h = (*value / max) as f32 * (height - 14.0);
            let page = self.current();
            page.set_fill_rgb(0.0, 0.33, 0.64);
            page.rect(x + 4.0, base, slot - 8.0, h);
            page.fill_nonzero();
            page.set_fill_gray(0.0);
            let shown = format!("{}", (value * 10.0).round() / 10.0).replace('.', ",");
            let label = crate::backend::indicators::month_name(month);
            let short: String = label.chars().take(3).collect();
            let keep = self.y;
            self.y = base + h + 3.0;
            self.line_at(x + 4.0, &shown, 7.0, false);
            self.y = base - 9.0;
            self.line_at(x + 4.0, &short, 7.0, false);
            self.y = keep;
        }
        self.y = base - 16.0;
    }

    /// The finished file.
    pub fn finish(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let regular = Ref::new(3);
        let bold = Ref::new(4);
        let image = Ref::new(5);
        let info = Ref::new(6);
        let first_page = 10;
        let ids: Vec<(Ref, Ref)> = (0..self.pages.len() as i32)
            .map(|i| {
                (
                    Ref::new(first_page + 2 * i),
                    Ref::new(first_page + 2 * i + 1),
                )
            })
            .collect();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree)
            .kids(ids.iter().map(|(p, _)| *p))
            .count(ids.len() as i32);
        pdf.type1_font(regular)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type1_font(bold)
            .base_font(Name(b"Helvetica-Bold"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        if let Some(img) = &self.logo {
            let mut x = pdf.image_xobject(image, &img.bytes);
            x.filter(img.filter);
            x.width(img.width as i32);
            x.height(img.height as i32);
            if img.gray {
                x.color_space().device_gray();
            } else {
                x.color_space().device_rgb();
            }
            x.bits_per_component(8);
            x.finish();
        }
        pdf.document_info(info)
            .title(TextStr(&self.title))
            .producer(TextStr("Portail Proch'Emploi"));
        for ((page_id, content_id), content) in ids.iter().zip(self.pages) {
            let mut page = pdf.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
            page.parent(tree);
            page.contents(*content_id);
            let mut resources = page.resources();
            resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
            if self.logo.is_some() {
                resources.x_objects().pair(LOGO, image);
            }
            resources.finish();
            page.finish();
            let raw = content.finish();
            let packed = compress_to_vec_zlib(raw.as_slice(), 6);
            pdf.stream(*content_id, &packed).filter(Filter::FlateDecode);
        }
        pdf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_letters_have_their_win_ansi_codes() {
        assert_eq!(encode("é–œ’«»"), vec![0xe9, 0x96, 0x9c, 0x92, 0xab, 0xbb]);
        assert_eq!(encode("漢"), b"?");
    }

    #[test]
    fn lines_fit_the_width_and_keep_every_word() {
        let text =
            "Le club des entreprises du Bruaysis s'est réuni quatre fois cette année, avec la CCI.";
        let lines = wrap(text, 10.0, false, 150.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| text_width(l, 10.0, false) <= 150.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_document_spreads_over_pages_and_starts_as_a_pdf() {
        let mut doc = Document::new("Essai", "Avec le soutien de la Région", None);
        for i in 0..200 {
            doc.paragraph(&format!("Ligne {i}"), 10.0, false);
        }
        assert!(doc.pages.len() >= 3);
        let bytes = doc.finish();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
