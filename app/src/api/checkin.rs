//! The check-in of an event, for staff on a phone: find a participant by
//! name, mark them present, absent or excused, register a walk-in.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::event::CheckIn;

#[cfg(feature = "ssr")]
use {
    crate::backend::auth,
    crate::backend::repo::events::{self, RegisterError},
    crate::error::FormErrors,
    crate::model::event::{
        Attendance, Meeting, MeetingOutcome, Participant, Referrer, RegistrationForm,
        RegistrationStatus,
    },
    crate::model::Role,
};

/// The event and the caller, when the caller is staff of its platform.
#[cfg(feature = "ssr")]
pub(crate) async fn staff_event_of(
    id: &str,
) -> Result<(crate::model::CurrentUser, events::EventRow), AppError> {
    let user = auth::require(&[Role::Staff, Role::Admin]).await?;
    let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let state = auth::state()?;
    let row = events::find(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !user.is_staff_of(row.platform_id) {
        return Err(AppError::Forbidden);
    }
    Ok((user, row))
}

/// The staff member and the event, when people can be checked in at it
/// (from the event's day on).
#[cfg(feature = "ssr")]
pub(crate) async fn door_event(
    id: &str,
) -> Result<(crate::model::CurrentUser, events::EventRow), AppError> {
    let (user, row) = staff_event_of(id).await?;
    if !row.door_open(crate::backend::db::now()) {
        return Err(AppError::Refused(format!(
            "Le pointage ouvre le jour de l'événement, le {}.",
            row.day()
        )));
    }
    Ok((user, row))
}

/// The event's id and row, when the caller is staff of its platform and
/// the door is open.
#[cfg(feature = "ssr")]
async fn staff_event(id: &str) -> Result<(i64, events::EventRow), AppError> {
    let (_, row) = door_event(id).await?;
    Ok((row.id, row))
}

/// Without JavaScript, an action at the door comes back to the person's
/// row, not to the top of the page.
#[cfg(feature = "ssr")]
pub(crate) fn back_to_row(event_id: i64, registration_id: i64) {
    if auth::is_plain_form_post() {
        leptos_axum::redirect(&format!(
            "/equipe/evenements/{event_id}/pointage#p-{registration_id}"
        ));
    }
}

/// The cookie that keeps the name searched at a check-in: a name is
/// personal data, so it never goes into the address.
#[cfg(feature = "ssr")]
const SEARCH_COOKIE: &str = "pe_pointage";

/// The name searched at this event's check-in, if any.
#[cfg(feature = "ssr")]
fn searched(event_id: i64) -> Option<String> {
    let value = auth::cookie(SEARCH_COOKIE)?;
    let (id, encoded) = value.split_once(':')?;
    (id.parse::<i64>().ok()? == event_id)
        .then(|| hex::decode(encoded).ok())
        .flatten()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|q| !q.trim().is_empty())
}

/// Narrows the event's check-in list to a name (empty shows everyone),
/// kept in a cookie for the check-in page.
#[cfg(feature = "ssr")]
pub(crate) fn show_person(event_id: i64, name: &str, state: &crate::backend::state::AppState) {
    let q: String = name.trim().chars().take(100).collect();
    let max_age = if q.is_empty() { 0 } else { 8 * 3600 };
    auth::send_cookie(
        SEARCH_COOKIE,
        &format!("{event_id}:{}", hex::encode(q.as_bytes())),
        max_age,
        state,
    );
}

/// Staff search the participants by name: the name is kept in a cookie
/// for the check-in page (empty clears it).
#[server(endpoint = "search_participants")]
pub async fn search_participants(event_id: String, q: String) -> Result<(), AppError> {
    super::run(async move {
        let (_, row) = staff_event_of(&event_id).await?;
        let id = row.id;
        let state = auth::state()?;
        show_person(id, &q, &state);
        leptos_axum::redirect(&format!("/equipe/evenements/{id}/pointage"));
        Ok(())
    })
    .await
}

