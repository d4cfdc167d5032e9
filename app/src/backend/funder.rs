//! The funder's logo, kept in the database (one row), with its version
//! cached in the server's state for the pages' footers (30 s: several
//! instances see a change within that time; the instance that made it at
//! once).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::backend::db::{now, Pool};
use crate::backend::state::AppState;

/// The logo file.
pub struct Logo {
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// When it was set (its version in addresses).
    pub version: i64,
}

const FRESH_FOR: Duration = Duration::from_secs(30);

/// The logo's version as last read, and when.
#[derive(Debug, Default)]
pub struct VersionCache(Mutex<Option<(Instant, Option<i64>)>>);

impl VersionCache {
    fn remember(&self, version: Option<i64>) {
        if let Ok(mut cached) = self.0.lock() {
            *cached = Some((Instant::now(), version));
        }
    }

    fn fresh(&self) -> Option<Option<i64>> {
        let cached = self.0.lock().ok()?;
        let (at, v) = (*cached)?;
        (at.elapsed() < FRESH_FOR).then_some(v)
    }
}

/// The logo, if an admin set one.
pub async fn logo(pool: &Pool) -> sqlx::Result<Option<Logo>> {
    let row: Option<(String, Vec<u8>, i64)> =
        sqlx::query_as("SELECT content_type, bytes, updated_at FROM funder_logo WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(content_type, bytes, version)| Logo {
        content_type,
        bytes,
        version,
    }))
}

/// The logo's version in the database (`None`: no logo).
async fn stored_version(pool: &Pool) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT updated_at FROM funder_logo WHERE id = 1")
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(v,)| v))
}

/// A worker's copy of the logo, kept in step with the database: each
/// `current` reads the version only (a tiny query) and the file again only
/// when the version changed.
#[derive(Default)]
pub struct LogoCopy(Option<Logo>);

impl LogoCopy {
    /// The logo as the database holds it now.
    pub async fn current(&mut self, pool: &Pool) -> sqlx::Result<Option<&Logo>> {
        let version = stored_version(pool).await?;
        if self.0.as_ref().map(|l| l.version) != version {
            self.0 = match version {
                Some(_) => logo(pool).await?,
                None => None,
            };
        }
        Ok(self.0.as_ref())
    }
}

/// The logo's version (`None`: no logo), from the cache when fresh.
pub async fn version(state: &AppState) -> sqlx::Result<Option<i64>> {
    if let Some(v) = state.funder_logo.fresh() {
        return Ok(v);
    }
    let v = stored_version(&state.pool).await?;
    state.funder_logo.remember(v);
    Ok(v)
}

/// Sets the logo (the caller checked the file); returns its version.
pub async fn set(state: &AppState, content_type: &str, bytes: &[u8], by: i64) -> sqlx::Result<i64> {
    // A version is never reused, even when set twice in one second.
    let previous = version(state).await?.unwrap_or(0);
    let at = now().max(previous + 1);
    sqlx::query(
        "INSERT INTO funder_logo (id, content_type, bytes, updated_at, updated_by) VALUES (1, $1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET content_type = $1, bytes = $2, updated_at = $3, updated_by = $4",
    )
    .bind(content_type)
    .bind(bytes.to_vec())
    .bind(at)
    .bind(by)
    .execute(&state.pool)
    .await?;
    state.funder_logo.remember(Some(at));
    Ok(at)
}

/// Removes the logo (the name stands alone again).
pub async fn remove(state: &AppState) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM funder_logo WHERE id = 1")
        .execute(&state.pool)
        .await?;
    state.funder_logo.remember(None);
    Ok(())
}

/// Puts the logo at the top right of a workbook's first sheet (column
/// `col`, about 160 px wide), or the support mention as text until an admin
/// sets one.
pub fn stamp(
    sheet: &mut rust_xlsxwriter::Worksheet,
    logo: Option<&Logo>,
    col: u16,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match logo {
        Some(logo) => {
            let mut image = rust_xlsxwriter::Image::new_from_buffer(&logo.bytes)?
                .set_alt_text(crate::model::funder::FUNDER_NAME);
            let width = image.width().max(1.0);
            let scale = (160.0 / width).min(1.0);
            image = image.set_scale_width(scale).set_scale_height(scale);
            sheet.insert_image(0, col, &image)?;
        }
        None => {
            sheet.write_string(0, col, SUPPORT_MENTION)?;
        }
    }
    Ok(())
}

/// The mention of the Région's support the convention asks for.
pub const SUPPORT_MENTION: &str = "Avec le soutien de la Région Hauts-de-France";
