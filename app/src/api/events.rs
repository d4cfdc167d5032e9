//! Events: the public list and pages, registration without an account (with
//! a waiting list), the e-mailed link to view or cancel, and staff's
//! creation of events.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::door_code;
use crate::model::event::{EventForm, EventSummary, EventView, RegistrationForm, RegistrationView};
use crate::model::Commune;

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::clock,
    crate::backend::mail::{door_ticket, outbox, templates},
    crate::backend::repo::events::{self, EventFilter, RegisterError},
    crate::backend::repo::reference,
    crate::model::event::{EventKind, RegistrationStatus},
    crate::model::Role,
};

/// What the staff events page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffEventsData {
    /// Events to come or in progress.
    pub events: Vec<EventSummary>,
    /// Events held, newest first, with their figures.
    pub past: Vec<crate::model::event::PastEvent>,
    pub communes: Vec<Commune>,
    /// The platform's published offers, to present at an event: (id, label).
    pub offers: Vec<(i64, String)>,
}

/// Upcoming events, narrowed by kind and commune.
#[server(endpoint = "upcoming_events")]
pub async fn upcoming_events(
    kind: Option<String>,
    commune: Option<String>,
) -> Result<Vec<EventSummary>, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let filter = EventFilter {
            kind: kind.as_deref().and_then(EventKind::from_code),
            commune,
            ..EventFilter::default()
        };
        Ok(events::upcoming(&state.pool, &filter).await?)
    })
    .await
}

/// The schema.org `Event` of an event, safe inside a `<script>`.
#[cfg(feature = "ssr")]
fn event_json_ld(row: &events::EventRow, summary: &EventSummary, url: &str) -> String {
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": summary.title,
        "description": row.description,
        "startDate": clock::iso_date_time(row.starts_at),
        "endDate": clock::iso_date_time(row.ends_at),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": true,
        "url": url,
        "location": {
            "@type": "Place",
            "name": summary.address,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": summary.address,
                "addressLocality": summary.commune_name,
                "addressRegion": "Hauts-de-France",
                "addressCountry": "FR"
            }
        },
        "maximumAttendeeCapacity": summary.capacity,
        "remainingAttendeeCapacity": summary.seats_left(),
        "organizer": {"@type": "Organization", "name": "Proch'Emploi Entreprises"}
    });
    crate::model::html_safe::script_json(&value)
}

/// Why a candidate cannot register for a companies-only event.
#[cfg(feature = "ssr")]
pub(crate) const COMPANIES_ONLY: &str =
    "Cet événement est réservé aux entreprises : il ne prend pas d'inscriptions de candidats.";

/// Queues an e-mail about an event to one person, in the caller's
/// transaction.
#[cfg(feature = "ssr")]
pub(crate) async fn queue_event_mail(
    tx: &mut crate::backend::db::Tx,
    row: &events::EventRow,
    to: &str,
    mail: &templates::Mail,
) -> Result<(), AppError> {
    outbox::enqueue(
        tx,
        &outbox::NewMail {
            platform_id: Some(row.platform_id),
            to,
            subject: &mail.subject,
            body: &mail.body,
        },
    )
    .await?;
    Ok(())
}

