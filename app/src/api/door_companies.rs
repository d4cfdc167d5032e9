//! Companies at the door of an event: one that came without registering
//! (often without an account on the portal) is recorded by staff.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::checkin::door_event,
    crate::backend::auth,
    crate::backend::repo::activity::{self, CompanyAtDoor},
};

/// Staff record a company of the platform present at the event without
/// having registered; it counts among the companies present.
#[server(endpoint = "add_company_at_door")]
pub async fn add_company_at_door(
    event_id: String,
    door_company_id: String,
    recruiter: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let (user, row) = door_event(&event_id).await?;
        let Ok(company) = door_company_id.trim().parse::<i64>() else {
            return Err(AppError::field(
                "door_company_id",
                "Choisissez l'entreprise venue.",
                &door_company_id,
            ));
        };
        let recruiter = recruiter.as_deref().map(str::trim) == Some(crate::model::CHECKED);
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let done = activity::company_at_door(
            &mut tx,
            row.id,
            row.platform_id,
            company,
            recruiter,
            user.id,
        )
        .await?;
        if done == CompanyAtDoor::Unknown {
            return Err(AppError::field(
                "door_company_id",
                "Cette entreprise n'est pas sur la plateforme : ajoutez-la d'abord dans « Entreprises ».",
                &door_company_id,
            ));
        }
        tx.commit().await?;
        Ok(())
    })
    .await
}
