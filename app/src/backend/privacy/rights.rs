//! "Mes données": a person (candidate, event registrant) asks for a link by
//! e-mail, with the same answer whether the address is known; the link,
//! used once, opens a short rights session in which they see their data,
//! download it as JSON and erase it. Every step is in the register and
//! the audit trail.

use std::net::IpAddr;

use super::audit::{self, Action, Actor, Entry};
use super::{anonymise, registers, subject};
use crate::backend::client::throttle_key;
use crate::backend::db::{begin, now, Pool};
use crate::backend::mail::{account_templates, outbox};
use crate::backend::state::AppState;
use crate::backend::throttle::{self, Limit};
use crate::backend::token;
use crate::error::AppError;
use crate::model::privacy::{RequestKind, SubjectData};
use crate::model::validate::normalise_email;

/// How long the e-mailed link works.
pub const LINK_SECS: i64 = 3600;
/// How long the rights session opened by the link lasts.
pub const SESSION_SECS: i64 = 1800;
/// The cookie of the rights session.
pub const COOKIE: &str = "pe_droits";

const PER_ADDRESS: Limit = Limit {
    max: 10,
    window_secs: 3600,
};
const PER_EMAIL: Limit = Limit {
    max: 3,
    window_secs: 3600,
};

/// A request the person made themselves, for the register and the audit
/// trail.
struct SelfService<'a> {
    platforms: &'a [i64],
    email: &'a str,
    kind: RequestKind,
    details: &'a str,
    at: i64,
    ip: IpAddr,
}

impl SelfService<'_> {
    /// Enters the request in the register of each platform concerned and
    /// in the audit trail, in the caller's transaction.
    async fn register(&self, tx: &mut crate::backend::db::Tx, action: Action) -> sqlx::Result<()> {
        let first = registers::log_self_service(
            tx,
            self.platforms,
            self.email,
            self.kind,
            self.details,
            self.at,
        )
        .await?;
        audit::record(
            &mut **tx,
            Entry {
                actor: Actor::DataSubject,
                action,
                object_kind: "data_request",
                object_id: first.map_or_else(String::new, |id| id.to_string()),
                client: self.ip.to_string(),
            },
        )
        .await
    }
}

/// Whether anything is held about an address.
async fn holds_anything(pool: &Pool, email: &str) -> sqlx::Result<bool> {
    let (applications, registrations) = subject::ids(pool, email).await?;
    if !applications.is_empty() || !registrations.is_empty() {
        return Ok(true);
    }
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = $1")
        .bind(email)
        .fetch_one(pool)
        .await?;
    Ok(mails > 0)
}

/// E-mails a link to the address when the portal holds data about it; the
/// caller answers the same either way.
pub async fn request_link(state: &AppState, ip: IpAddr, email: &str) -> Result<(), AppError> {
    let email = normalise_email(email);
    let key = format!("rights:address:{}", throttle_key(ip));
    if let Err(wait) = throttle::hit(&state.pool, &key, PER_ADDRESS).await? {
        return Err(AppError::TooMany(wait));
    }
    let per_email = throttle::email_key("rights", &email);
    if throttle::hit(&state.pool, &per_email, PER_EMAIL)
        .await?
        .is_err()
    {
        return Ok(());
    }
    if !holds_anything(&state.pool, &email).await? {
        return Ok(());
    }
    let (token, hash) = token::new_token();
    let at = now();
    let mut tx = begin(&state.pool).await?;
    sqlx::query(
        "INSERT INTO rights_tokens (token_hash, email, purpose, created_at, expires_at) \
         VALUES ($1, $2, 'link', $3, $4)",
    )
    .bind(hash)
    .bind(&email)
    .bind(at)
    .bind(at + LINK_SECS)
    .execute(&mut *tx)
    .await?;
    let mail = account_templates::rights_link(&state.link(&format!("/mes-donnees/acces/{token}")));
    outbox::enqueue(
        &mut tx,
        &outbox::NewMail {
            platform_id: None,
            to: &email,
            subject: &mail.subject,
            body: &mail.body,
        },
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// The address of a live token of `purpose`, if any.
async fn live(pool: &Pool, token: &str, purpose: &str) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT email FROM rights_tokens WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token::hash(token))
    .bind(purpose)
    .bind(now())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(email,)| email))
}

/// Whether an e-mailed link still works.
pub async fn link_is_live(pool: &Pool, token: &str) -> sqlx::Result<bool> {
    Ok(live(pool, token, "link").await?.is_some())
}