/// Queues the e-mail confirming a registration (or its place on the
/// waiting list) with the link to view or cancel it, in the caller's
/// transaction.
#[cfg(feature = "ssr")]
pub(crate) async fn queue_registration_mail(
    tx: &mut crate::backend::db::Tx,
    state: &crate::backend::state::AppState,
    row: &events::EventRow,
    done: &events::Registered,
    to: &str,
) -> Result<(), AppError> {
    let summary = row.summary();
    let place = format!("{}, {}", summary.address, summary.commune_name);
    let ticket = door_ticket::prepare(tx, &state.link(""), done.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mail = templates::registration(
        &summary.title,
        &summary.when,
        &place,
        done.waiting_rank,
        &state.link(&format!("/evenements/inscription/{}", done.token)),
        &state.link(&format!("/evenements/{}/agenda.ics", summary.id)),
        &ticket.line,
    );
    door_ticket::enqueue(tx, row.platform_id, to, &mail, &ticket).await?;
    Ok(())
}

/// Queues the e-mail telling someone on the waiting list they have a seat.
#[cfg(feature = "ssr")]
pub(crate) async fn queue_promoted_mail(
    tx: &mut crate::backend::db::Tx,
    state: &crate::backend::state::AppState,
    row: &events::EventRow,
    registration_id: i64,
    to: &str,
) -> Result<(), AppError> {
    let s = row.summary();
    let token = events::renew_token(tx, registration_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ticket = door_ticket::prepare(tx, &state.link(""), registration_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mail = templates::registration_promoted(
        &s.title,
        &s.when,
        &format!("{}, {}", s.address, s.commune_name),
        &state.link(&format!("/evenements/{}/agenda.ics", s.id)),
        &state.link(&format!("/evenements/inscription/{token}")),
        &ticket.line,
    );
    door_ticket::enqueue(tx, row.platform_id, to, &mail, &ticket).await?;
    Ok(())
}

/// A published event's page.
#[server(endpoint = "open_event")]
pub async fn open_event(id: i64) -> Result<EventView, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let row = events::find(&state.pool, id)
            .await?
            .filter(|r| r.status == "published")
            .ok_or(AppError::NotFound)?;
        let summary = row.summary();
        let json_ld = event_json_ld(&row, &summary, &state.link(&format!("/evenements/{id}")));
        Ok(EventView {
            description: row.description.clone(),
            deadline: clock::date(row.registration_deadline),
            questions: events::questions(&state.pool, id).await?,
            offers: events::linked_offers(&state.pool, id).await?,
            companies: events::companies(&state.pool, id).await?,
            company_seats_left: (row.company_capacity - row.companies_confirmed).max(0),
            json_ld,
            summary,
        })
    })
    .await
}

/// Registers a candidate (no account): a seat, or the waiting list; the
/// e-mail with the link to view or cancel is queued in the same transaction.
#[server(endpoint = "register_for_event")]
pub async fn register_for_event(
    event_id: String,
    #[server(flatten)] form: RegistrationForm,
) -> Result<(), AppError> {
    super::run(async move {
        let id = event_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        let row = events::find(&state.pool, id)
            .await?
            .filter(|r| r.status == "published")
            .ok_or(AppError::NotFound)?;
        if row.summary().companies_only() {
            return Err(AppError::Refused(COMPANIES_ONLY.into()));
        }
        let questions = events::questions(&state.pool, id).await?;
        let checked = form.check(questions.len()).map_err(AppError::Invalid)?;
        crate::backend::form_limits::count(&state, "register", &checked.email).await?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        // The same answer whether the address was already registered (its
        // link is then sent again): nothing tells who is registered.
        let done = match events::register(&mut tx, id, &checked, None).await? {
            Ok(done) => done,
            Err(RegisterError::Closed) => {
                return Err(AppError::Refused(
                    "Les inscriptions à cet événement sont closes.".into(),
                ))
            }
            Err(RegisterError::AlreadyRegistered) => {
                tx.rollback().await?;
                let mut tx = crate::backend::db::begin(&state.pool).await?;
                if let Some(done) = events::renew_link(&mut tx, id, &checked.email).await? {
                    queue_registration_mail(&mut tx, &state, &row, &done, &checked.email).await?;
                }
                tx.commit().await?;
                state.mail_wake.notify_one();
                leptos_axum::redirect(&format!("/evenements/{id}?inscription=envoyee"));
                return Ok(());
            }
        };
        queue_registration_mail(&mut tx, &state, &row, &done, &checked.email).await?;
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect(&format!("/evenements/{id}?inscription=envoyee"));
        Ok(())
    })
    .await
}

