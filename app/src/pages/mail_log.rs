//! The mail log: every e-mail the platform sent (or keeps, without SMTP).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::mail_log;
use crate::pages::{loaded, loading};

/// The newest e-mails of the platform, with their delivery status.
#[component]
pub fn MailLogPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| mail_log());
    view! {
        <Title text="Courriels envoyés"/>
        <h1>"Courriels envoyés"</h1>
        <p>"Les 200 derniers courriels de la plateforme. Sans serveur SMTP configuré, ils sont consignés ici sans être envoyés."</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(mails.await, |mails| {
                    if mails.is_empty() {
                        return view! { <p>"Aucun courriel pour le moment."</p> }.into_any();
                    }
                    view! {
                        <ul class="cards" aria-label="Courriels">
                            {mails.into_iter().map(|m| view! {
                                <li class="card mail">
                                    <details>
                                        <summary>
                                            <strong>{m.subject.clone()}</strong>
                                            " — à "{m.to.clone()}", le "{m.created_on.clone()}" — "{m.status_label()}
                                        </summary>
                                        <pre class="mail-body">{m.body.clone()}</pre>
                                    </details>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