/// The participants of an event, narrowed by the name searched.
#[server(endpoint = "event_check_in")]
pub async fn event_check_in(id: String) -> Result<CheckIn, AppError> {
    super::run(async move {
        let (_, row) = staff_event_of(&id).await?;
        let id = row.id;
        let q = searched(id);
        let state = auth::state()?;
        let mut answers = events::answers(&state.pool, id).await?;
        let participants: Vec<Participant> = events::participants(&state.pool, id, q.as_deref())
            .await?
            .into_iter()
            .map(|p| Participant {
                answers: answers.remove(&p.id).unwrap_or_default(),
                door_code: p.door_code.as_deref().map(crate::model::door_code::display),
                id: p.id,
                full_name: p.full_name,
                email: p.email,
                phone: p.phone,
                status: RegistrationStatus::from_code(&p.status)
                    .unwrap_or(RegistrationStatus::Waiting),
                attendance: p.attendance.as_deref().and_then(Attendance::from_code),
            })
            .collect();
        let (present,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND attendance = 'present'",
        )
        .bind(id)
        .fetch_one(&state.pool)
        .await?;
        let meetings = events::meetings(&state.pool, id)
            .await?
            .into_iter()
            .map(|(id, candidate, company, outcome)| Meeting {
                id,
                candidate,
                company,
                outcome: outcome.as_deref().and_then(MeetingOutcome::from_code),
            })
            .collect();
        let companies =
            crate::backend::repo::users::company_names(&state.pool, row.platform_id).await?;
        let registered: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT c.id, c.name, ec.present FROM event_companies ec JOIN companies c ON c.id = ec.company_id \
             WHERE ec.event_id = $1 ORDER BY c.name",
        )
        .bind(id)
        .fetch_all(&state.pool)
        .await?;
        let opens_on = (!row.door_open(crate::backend::db::now())).then(|| row.day());
        Ok(CheckIn {
            opens_on,
            event: row.summary(),
            participants,
            present,
            meetings,
            companies,
            registered_companies: registered
                .into_iter()
                .map(|(id, name, present)| (id, name, present.map(|p| p == 1)))
                .collect(),
            search: q.unwrap_or_default(),
        })
    })
    .await
}

/// Marks a participant present, absent or excused.
#[server(endpoint = "mark_attendance")]
pub async fn mark_attendance(
    event_id: String,
    registration_id: String,
    attendance: String,
) -> Result<(), AppError> {
    super::run(async move {
        let (user, row) = door_event(&event_id).await?;
        let id = row.id;
        let attendance = Attendance::from_code(attendance.trim())
            .ok_or_else(|| AppError::Refused("Choisissez présent, absent ou excusé.".into()))?;
        let reg = registration_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        if !events::mark_attendance(&state.pool, id, reg, attendance.code()).await? {
            return Err(AppError::Refused(
                "Seules les personnes inscrites (pas en liste d'attente) sont pointées.".into(),
            ));
        }
        use crate::backend::privacy::audit::{noted, Action};
        noted(&user, Action::AttendanceChange, "registration", reg).await?;
        back_to_row(id, reg);
        Ok(())
    })
    .await
}

/// Records whether a company registered for the event came.
#[server(endpoint = "mark_company_presence")]
pub async fn mark_company_presence(
    event_id: String,
    company_id: String,
    present: String,
) -> Result<(), AppError> {
    super::run(async move {
        let (id, _) = staff_event(&event_id).await?;
        let company = company_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        let came = present.trim() == crate::model::CHECKED;
        if !crate::backend::repo::activity::set_company_presence(&state.pool, id, company, came)
            .await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    })
    .await
}