/// The registration a link opens.
#[server(endpoint = "registration_by_link")]
pub async fn registration_by_link(token: String) -> Result<RegistrationView, AppError> {
    super::run(async move {
        let state = auth::state()?;
        let (reg, waiting_rank) = events::by_token(&state.pool, &token)
            .await?
            .ok_or(AppError::NotFound)?;
        let event = events::find(&state.pool, reg.event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let status =
            RegistrationStatus::from_code(&reg.status).unwrap_or(RegistrationStatus::Cancelled);
        let door = if status == RegistrationStatus::Cancelled {
            None
        } else {
            let code = crate::backend::repo::door_codes::get_or_assign(&state.pool, reg.id).await?;
            code.map(|(event_id, code)| {
                let link = state.link(&door_code::check_in_path(event_id, &code));
                crate::backend::qr::svg(&link)
                    .map(|svg| (door_code::display(&code), svg))
                    .map_err(AppError::from)
            })
            .transpose()?
        };
        Ok(RegistrationView {
            event: event.summary(),
            full_name: reg.full_name,
            status,
            waiting_rank,
            door,
        })
    })
    .await
}

/// Cancels the registration of a link; a freed seat goes to the first
/// person waiting, who is e-mailed, in the same transaction.
#[server(endpoint = "cancel_registration")]
pub async fn cancel_registration(token: String, confirm: Option<String>) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        if confirm.as_deref().map(str::trim) != Some(crate::model::CHECKED) {
            return Err(AppError::field(
                "confirm",
                "Cochez la case pour confirmer l'annulation : votre place ira à la personne suivante.",
                "",
            ));
        }
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let Some(done) = events::cancel(&mut tx, &token).await? else {
            return Err(AppError::Refused(
                "Cette inscription est déjà annulée, ou le lien n'est pas valable.".into(),
            ));
        };
        if let Some((promoted, _, email)) = &done.promoted {
            if let Some(row) = events::find(&state.pool, done.event_id).await? {
                queue_promoted_mail(&mut tx, &state, &row, *promoted, email).await?;
            }
        }
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect(&format!("/evenements/inscription/{token}?annulee=1"));
        Ok(())
    })
    .await
}

/// The staff member's platform's events, and its communes for the form.
#[server(endpoint = "staff_events")]
pub async fn staff_events() -> Result<StaffEventsData, AppError> {
    super::run(async {
        let user = auth::require(&[Role::Staff]).await?;
        let platform = user.platform_id.ok_or(AppError::Forbidden)?;
        let state = auth::state()?;
        let at = crate::backend::db::now();
        let filter = EventFilter {
            platform_id: Some(platform),
            from: Some(at),
            ..EventFilter::default()
        };
        Ok(StaffEventsData {
            events: events::upcoming(&state.pool, &filter).await?,
            past: crate::backend::repo::past_events::held(&state.pool, platform, at).await?,
            communes: reference::platform_communes(&state.pool, platform).await?,
            offers: sqlx::query_as(
                "SELECT o.id, o.title || ' — ' || c.name FROM offers o JOIN companies c ON c.id = o.company_id \
                 WHERE o.platform_id = $1 AND o.status = 'published' ORDER BY o.title",
            )
            .bind(platform)
            .fetch_all(&state.pool)
            .await?,
        })
    })
    .await
}

/// Staff create an event of their platform.
#[server(endpoint = "create_event")]
pub async fn create_event(#[server(flatten)] form: EventForm) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff]).await?;
        let platform = user.platform_id.ok_or(AppError::Forbidden)?;
        let state = auth::state()?;
        let placed = super::event_changes::place(&state.pool, platform, &form).await?;
        // Only published offers of the platform can be presented.
        let mut linked = Vec::new();
        for offer_id in &placed.checked.offer_ids {
            let ok: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM offers WHERE id = $1 AND platform_id = $2 AND status = 'published'",
            )
            .bind(offer_id)
            .bind(platform)
            .fetch_optional(&state.pool)
            .await?;
            if ok.is_some() {
                linked.push(*offer_id);
            }
        }
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let id = events::create(
            &mut tx,
            &placed.event(platform, &placed.checked.questions, &linked),
            user.id,
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/evenements/{id}?creee=1"));
        Ok(())
    })
    .await
}

