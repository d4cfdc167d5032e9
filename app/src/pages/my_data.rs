//! "Mes données": a person asks for a link by e-mail, opens it once, sees
//! what the platforms hold about them, downloads it and can erase it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::privacy::{
    my_data, my_data_link_state, EraseMyData, LeaveMyData, OpenMyData, RequestMyData,
};
use crate::components::errors::{set_status, ErrorPanel};
use crate::components::form::{action_errors, CheckboxField, FormAlert, TextField};
use crate::error::AppError;
use crate::model::privacy::{AnswerLine, ConsentLine, SubjectData};
use crate::pages::loading;

/// `/mes-donnees`: the request for a link.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.read().get("envoye").is_some();
    let ended = move || query.read().get("termine").is_some();
    let request = ServerAction::<RequestMyData>::new();
    let errors = action_errors(request.value());
    view! {
        <Title text="Mes données personnelles"/>
        <section class="narrow" aria-labelledby="my-data-title">
            <h1 id="my-data-title">"Mes données personnelles"</h1>
            <Show when=sent>
                <div class="alert alert-success" role="status">
                    <p>"Si nous détenons des données liées à cette adresse, nous venons de lui envoyer un lien personnel. Il est valable 1 heure et ne sert qu'une fois."</p>
                </div>
            </Show>
            <Show when=ended>
                <div class="alert alert-success" role="status"><p>"Votre consultation est terminée."</p></div>
            </Show>
            <p>"Vous avez postulé à une offre ou vous êtes inscrit à un événement sans créer de compte ? Indiquez votre adresse e-mail : vous recevrez un lien pour consulter vos données, les télécharger ou les effacer."</p>
            <ActionForm action=request attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <TextField name="email" label="Adresse e-mail" kind="email" autocomplete="email" required=true errors/>
                <button type="submit" class="button">"Recevoir le lien"</button>
            </ActionForm>
            <p>"Vous avez un compte entreprise ou partenaire ? Vos données figurent dans "<a href="/compte">"votre compte"</a>". Pour toute autre demande (rectification, opposition…), écrivez au contact indiqué sur la page "<a href="/donnees-personnelles">"Données personnelles"</a>"."</p>
        </section>
    }
}

