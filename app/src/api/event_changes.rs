//! Staff change a published event (date, time, place, seats...) or cancel
//! it with a reason; everyone registered is e-mailed, in the change's
//! transaction.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::event::CheckedEvent;
use crate::model::event::EventForm;

#[cfg(feature = "ssr")]
use {
    super::events::queue_event_mail,
    crate::backend::auth,
    crate::backend::clock,
    crate::backend::mail::{door_ticket, templates},
    crate::backend::repo::{events, reference},
    crate::error::FormErrors,
    crate::model::CurrentUser,
};

/// An event in its edit page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventEdit {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub form: EventForm,
    /// People registered (confirmed or waiting), who are told of changes.
    pub registrants: i64,
    /// Published and not started: it can still be changed or cancelled.
    pub editable: bool,
}

/// The staff member and their platform's event.
#[cfg(feature = "ssr")]
async fn staff_event(id: i64) -> Result<(CurrentUser, events::EventRow), AppError> {
    super::checkin::staff_event_of(&id.to_string()).await
}

/// The event, as its edit form shows it.
#[server(endpoint = "event_for_edit")]
pub async fn event_for_edit(id: i64) -> Result<EventEdit, AppError> {
    super::run(async move {
        let (_, row) = staff_event(id).await?;
        let state = auth::state()?;
        let (registrants,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status IN ('confirmed', 'waiting')",
        )
        .bind(id)
        .fetch_one(&state.pool)
        .await?;
        let summary = row.summary();
        Ok(EventEdit {
            id,
            title: summary.title.clone(),
            when: summary.when.clone(),
            form: row.edit_form(),
            registrants,
            editable: row.status == "published" && row.starts_at > crate::backend::db::now(),
        })
    })
    .await
}

/// The form's values kept with the errors.
#[cfg(feature = "ssr")]
fn keep(form: &EventForm, errors: FormErrors) -> FormErrors {
    [
        ("kind", &form.kind),
        ("title", &form.title),
        ("description", &form.description),
        ("date", &form.date),
        ("start_time", &form.start_time),
        ("end_time", &form.end_time),
        ("commune", &form.commune),
        ("address", &form.address),
        ("capacity", &form.capacity),
        ("company_capacity", &form.company_capacity),
        ("deadline", &form.deadline),
    ]
    .into_iter()
    .fold(errors, |e, (k, v)| e.keep(k, v))
}

/// A checked event form, placed on the calendar (in the future) and on the
/// platform's territory.
#[cfg(feature = "ssr")]
pub(crate) struct Placed {
    pub checked: CheckedEvent,
    pub commune_insee: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The last moment to register: the day typed (at most the start).
    pub deadline: i64,
}

#[cfg(feature = "ssr")]
impl Placed {
    /// The event to write, with its questions and offers.
    pub fn event<'a>(
        &'a self,
        platform_id: i64,
        questions: &'a [String],
        offer_ids: &'a [i64],
    ) -> events::NewEvent<'a> {
        let c = &self.checked;
        events::NewEvent {
            platform_id,
            kind: c.kind,
            title: &c.title,
            description: &c.description,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            commune_insee: &self.commune_insee,
            address: &c.address,
            capacity: c.capacity,
            company_capacity: c.company_capacity,
            registration_deadline: self.deadline,
            questions,
            offer_ids,
        }
    }
}

/// Checks an event form for the platform (creation and changes); French
/// messages next to the fields, what was typed kept.
#[cfg(feature = "ssr")]
pub(crate) async fn place(
    pool: &crate::backend::db::Pool,
    platform: i64,
    form: &EventForm,
) -> Result<Placed, AppError> {
    let refuse = |field: &str, message: &str| {
        AppError::Invalid(keep(form, FormErrors::new().with(field, message)))
    };
    let checked = form.check().map_err(AppError::Invalid)?;
    let commune = reference::resolve_commune(pool, platform, &form.commune)
        .await?
        .ok_or_else(|| {
            refuse(
                "commune",
                "Cette commune n'est pas sur le territoire de la plateforme : choisissez-la dans la liste.",
            )
        })?;
    let (Some(starts_at), Some(ends_at)) = (
        clock::from_paris(&checked.date, &checked.start_time),
        clock::from_paris(&checked.date, &checked.end_time),
    ) else {
        return Err(refuse("date", "Cette date ou cette heure n'existe pas."));
    };
    if starts_at <= crate::backend::db::now() {
        return Err(refuse("date", "L'événement doit avoir lieu dans le futur."));
    }
    let deadline = checked
        .deadline
        .as_deref()
        .and_then(|d| clock::from_paris(d, "23:59"))
        .map_or(starts_at, |d| d.min(starts_at));
    Ok(Placed {
        checked,
        commune_insee: commune.insee,
        starts_at,
        ends_at,
        deadline,
    })
}