/// The published offers a signed-in company could bring to an event of
/// its platform: `None` when the reader is not such a company or already
/// registered it.
#[server(endpoint = "company_event_offers")]
pub async fn company_event_offers(event_id: i64) -> Result<Option<Vec<(i64, String)>>, AppError> {
    super::run(async move {
        let Some(user) = auth::current_user().await? else {
            return Ok(None);
        };
        let (Some(company), Some(platform)) = (user.company_id, user.platform_id) else {
            return Ok(None);
        };
        let state = auth::state()?;
        let Some(row) = events::find(&state.pool, event_id).await? else {
            return Ok(None);
        };
        let registered: Option<(i64,)> = sqlx::query_as(
            "SELECT company_id FROM event_companies WHERE event_id = $1 AND company_id = $2",
        )
        .bind(event_id)
        .bind(company)
        .fetch_optional(&state.pool)
        .await?;
        if row.platform_id != platform || registered.is_some() {
            return Ok(None);
        }
        let offers: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, title FROM offers WHERE company_id = $1 AND status = 'published' ORDER BY title",
        )
        .bind(company)
        .fetch_all(&state.pool)
        .await?;
        Ok(Some(offers))
    })
    .await
}

/// A company registers for an event of its platform: as a recruiter
/// (bringing offers: boxes `offer_<id>`) or a participant, with how many
/// people come.
#[server(endpoint = "register_company_for_event")]
pub async fn register_company_for_event(
    #[server(flatten)] fields: std::collections::HashMap<String, String>,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Company]).await?;
        let (Some(company), Some(platform)) = (user.company_id, user.platform_id) else {
            return Err(AppError::Forbidden);
        };
        let get = |k: &str| {
            fields
                .get(k)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let event_id = get("event_id")
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        let row = events::find(&state.pool, event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if row.platform_id != platform {
            return Err(AppError::Forbidden);
        }
        let mut errors = crate::error::FormErrors::new();
        let role = get("role");
        if role != "recruiter" && role != "participant" {
            errors.add(
                "role",
                "Dites si vous venez pour recruter ou pour participer.",
            );
        }
        let attendees = get("attendees")
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=20).contains(n));
        if attendees.is_none() {
            errors.add(
                "attendees",
                "Indiquez combien de personnes viennent (de 1 à 20).",
            );
        }
        let offer_ids: Vec<i64> = fields
            .iter()
            .filter(|(k, v)| k.starts_with("offer_") && v.trim() == crate::model::CHECKED)
            .filter_map(|(k, _)| k.trim_start_matches("offer_").parse().ok())
            .collect();
        let Some(attendees) = attendees.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(
                errors
                    .keep("role", &role)
                    .keep("attendees", &get("attendees")),
            ));
        };
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        match events::register_company(
            &mut tx,
            event_id,
            company,
            role == "recruiter",
            attendees,
            &offer_ids,
            user.id,
        )
        .await?
        {
            Ok(true) => {}
            Ok(false) => {
                return Err(AppError::Refused(
                    "Toutes les places réservées aux entreprises sont prises.".into(),
                ))
            }
            Err(_) => {
                return Err(AppError::Refused(
                    "Votre entreprise est déjà inscrite à cet événement.".into(),
                ))
            }
        }
        tx.commit().await?;
        leptos_axum::redirect(&format!("/evenements/{event_id}?entreprise=inscrite"));
        Ok(())
    })
    .await
}

/// Sends a new personal link to a person registered at the event who lost
/// theirs; the same answer whether the address is registered or not.
#[server(endpoint = "resend_registration_link")]
pub async fn resend_registration_link(event_id: i64, resend_email: String) -> Result<(), AppError> {
    super::run(async move {
        let state = auth::state()?;
        let email = crate::model::validate::normalise_email(&resend_email);
        if let Err(m) = crate::model::validate::check_email(&email) {
            return Err(AppError::field("resend_email", m, &resend_email));
        }
        let row = events::find(&state.pool, event_id)
            .await?
            .filter(|r| r.status == "published")
            .ok_or(AppError::NotFound)?;
        crate::backend::form_limits::count(&state, "resend", &email).await?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        if let Some(done) = events::renew_link(&mut tx, event_id, &email).await? {
            queue_registration_mail(&mut tx, &state, &row, &done, &email).await?;
        }
        tx.commit().await?;
        state.mail_wake.notify_one();
        leptos_axum::redirect(&format!("/evenements/{event_id}?lien=envoye"));
        Ok(())
    })
    .await
}
