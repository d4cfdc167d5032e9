//! The funder's logo: the convention asks for the Région's logo on every
//! communication medium. An admin sets the image file the Région provides;
//! until then, its name stands alone.

/// The funder's name, the logo's text alternative.
pub const FUNDER_NAME: &str = "Région Hauts-de-France";

/// The largest logo file accepted.
pub const LOGO_MAX_BYTES: usize = 512 * 1024;

/// Where the logo is served (with `?v=` its version, for caching).
pub const LOGO_PATH: &str = "/logo-financeur";

/// The logo's address for a version (the time it was set).
pub fn logo_src(version: i64) -> String {
    format!("{LOGO_PATH}?v={version}")
}

/// The media type of an accepted logo file (PNG or JPEG, recognised by
/// their first bytes; SVG is refused: it may carry scripts).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_and_jpeg_only() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(
            image_type(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/>"),
            None
        );
        assert_eq!(image_type(b"GIF89a"), None);
        assert_eq!(image_type(b""), None);
    }
}