/// Changes the event; when its date, times or place change, everyone
/// registered is e-mailed (with a fresh personal link).
#[server(endpoint = "update_event")]
pub async fn update_event(id: i64, #[server(flatten)] form: EventForm) -> Result<(), AppError> {
    super::run(async move {
        let (_, row) = staff_event(id).await?;
        let state = auth::state()?;
        let refuse = |field: &str, message: &str| {
            AppError::Invalid(keep(&form, FormErrors::new().with(field, message)))
        };
        let placed = place(&state.pool, row.platform_id, &form).await?;
        let checked = &placed.checked;
        if checked.capacity < row.seats_taken() {
            return Err(refuse(
                "capacity",
                &format!(
                    "Au moins {} places : autant de personnes sont déjà inscrites ou ont une place réservée.",
                    row.seats_taken()
                ),
            ));
        }
        if checked.company_capacity < row.companies_confirmed {
            return Err(refuse(
                "company_capacity",
                &format!(
                    "Au moins {} places : autant d'entreprises sont déjà inscrites.",
                    row.companies_confirmed
                ),
            ));
        }
        let before = row.summary();
        let old_place = row.place();
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let done =
            events::update_details(&mut tx, id, &placed.event(row.platform_id, &[], &[])).await?;
        if !done {
            return Err(AppError::Refused(
                "Cet événement est annulé ou ses places viennent de changer : rechargez la page."
                    .into(),
            ));
        }
        let after = events::find_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let moved = after.starts_at != row.starts_at
            || after.ends_at != row.ends_at
            || after.place() != old_place;
        if moved {
            let s = after.summary();
            for (registration, email) in events::registrants(&mut tx, id).await? {
                let Some(token) = events::renew_token(&mut tx, registration).await? else {
                    continue;
                };
                let Some(ticket) =
                    door_ticket::prepare(&mut tx, &state.link(""), registration).await?
                else {
                    continue;
                };
                let mail = templates::event_changed(
                    &s.title,
                    &before.when,
                    &s.when,
                    &after.place(),
                    &state.link(&format!("/evenements/inscription/{token}")),
                    &ticket.line,
                );
                door_ticket::enqueue(&mut tx, after.platform_id, &email, &mail, &ticket).await?;
            }
        }
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect(&format!(
            "/equipe/evenements?{}",
            if moved { "deplace=1" } else { "modifie=1" }
        ));
        Ok(())
    })
    .await
}

/// Cancels the event, once staff gave the reason and confirmed; everyone
/// registered is e-mailed with the reason.
#[server(endpoint = "cancel_event")]
pub async fn cancel_event(
    id: i64,
    cancel_reason: String,
    confirm_cancel: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let (_, row) = staff_event(id).await?;
        let state = auth::state()?;
        let reason = cancel_reason.trim();
        let mut errors = FormErrors::new();
        if reason.chars().count() < 3 || reason.chars().count() > 500 {
            errors.add(
                "cancel_reason",
                "Indiquez le motif de l'annulation : il est envoyé aux inscrits.",
            );
        }
        if confirm_cancel.as_deref().map(str::trim) != Some(crate::model::CHECKED) {
            errors.add(
                "confirm_cancel",
                "Cochez la case pour confirmer l'annulation de l'événement.",
            );
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(
                errors.keep("cancel_reason", &cancel_reason),
            ));
        }
        let s = row.summary();
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        if !events::cancel_event(&mut tx, id, reason).await? {
            return Err(AppError::Refused("Cet événement est déjà annulé.".into()));
        }
        let mail = templates::event_cancelled(&s.title, &s.when, reason);
        for (_, email) in events::registrants(&mut tx, id).await? {
            queue_event_mail(&mut tx, &row, &email, &mail).await?;
        }
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect("/equipe/evenements?annule=1");
        Ok(())
    })
    .await
}
