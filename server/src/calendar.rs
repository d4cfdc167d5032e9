//! `/evenements/{id}/agenda.ics`: an event's iCalendar file.

use app::backend::db::now;
use app::backend::ics::{self, IcsEvent};
use app::backend::repo::events;
use app::backend::state::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The `.ics` file of a published event.
pub async fn event_ics(state: AppState, Path(id): Path<String>) -> Response {
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Cet événement n'existe pas.",
        )
            .into_response()
    };
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let row = match events::find(&state.pool, id).await {
        Ok(Some(row)) if row.status == "published" => row,
        Ok(_) => return not_found(),
        Err(error) => {
            tracing::error!(%error, "calendar file failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Une erreur est survenue. Réessayez dans un instant.",
            )
                .into_response();
        }
    };
    let s = row.summary();
    let body = ics::event(&IcsEvent {
        id,
        title: &s.title,
        description: &row.description,
        location: &format!("{}, {}", s.address, s.commune_name),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        url: &state.link(&format!("/evenements/{id}")),
        stamp: now(),
    });
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"evenement-{id}.ics\""),
            ),
        ],
        body,
    )
        .into_response()
}