/// Uses the link (once): returns the token of a new rights session. The
/// access is recorded in the register of each platform concerned.
pub async fn open_link(state: &AppState, token: &str, ip: IpAddr) -> Result<String, AppError> {
    let at = now();
    let mut tx = begin(&state.pool).await?;
    let row: Option<(String,)> = sqlx::query_as(
        "UPDATE rights_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = 'link' \
         AND used_at IS NULL AND expires_at > $1 RETURNING email",
    )
    .bind(at)
    .bind(token::hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((email,)) = row else {
        return Err(AppError::NotFound);
    };
    let (session, hash) = token::new_token();
    sqlx::query(
        "INSERT INTO rights_tokens (token_hash, email, purpose, created_at, expires_at) \
         VALUES ($1, $2, 'session', $3, $4)",
    )
    .bind(hash)
    .bind(&email)
    .bind(at)
    .bind(at + SESSION_SECS)
    .execute(&mut *tx)
    .await?;
    let platforms = subject::platforms(&state.pool, &email).await?;
    let request = SelfService {
        platforms: &platforms,
        email: &email,
        kind: RequestKind::Access,
        details: "Consultation en libre-service (page « Mes données »).",
        at,
        ip,
    };
    request.register(&mut tx, Action::RightsAccess).await?;
    tx.commit().await?;
    Ok(session)
}

/// The address of a live rights session.
pub async fn session_email(pool: &Pool, session: &str) -> sqlx::Result<Option<String>> {
    live(pool, session, "session").await
}

/// What is held about the session's address, for the page or the JSON
/// download (recorded in the audit trail).
pub async fn data(
    pool: &Pool,
    session: &str,
    download: Option<IpAddr>,
) -> Result<SubjectData, AppError> {
    let email = session_email(pool, session)
        .await?
        .ok_or(AppError::NotFound)?;
    let data = subject::gather(pool, &email).await?;
    if let Some(ip) = download {
        audit::record(
            pool,
            Entry {
                actor: Actor::DataSubject,
                action: Action::RightsExport,
                object_kind: "data_request",
                object_id: String::new(),
                client: ip.to_string(),
            },
        )
        .await?;
    }
    Ok(data)
}

/// What an erasure did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub applications: usize,
    pub registrations: usize,
    pub mails: u64,
}

/// Erases everything held about the session's address, in one
/// transaction: personal fields and CV files go, anonymous rows stay (so
/// no indicator changes); the request is registered for each platform
/// concerned and the session ends. (No confirmation e-mail: it would
/// keep the address in the outbox; the page confirms.)
pub async fn erase(state: &AppState, session: &str, ip: IpAddr) -> Result<Erased, AppError> {
    let pool = &state.pool;
    let email = session_email(pool, session)
        .await?
        .ok_or(AppError::NotFound)?;
    let platforms = subject::platforms(pool, &email).await?;
    let (applications, registrations) = subject::ids(pool, &email).await?;
    let at = now();
    let mut tx = begin(pool).await?;
    let mut erased = Erased::default();
    let mut files = Vec::new();
    for id in applications {
        if let Some(cv) = anonymise::application(&mut tx, id, at).await? {
            erased.applications += 1;
            files.extend(cv);
        }
    }
    for id in registrations {
        if anonymise::registration(&mut tx, id, at).await? {
            erased.registrations += 1;
        }
    }
    erased.mails = anonymise::mails_to(&mut tx, &email).await?;
    sqlx::query("DELETE FROM rights_tokens WHERE email = $1")
        .bind(&email)
        .execute(&mut *tx)
        .await?;
    // Job alerts hold nothing but the address and a search: they go.
    sqlx::query("DELETE FROM job_alerts WHERE email = $1")
        .bind(&email)
        .execute(&mut *tx)
        .await?;
    let details = format!(
        "Effacement en libre-service : {} candidature(s), {} inscription(s), {} courriel(s).",
        erased.applications, erased.registrations, erased.mails
    );
    let request = SelfService {
        platforms: &platforms,
        email: &email,
        kind: RequestKind::Erasure,
        details: &details,
        at,
        ip,
    };
    request.register(&mut tx, Action::RightsErasure).await?;
    tx.commit().await?;
    for file in files {
        anonymise::delete_cv(&state.settings.uploads_dir, &file).await;
    }
    Ok(erased)
}

/// Ends a rights session.
pub async fn end_session(pool: &Pool, session: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM rights_tokens WHERE token_hash = $1 AND purpose = 'session'")
        .bind(token::hash(session))
        .execute(pool)
        .await?;
    Ok(())
}
