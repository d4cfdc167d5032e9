//! QR codes of registrations: an SVG for the registration page and a PNG
//! for the e-mail (mail programs show attached images, rarely SVG).

use qrcode::{render::svg, Color, EcLevel, QrCode};

/// Pixels per module in the PNG.
const SCALE: usize = 8;
/// The blank margin around the code, in modules (the standard's minimum).
const QUIET: usize = 4;

fn code(text: &str) -> anyhow::Result<QrCode> {
    Ok(QrCode::with_error_correction_level(
        text.as_bytes(),
        EcLevel::M,
    )?)
}

/// The QR code as an inline `<svg>` element (no XML declaration), sized by
/// the page's CSS.
pub fn svg(text: &str) -> anyhow::Result<String> {
    let image = code(text)?
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    let start = image.find("<svg").unwrap_or(0);
    Ok(image[start..].replacen(
        "<svg ",
        "<svg aria-hidden=\"true\" focusable=\"false\" class=\"qr-code\" ",
        1,
    ))
}

/// The QR code as a black-on-white PNG.
pub fn png(text: &str) -> anyhow::Result<Vec<u8>> {
    let qr = code(text)?;
    let width = qr.width();
    let colors = qr.to_colors();
    let side = (width + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (mx, my) = (i % width + QUIET, i / width + QUIET);
        for y in my * SCALE..(my + 1) * SCALE {
            let row = y * side;
            pixels[row + mx * SCALE..row + (mx + 1) * SCALE].fill(0);
        }
    }
    let mut out = Vec::new();
    {
        let side = u32::try_from(side)?;
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_an_inline_element() {
        let s =
            svg("https://portail.example/equipe/evenements/1/pointage?code=K7P3QX").expect("svg");
        assert!(s.starts_with("<svg aria-hidden=\"true\""), "{}", &s[..60]);
        assert!(!s.contains("<?xml"));
        assert!(s.contains("<path"));
    }

    #[test]
    fn the_png_is_a_png_with_a_quiet_zone() {
        let bytes = png("K7P3QX").expect("png");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("header");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame");
        assert_eq!(info.width, info.height);
        // The corner is blank (quiet zone), the finder pattern's corner dark.
        assert_eq!(buf[0], 255);
        let side = info.width as usize;
        let at = (QUIET * SCALE) * side + QUIET * SCALE;
        assert_eq!(buf[at], 0);
    }
}
