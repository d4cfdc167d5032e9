//! The door code of a registration in its e-mails: the code in the text and
//! its QR code attached as an image, which staff scan at the check-in.

use crate::backend::db::Tx;
use crate::backend::mail::{outbox, templates::Mail};
use crate::backend::repo::door_codes;
use crate::model::door_code;

/// The file name of the attached QR code.
pub const FILE_NAME: &str = "code-entree.png";

/// A registration's ticket: the sentence for the e-mail and the QR image.
pub struct Ticket {
    pub line: String,
    pub png: Vec<u8>,
}

/// The ticket of a registration (`base`: the portal's address, which the
/// QR code's link starts with); `None` for an unknown registration.
pub async fn prepare(
    tx: &mut Tx,
    base: &str,
    registration_id: i64,
) -> sqlx::Result<Option<Ticket>> {
    let Some((event_id, code)) = door_codes::ensure(tx, registration_id).await? else {
        return Ok(None);
    };
    let link = format!(
        "{}{}",
        base.trim_end_matches('/'),
        door_code::check_in_path(event_id, &code)
    );
    let png = crate::backend::qr::png(&link).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    Ok(Some(Ticket {
        line: format!(
            "Votre code d'entrée : {}. À l'accueil, montrez le QR code joint à ce message \
             (ou donnez ce code).",
            door_code::display(&code)
        ),
        png,
    }))
}

/// Queues the e-mail with the ticket's QR code attached, in the caller's
/// transaction.
pub async fn enqueue(
    tx: &mut Tx,
    platform_id: i64,
    to: &str,
    mail: &Mail,
    ticket: &Ticket,
) -> sqlx::Result<i64> {
    outbox::enqueue_with_attachment(
        tx,
        &outbox::NewMail {
            platform_id: Some(platform_id),
            to,
            subject: &mail.subject,
            body: &mail.body,
        },
        FILE_NAME,
        &ticket.png,
    )
    .await
}
