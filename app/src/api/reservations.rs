//! Seats set aside at an event for partner organisations' candidates:
//! staff set them, the organisation's users register their candidates into
//! them (the candidate gets the usual e-mail with the link to cancel).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::event::{PartnerEvent, RegistrationForm, StaffReservations};

#[cfg(feature = "ssr")]
use {
    crate::api::checkin::staff_event_of,
    crate::api::events::{queue_promoted_mail, queue_registration_mail},
    crate::backend::auth,
    crate::backend::repo::event_reservations::{self as reservations, ReserveError},
    crate::backend::repo::events::{self, RegisterError},
    crate::backend::repo::platforms,
    crate::error::FormErrors,
    crate::model::event::{RegistrationStatus, Reservation},
    crate::model::Role,
};

/// An event's set-aside seats and the organisations that could get some.
#[server(endpoint = "event_reservations")]
pub async fn event_reservations(id: String) -> Result<StaffReservations, AppError> {
    super::run(async move {
        let (_, row) = staff_event_of(&id).await?;
        let state = auth::state()?;
        let summary = row.summary();
        let reservations = reservations::reservations(&state.pool, summary.id)
            .await?
            .into_iter()
            .map(|r| Reservation {
                org_id: r.partner_org_id,
                org_name: r.org_name,
                seats: r.seats,
                used: r.used,
            })
            .collect();
        let orgs = platforms::partner_orgs(&state.pool, row.platform_id)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        Ok(StaffReservations {
            event: summary,
            reservations,
            orgs,
        })
    })
    .await
}

/// Sets the seats an organisation keeps at the event; seats freed go to
/// the people waiting, who are e-mailed in the same transaction.
#[server(endpoint = "set_event_reservation")]
pub async fn set_event_reservation(
    event_id: String,
    partner_org_id: String,
    seats: String,
) -> Result<(), AppError> {
    super::run(async move {
        let (user, row) = staff_event_of(&event_id).await?;
        let state = auth::state()?;
        let keep = |e: FormErrors| {
            e.keep("partner_org_id", &partner_org_id)
                .keep("seats", &seats)
        };
        let org = partner_org_id.trim().parse::<i64>().ok();
        let orgs = platforms::partner_orgs(&state.pool, row.platform_id).await?;
        let Some(org) = org.filter(|o| orgs.iter().any(|x| x.id == *o)) else {
            return Err(AppError::Invalid(keep(FormErrors::new().with(
                "partner_org_id",
                "Choisissez un partenaire de la plateforme.",
            ))));
        };
        let Some(n) = seats.trim().parse::<i64>().ok().filter(|n| (0..=10_000).contains(n)) else {
            return Err(AppError::Invalid(keep(FormErrors::new().with(
                "seats",
                "Indiquez un nombre de places, 0 ou plus.",
            ))));
        };
        let event = row.summary();
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let promoted = match reservations::set_reservation(&mut tx, event.id, org, n, user.id).await? {
            Ok(p) => p,
            Err(ReserveError::Closed) => {
                return Err(AppError::Refused("Cet événement est passé ou annulé.".into()))
            }
            Err(ReserveError::BelowUsed(used)) => {
                return Err(AppError::Invalid(keep(FormErrors::new().with(
                    "seats",
                    &format!("Ce partenaire a déjà inscrit {used} candidat(s) sur ses places : indiquez au moins {used}."),
                ))))
            }
            Err(ReserveError::NotEnoughSeats(free)) => {
                return Err(AppError::Invalid(keep(FormErrors::new().with(
                    "seats",
                    &format!("Il ne reste que {free} place(s) libre(s) à mettre de côté en plus de celles déjà réservées."),
                ))))
            }
        };
        for (registration, _, email) in &promoted {
            queue_promoted_mail(&mut tx, &state, &row, *registration, email).await?;
        }
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect(&format!("/equipe/evenements/{}/places-partenaires", event.id));
        Ok(())
    })
    .await
}

/// The upcoming events where the caller's organisation has seats, with the
/// candidates it registered.
#[server(endpoint = "partner_events")]
pub async fn partner_events() -> Result<Vec<PartnerEvent>, AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Partner]).await?;
        let org = user.partner_org_id.ok_or(AppError::Forbidden)?;
        let state = auth::state()?;
        let mut out = Vec::new();
        for (row, seats, used) in reservations::reserved_for(&state.pool, org).await? {
            let summary = row.summary();
            let registered = reservations::registered_by(&state.pool, summary.id, org)
                .await?
                .into_iter()
                .map(|(name, status)| {
                    let status = RegistrationStatus::from_code(&status)
                        .unwrap_or(RegistrationStatus::Cancelled);
                    (name, status)
                })
                .collect();
            out.push(PartnerEvent {
                questions: events::questions(&state.pool, summary.id).await?,
                summary,
                seats,
                used,
                registered,
            });
        }
        Ok(out)
    })
    .await
}

/// A partner registers a candidate into its organisation's seats (then the
/// public ones, then the waiting list); the candidate is e-mailed the
/// confirmation and their own link, in the same transaction.
#[server(endpoint = "register_partner_candidate")]
pub async fn register_partner_candidate(
    event_id: String,
    #[server(flatten)] form: RegistrationForm,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Partner]).await?;
        let org = user.partner_org_id.ok_or(AppError::Forbidden)?;
        let id = event_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        if !reservations::has_reservation(&state.pool, id, org).await? {
            return Err(AppError::Forbidden);
        }
        let row = events::find(&state.pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if row.summary().companies_only() {
            return Err(AppError::Refused(super::events::COMPANIES_ONLY.into()));
        }
        let questions = events::questions(&state.pool, id).await?;
        let checked = form.check(questions.len()).map_err(AppError::Invalid)?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let done = match events::register(&mut tx, id, &checked, Some(org)).await? {
            Ok(done) => done,
            Err(RegisterError::Closed) => {
                return Err(AppError::Refused(
                    "Les inscriptions à cet événement sont closes.".into(),
                ))
            }
            Err(RegisterError::AlreadyRegistered) => {
                return Err(AppError::Invalid(form.errors_keeping().with(
                    "email",
                    "Cette personne est déjà inscrite à cet événement.",
                )))
            }
        };
        queue_registration_mail(&mut tx, &state, &row, &done, &checked.email).await?;
        tx.commit().await?;
        use crate::backend::privacy::audit::{noted, Action};
        noted(&user, Action::PersonRegistered, "registration", done.id).await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect(&format!("/partenaire/evenements?inscrit={}", done.id));
        Ok(())
    })
    .await
}