/// `/mes-donnees/acces/:token`: the e-mailed link; one button opens the
/// data (so that a mail scanner following the link does not use it).
#[component]
pub fn MyDataLinkPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let live = Resource::new(token, my_data_link_state);
    let open = ServerAction::<OpenMyData>::new();
    let errors = action_errors(open.value());
    view! {
        <Title text="Accéder à mes données"/>
        <section class="narrow" aria-labelledby="my-data-link-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match live.await {
                        Ok(true) => view! {
                            <h1 id="my-data-link-title">"Accéder à mes données"</h1>
                            <p>"Ce lien personnel ne sert qu'une fois : la consultation reste ouverte 30 minutes dans ce navigateur."</p>
                            <ActionForm action=open attr:class="form">
                                <FormAlert errors/>
                                <input type="hidden" name="token" value=token/>
                                <button type="submit" class="button">"Afficher mes données"</button>
                            </ActionForm>
                        }
                        .into_any(),
                        Ok(false) | Err(AppError::NotFound) => {
                            set_status(404);
                            view! {
                                <h1 id="my-data-link-title">"Lien non valable"</h1>
                                <p>"Ce lien a expiré, a déjà servi ou n'existe pas. "<a href="/mes-donnees">"Demandez un nouveau lien"</a>"."</p>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn answers_view(answers: Vec<AnswerLine>) -> impl IntoView {
    (!answers.is_empty()).then(|| {
        view! {
            <dt>"Réponses"</dt>
            <dd><ul>{answers.into_iter().map(|a| view! { <li>{a.question}" : "{a.answer}</li> }).collect_view()}</ul></dd>
        }
    })
}

fn consents_view(consents: Vec<ConsentLine>) -> impl IntoView {
    view! {
        <dt>"Consentements"</dt>
        <dd>
            <ul>
                {consents.into_iter().map(|c| view! {
                    <li>{c.purpose}" : « "{c.text}" » (version "{c.version}"), donné le "{c.given_at}</li>
                }).collect_view()}
            </ul>
        </dd>
    }
}

fn or_none(text: String) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text
    }
}

/// What is held, section by section.
fn data_view(d: SubjectData) -> impl IntoView {
    let empty = d.is_empty();
    view! {
        <p>"Adresse : "<strong>{d.email.clone()}</strong></p>
        {empty.then(|| view! { <p>"Nous ne détenons plus aucune donnée liée à cette adresse."</p> })}
        <h2>"Candidatures ("{d.applications.len()}")"</h2>
        {d.applications.into_iter().map(|a| view! {
            <article class="card">
                <h3>{a.offer_title}</h3>
                <dl class="facts">
                    <dt>"Envoyée le"</dt><dd>{a.sent_at}</dd>
                    <dt>"Nom"</dt><dd>{a.full_name}</dd>
                    <dt>"Téléphone"</dt><dd>{or_none(a.phone)}</dd>
                    <dt>"Message"</dt><dd>{or_none(a.message)}</dd>
                    <dt>"CV"</dt><dd>{if a.has_cv { "Oui, conservé de façon chiffrée" } else { "Non" }}</dd>
                    <dt>"Où en est-elle"</dt><dd>{a.status}</dd>
                    {answers_view(a.answers)}
                    {consents_view(a.consents)}
                </dl>
            </article>
        }).collect_view()}
        <h2>"Inscriptions à des événements ("{d.registrations.len()}")"</h2>
        {d.registrations.into_iter().map(|r| view! {
            <article class="card">
                <h3>{r.event_title}" — "{r.event_date}</h3>
                <dl class="facts">
                    <dt>"Inscription le"</dt><dd>{r.registered_at}</dd>
                    <dt>"Nom"</dt><dd>{r.full_name}</dd>
                    <dt>"Téléphone"</dt><dd>{or_none(r.phone)}</dd>
                    <dt>"Situation"</dt><dd>{r.situation}</dd>
                    <dt>"Orientation"</dt><dd>{r.referrer}</dd>
                    <dt>"Situations particulières"</dt><dd>{or_none(r.priorities.join(", "))}</dd>
                    <dt>"Statut"</dt><dd>{r.status}</dd>
                    <dt>"Présence"</dt><dd>{r.attendance}</dd>
                    {answers_view(r.answers)}
                    {consents_view(r.consents)}
                </dl>
            </article>
        }).collect_view()}
        <h2>"Courriels envoyés ("{d.emails.len()}")"</h2>
        <ul>
            {d.emails.into_iter().map(|m| view! { <li>{m.at}" : "{m.subject}</li> }).collect_view()}
        </ul>
    }
}

/// `/mes-donnees/consulter`: the data, the JSON download, the erasure.
#[component]
pub fn MyDataViewPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_data());
    let erase = ServerAction::<EraseMyData>::new();
    let errors = action_errors(erase.value());
    let leave = ServerAction::<LeaveMyData>::new();
    view! {
        <Title text="Mes données"/>
        <section aria-labelledby="my-data-view-title">
            <h1 id="my-data-view-title">"Mes données"</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            {data_view(d)}
                            <h2>"Télécharger"</h2>
                            <p><a class="button button-secondary" href="/mes-donnees/mes-donnees.json" download="mes-donnees.json">"Télécharger mes données (JSON)"</a></p>
                            <h2>"Effacer mes données"</h2>
                            <p>"L'effacement supprime votre nom, vos coordonnées, votre CV, vos réponses et l'adresse des courriels reçus. Il est définitif. Seules des statistiques anonymes (nombre d'inscrits, de présents…) sont gardées. Une candidature ou une inscription en cours prend fin."</p>
                            <ActionForm action=erase attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <CheckboxField name="confirm" label="Je comprends que l'effacement est définitif" errors/>
                                <button type="submit" class="button button-danger">"Effacer définitivement mes données"</button>
                            </ActionForm>
                            <ActionForm action=leave attr:class="inline-form">
                                <button type="submit" class="link-button">"Terminer la consultation"</button>
                            </ActionForm>
                        }
                        .into_any(),
                        Err(AppError::NotFound) => {
                            set_status(404);
                            view! {
                                <p>"Votre consultation a pris fin (30 minutes) ou n'a pas été ouverte dans ce navigateur. "<a href="/mes-donnees">"Demandez un nouveau lien"</a>"."</p>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/mes-donnees/effacees`: the confirmation of the erasure.
#[component]
pub fn MyDataErasedPage() -> impl IntoView {
    view! {
        <Title text="Données effacées"/>
        <section class="narrow" aria-labelledby="erased-title">
            <h1 id="erased-title">"Vos données ont été effacées"</h1>
            <div class="alert alert-success" role="status">
                <p>"Votre nom, vos coordonnées, votre CV et vos réponses ont été supprimés. Seules des statistiques anonymes sont conservées."</p>
            </div>
            <p><a href="/">"Retour à l'accueil"</a></p>
        </section>
    }
}
