//! Delivering the outbox: SMTP through lettre when `SMTP_URL` is set, else
//! the message stays readable in the mail log (status `logged`).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use super::outbox;
use crate::backend::db::Pool;

/// The only kind of file the portal attaches: a workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// How e-mail leaves the portal.
pub enum Mailer {
    /// A real SMTP server (`smtp://host:port`, `smtps://...`, or
    /// `smtp://user:password@host:587?tls=required` for STARTTLS).
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Box<Mailbox>,
    },
    /// No SMTP configured: messages are kept in the mail log.
    LogOnly,
}

impl Mailer {
    /// Builds the mailer from the configuration.
    pub fn new(smtp_url: Option<&str>, from: &str) -> anyhow::Result<Mailer> {
        let Some(url) = smtp_url else {
            return Ok(Mailer::LogOnly);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SMTP_URL is not a valid SMTP URL")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .context("PROCHEMPLOI_MAIL_FROM is not a valid address")?;
        Ok(Mailer::Smtp {
            transport: Box::new(transport),
            from: Box::new(from),
        })
    }

    async fn send(
        &self,
        mail: &outbox::Pending,
        logo: Option<&crate::backend::funder::Logo>,
    ) -> Result<&'static str, String> {
        match self {
            Mailer::LogOnly => Ok("logged"),
            Mailer::Smtp { transport, from } => {
                let body =
                    super::link_secrets::put_back(&mail.body, mail.sealed_secrets.as_deref())
                        .map_err(|e| format!("link secrets: {e}"))?;
                let to: Mailbox = mail
                    .to_address
                    .parse()
                    .map_err(|e| format!("invalid recipient: {e}"))?;
                let builder = Message::builder()
                    .from(Mailbox::clone(from))
                    .to(to)
                    .subject(mail.subject.clone());
                // With the funder's logo set, an HTML version shows it
                // (the text version stays for every mail program).
                let words = match logo {
                    Some(logo) => {
                        let kind = ContentType::parse(&logo.content_type)
                            .map_err(|e| format!("content type: {e}"))?;
                        let html = super::html::with_logo(
                            &body,
                            LOGO_CID,
                            crate::model::funder::FUNDER_NAME,
                        );
                        Words::Alternative(
                            MultiPart::alternative()
                                .singlepart(SinglePart::plain(body.clone()))
                                .multipart(
                                    MultiPart::related()
                                        .singlepart(SinglePart::html(html))
                                        .singlepart(
                                            Attachment::new_inline(LOGO_CID.to_owned())
                                                .body(logo.bytes.clone(), kind),
                                        ),
                                ),
                        )
                    }
                    None => Words::Plain(body),
                };
                let built = match (&mail.attachment_name, &mail.attachment, words) {
                    (Some(name), Some(bytes), words) => {
                        let kind = ContentType::parse(if name.ends_with(".png") {
                            "image/png"
                        } else if name.ends_with(".pdf") {
                            "application/pdf"
                        } else {
                            XLSX
                        })
                        .map_err(|e| format!("content type: {e}"))?;
                        let file = Attachment::new(name.clone()).body(bytes.clone(), kind);
                        let mixed = match words {
                            Words::Plain(body) => {
                                MultiPart::mixed().singlepart(SinglePart::plain(body))
                            }
                            Words::Alternative(part) => MultiPart::mixed().multipart(part),
                        };
                        builder.multipart(mixed.singlepart(file))
                    }
                    (_, _, Words::Alternative(part)) => builder.multipart(part),
                    (_, _, Words::Plain(body)) => {
                        builder.header(ContentType::TEXT_PLAIN).body(body)
                    }
                };
                let message = built.map_err(|e| format!("message not built: {e}"))?;
                transport
                    .send(message)
                    .await
                    .map(|_| "sent")
                    .map_err(|e| format!("SMTP: {e}"))
            }
        }
    }
}

/// The words of a message: text alone, or text and HTML with the logo.
enum Words {
    Plain(String),
    Alternative(MultiPart),
}

/// The content id of the logo inside an HTML message.
const LOGO_CID: &str = "logo-region";

/// Delivers every due message once; returns how many were delivered.
/// `logo` is the worker's copy of the Région's logo.
pub async fn deliver_due(
    pool: &Pool,
    mailer: &Mailer,
    logo: &mut crate::backend::funder::LogoCopy,
) -> sqlx::Result<usize> {
    let mut delivered = 0;
    loop {
        let batch = outbox::claim(pool, 20).await?;
        if batch.is_empty() {
            return Ok(delivered);
        }
        // Checked after each claim: a message queued after the logo was
        // set always carries it, however long the round.
        let logo = logo.current(pool).await?;
        for mail in batch {
            match mailer.send(&mail, logo).await {
                Ok(status) => {
                    outbox::mark_done(pool, mail.id, status).await?;
                    delivered += 1;
                }
                Err(error) => {
                    // The recipient is personal data: only the id is logged.
                    tracing::warn!(mail_id = mail.id, attempt = mail.attempts + 1, %error, "e-mail not delivered");
                    outbox::mark_failed(pool, mail.id, mail.attempts, &error).await?;
                }
            }
        }
    }
}

/// Runs the delivery loop in the background: on every wake-up (a commit
/// that queued mail) and at least every `every`.
pub fn spawn_worker(
    pool: Pool,
    mailer: Arc<Mailer>,
    wake: Arc<Notify>,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut logo = crate::backend::funder::LogoCopy::default();
        loop {
            // Stopping: the round in progress was finished, none begins.
            if *stop.borrow() {
                break;
            }
            let wait = match deliver_due(&pool, &mailer, &mut logo).await {
                Ok(_) => every,
                Err(e) => {
                    // A busy database: try again soon rather than at the next tick.
                    tracing::error!(error = %e, "outbox delivery failed");
                    Duration::from_secs(1)
                }
            };
            tokio::select! {
                _ = tokio::time::timeout(wait, wake.notified()) => {}
                changed = stop.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
    })
}
