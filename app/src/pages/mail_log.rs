//! The mail log: every e-mail the platform sent (or keeps, without SMTP),
//! searched by recipient or subject and status, fifty to a page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::{mail_log, SearchMailLog};
use crate::components::form::action_errors;
use crate::components::year_form::query_value;
use crate::model::{MailLogPage, MAIL_STATUSES};
use crate::pages::{loaded, loading};

/// The search form (a POST: the words may be an e-mail address, which
/// stays out of the address bar and the logs).
fn search_form(p: &MailLogPage, search: ServerAction<SearchMailLog>) -> AnyView {
    let statuses = MAIL_STATUSES
        .iter()
        .map(|(code, label)| {
            let selected = p.status == *code;
            view! { <option value=*code selected=selected>{*label}</option> }
        })
        .collect_view();
    let searching = !p.query.is_empty() || !p.status.is_empty();
    let query = p.query.clone();
    view! {
        <ActionForm action=search attr:class="filters" attr:role="search" attr:aria-label="Rechercher dans les courriels">
            <div class="field">
                <label for="recherche">"Destinataire ou objet"</label>
                <input id="recherche" name="recherche" type="search" value=query/>
            </div>
            <div class="field">
                <label for="statut">"État"</label>
                <select id="statut" name="statut">
                    <option value="">"Tous"</option>
                    {statuses}
                </select>
            </div>
            <button type="submit" class="button button-secondary">"Rechercher"</button>
        </ActionForm>
        {searching.then(|| view! {
            <ActionForm action=search attr:class="inline-form">
                <input type="hidden" name="recherche" value=""/>
                <input type="hidden" name="statut" value=""/>
                <button type="submit" class="link-button">"Effacer la recherche"</button>
            </ActionForm>
        })}
    }
    .into_any()
}

fn pager(p: &MailLogPage) -> AnyView {
    let previous = (p.page > 1).then(|| p.page - 1);
    let next = (p.page < p.pages).then(|| p.page + 1);
    view! {
        <nav class="pager" aria-label="Pages des courriels">
            {previous.map(|n| view! { <a href=format!("/equipe/courriels?page={n}")>"Page précédente"</a> })}
            <span>{format!(" Page {} sur {} ", p.page, p.pages)}</span>
            {next.map(|n| view! { <a href=format!("/equipe/courriels?page={n}")>"Page suivante"</a> })}
        </nav>
    }
    .into_any()
}

/// `/equipe/courriels`.
#[component]
pub fn MailLogPage() -> impl IntoView {
    let page = query_value("page");
    let search = ServerAction::<SearchMailLog>::new();
    let errors = action_errors(search.value());
    let mails = Resource::new(
        move || (page(), search.version().get()),
        |(p, _)| mail_log(p),
    );
    view! {
        <Title text="Courriels envoyés"/>
        <h1>"Courriels envoyés"</h1>
        <p>"Les courriels de la plateforme, les plus récents d'abord. Sans serveur SMTP configuré, ils sont consignés ici sans être envoyés ; le texte des messages n'est gardé que quelques jours."</p>
        <crate::components::form::FormAlert errors/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(mails.await, move |p| {
                    let count = match p.total {
                        0 => "Aucun courriel.".to_owned(),
                        1 => "1 courriel.".to_owned(),
                        n => format!("{n} courriels."),
                    };
                    let lines = p.lines.clone();
                    view! {
                        {search_form(&p, search)}
                        <p role="status">{count}</p>
                        <ul class="cards" aria-label="Courriels">
                            {lines.into_iter().map(|m| view! {
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
                        {(p.pages > 1).then(|| pager(&p))}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