/// Records a meeting (mise en relation) between a participant and a
/// company.
#[server(endpoint = "add_meeting")]
pub async fn add_meeting(
    event_id: String,
    registration_id: String,
    company_id: String,
) -> Result<(), AppError> {
    super::run(async move {
        let user = auth::require(&[Role::Staff, Role::Admin]).await?;
        let (id, _) = staff_event(&event_id).await?;
        let (Ok(reg), Ok(company)) = (
            registration_id.trim().parse::<i64>(),
            company_id.trim().parse::<i64>(),
        ) else {
            return Err(AppError::field(
                "company_id",
                "Choisissez l'entreprise rencontrée.",
                &company_id,
            ));
        };
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        if !events::add_meeting(&mut tx, id, reg, company, user.id).await? {
            return Err(AppError::Refused(
                "Cette mise en relation existe déjà, ou la personne n'est pas inscrite.".into(),
            ));
        }
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Records what came of a meeting.
#[server(endpoint = "set_meeting_outcome")]
pub async fn set_meeting_outcome(
    event_id: String,
    meeting_id: String,
    outcome: String,
) -> Result<(), AppError> {
    super::run(async move {
        let (id, _) = staff_event(&event_id).await?;
        let outcome = MeetingOutcome::from_code(outcome.trim())
            .ok_or_else(|| AppError::Refused("Choisissez ce qui en est sorti.".into()))?;
        let meeting = meeting_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let state = auth::state()?;
        if !events::set_meeting_outcome(&state.pool, id, meeting, outcome.code()).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    })
    .await
}

/// Registers someone who came without registering (confirmed, present).
#[server(endpoint = "register_walk_in")]
pub async fn register_walk_in(
    event_id: String,
    full_name: String,
    email: String,
    phone: String,
    situation: String,
) -> Result<(), AppError> {
    super::run(async move {
        let (user, row) = door_event(&event_id).await?;
        let id = row.id;
        let form = RegistrationForm {
            full_name,
            email,
            phone,
            situation,
            referrer: Referrer::Myself.code().to_owned(),
            consent: crate::model::CHECKED.to_owned(),
            ..RegistrationForm::default()
        };
        let checked = form.check(0).map_err(AppError::Invalid)?;
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        let registration = match events::walk_in(&mut tx, id, &checked).await? {
            Ok(done) => done,
            Err(RegisterError::AlreadyRegistered) => {
                return Err(AppError::Invalid(
                    FormErrors::new()
                        .with(
                            "email",
                            "Cette personne est déjà inscrite ou sur la liste d'attente : cherchez-la dans la liste pour la pointer ou l'admettre.",
                        )
                        .keep("full_name", &form.full_name)
                        .keep("email", &form.email),
                ))
            }
            Err(RegisterError::Closed) => {
                return Err(AppError::Refused("Cet événement est annulé.".into()))
            }
        };
        tx.commit().await?;
        use crate::backend::privacy::audit::{noted, Action};
        noted(
            &user,
            Action::PersonRegistered,
            "registration",
            registration,
        )
        .await?;
        Ok(())
    })
    .await
}

/// Admits a person of the waiting list who turned up (present): on a free
/// seat, or over the capacity when staff tick « en surnombre ».
#[server(endpoint = "admit_waiting")]
pub async fn admit_waiting(
    event_id: String,
    registration_id: String,
    over_capacity: Option<String>,
) -> Result<(), AppError> {
    super::run(async move {
        let (user, row) = door_event(&event_id).await?;
        let reg = registration_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        let over = over_capacity.as_deref().map(str::trim) == Some(crate::model::CHECKED);
        let state = auth::state()?;
        let mut tx = crate::backend::db::begin(&state.pool).await?;
        match events::admit_waiting(&mut tx, row.id, reg, over).await? {
            events::Admitted::Seat | events::Admitted::OverCapacity => tx.commit().await?,
            events::Admitted::Full => return Err(AppError::Refused(
                "Plus aucune place libre : admettez la personne en surnombre si vous le décidez."
                    .into(),
            )),
            events::Admitted::NotWaiting => {
                return Err(AppError::Refused(
                    "Cette personne n'est plus sur la liste d'attente : rechargez la page.".into(),
                ))
            }
        }
        use crate::backend::privacy::audit::{noted, Action};
        noted(&user, Action::AttendanceChange, "registration", reg).await?;
        back_to_row(row.id, reg);
        Ok(())
    })
    .await
}
