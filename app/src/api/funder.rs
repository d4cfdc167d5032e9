//! The funder's logo: its version for the footer (anyone), and an admin
//! setting or removing the file.

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::backend::{auth, funder},
    crate::model::funder::{image_type, LOGO_MAX_BYTES},
    crate::model::Role,
};

/// The logo's version (`None`: no logo, the name stands alone).
#[server(endpoint = "funder_logo_version")]
pub async fn funder_logo_version() -> Result<Option<i64>, AppError> {
    super::run(async {
        let state = auth::state()?;
        Ok(funder::version(&state).await?)
    })
    .await
}

/// An admin sets the logo file (PNG or JPEG, at most 512 KB).
#[server(input = MultipartFormData, endpoint = "upload_funder_logo")]
pub async fn upload_funder_logo(data: MultipartData) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Admin]).await?;
        let Some(mut multipart) = data.into_inner() else {
            return Err(AppError::Transport);
        };
        let mut bytes = Vec::new();
        let mut too_big = false;
        while let Ok(Some(mut field)) = multipart.next_field().await {
            if field.name() != Some("logo") {
                continue;
            }
            while let Ok(Some(chunk)) = field.chunk().await {
                if bytes.len() + chunk.len() > LOGO_MAX_BYTES {
                    too_big = true;
                    break;
                }
                bytes.extend_from_slice(&chunk);
            }
        }
        if too_big {
            return Err(AppError::field(
                "logo",
                "Ce fichier dépasse 512 Ko : demandez à la Région une version plus légère.",
                "",
            ));
        }
        let Some(kind) = image_type(&bytes) else {
            return Err(AppError::field(
                "logo",
                "Choisissez une image PNG ou JPEG (le logo fourni par la Région).",
                "",
            ));
        };
        let state = auth::state()?;
        funder::set(&state, kind, &bytes, user.id).await?;
        leptos_axum::redirect("/admin/logo-financeur?enregistre=1");
        Ok(())
    })
    .await
}

/// An admin removes the logo (the name stands alone again).
#[server(endpoint = "remove_funder_logo")]
pub async fn remove_funder_logo() -> Result<(), AppError> {
    super::run(async {
        auth::require(&[Role::Admin]).await?;
        let state = auth::state()?;
        funder::remove(&state).await?;
        Ok(())
    })
    .await
}
