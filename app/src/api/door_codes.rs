//! The door code (typed, or read from the QR code by the camera) at the
//! check-in of an event.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::checkin::{back_to_row, door_event, show_person},
    crate::backend::auth,
    crate::backend::repo::door_codes::{self, AtDoor},
    crate::error::FormErrors,
    crate::model::door_code,
};

/// Checks in the person holding a code: present when confirmed; a person
/// of the waiting list is shown with the button to admit them.
#[server(endpoint = "check_in_by_code")]
pub async fn check_in_by_code(event_id: String, code: String) -> Result<(), AppError> {
    super::run(async move {
        let (user, row) = door_event(&event_id).await?;
        let refuse = |message: &str| {
            AppError::Invalid(
                FormErrors::new()
                    .with("code", message)
                    .keep("code", &code),
            )
        };
        let Some(normalized) = door_code::normalize(&code) else {
            return Err(refuse(
                "Ce code n'est pas valable : il a 6 caractères, lettres et chiffres (par exemple K7P-3QX).",
            ));
        };
        let state = auth::state()?;
        let (id, full_name) = match door_codes::check_in(&state.pool, row.id, &normalized).await? {
            AtDoor::Present { id, full_name } => {
                use crate::backend::privacy::audit::{noted, Action};
                noted(&user, Action::AttendanceChange, "registration", id).await?;
                (id, full_name)
            }
            AtDoor::Waiting { id, full_name } => (id, full_name),
            AtDoor::Cancelled => {
                return Err(refuse("Cette inscription a été annulée."));
            }
            AtDoor::Unknown => {
                return Err(refuse(
                    "Aucune inscription à cet événement ne porte ce code : vérifiez-le, ou cherchez la personne par son nom.",
                ));
            }
        };
        show_person(row.id, &full_name, &state);
        back_to_row(row.id, id);
        Ok(())
    })
    .await
}
