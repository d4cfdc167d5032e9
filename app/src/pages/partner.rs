//! The partner space: offers shared with the partner's organisation, and the
//! partner's feedback on each.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::applications::MoveApplication;
use crate::api::partner::{partner_offer, partner_offers, GiveFeedback, PositionCandidate};
use crate::components::errors::NotFound;
use crate::components::form::{action_errors, CheckboxField, FormAlert, TextArea, TextField};
use crate::components::offer_card::{OfferCard, StatusBadge};
use crate::model::positioning::PositioningLine;
use crate::model::{ContractType, FeedbackLine, OfferStatus};
use crate::pages::applications::FunnelButtons;
use crate::pages::{loaded, loading, route_id};

pub use crate::components::offer_body::OfferBody;

/// The feedback given on an offer, as a list.
#[component]
pub fn FeedbackList(feedback: Vec<FeedbackLine>) -> impl IntoView {
    if feedback.is_empty() {
        return view! { <p>"Aucun retour pour le moment."</p> }.into_any();
    }
    view! {
        <ul class="feedback">
            {feedback.into_iter().map(|f| view! {
                <li>
                    <strong>{f.org_name}</strong>" — "{f.author}", le "{f.at}" : "
                    {(f.candidates > 0).then(|| format!("{} candidat(s) positionné(s)", f.candidates))}
                    {(!f.comment.is_empty()).then(|| view! { <span>"« "{f.comment.clone()}" »"</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The offers shared with my organisation, with filters and an export.
#[component]
pub fn PartnerHomePage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (q.get("contrat"), q.get("q"))
    };
    let offers = Resource::new(filters, |(contract, q)| partner_offers(contract, q));
    let current = move |key: &'static str| query.read().get(key).unwrap_or_default();
    view! {
        <Title text="Offres partagées"/>
        <div class="page-head">
            <h1>"Offres partagées avec votre structure"</h1>
            <a class="button button-secondary" href="/partenaire/offres.csv" download>"Exporter en CSV"</a>
        </div>
        <form method="get" action="/partenaire" class="filters" role="search" aria-label="Filtrer les offres">
            <div class="field">
                <label for="filtre-contrat">"Contrat"</label>
                <select id="filtre-contrat" name="contrat">
                    <option value="">"Tous"</option>
                    {ContractType::ALL.iter().map(|c| {
                        let code = c.code();
                        view! { <option value=code selected=move || current("contrat") == code>{c.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filtre-q">"Mots-clés (poste, commune, entreprise)"</label>
                <input id="filtre-q" name="q" type="search" value=move || current("q")/>
            </div>
            <button type="submit" class="button">"Filtrer"</button>
        </form>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(offers.await, |lines| {
                    if lines.is_empty() {
                        view! { <p>"Aucune offre partagée ne correspond."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards" aria-label="Offres partagées">
                                {lines
                                    .into_iter()
                                    .map(|line| {
                                        let href = format!("/partenaire/offres/{}", line.offer.id);
                                        view! { <OfferCard offer=line.offer href new=line.is_new/> }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                })
            })}
        </Suspense>
    }
}

/// The candidates the organisation positioned on an offer, each with where
/// it stands and, while the offer is live, the next steps the adviser may
/// record.
#[component]
fn PositioningList(
    lines: Vec<PositioningLine>,
    live: bool,
    mover: ServerAction<MoveApplication>,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p>"Aucun candidat positionné pour le moment."</p> }.into_any();
    }
    view! {
        <ul class="cards" aria-label="Candidats positionnés">
            {lines.into_iter().map(|p| {
                let contact = [p.email.clone(), p.phone.clone()]
                    .into_iter()
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                let stage = p.stage();
                view! {
                    <li class="card positioning" data-status=p.status.code()>
                        <h3>{p.candidate.clone()}</h3>
                        <p class="meta"><span class=format!("badge badge-app-{}", p.status.code())>{stage}</span>
                            " Positionné le "{p.positioned_on.clone()}" par "{p.adviser.clone()}</p>
                        <p class="meta">{contact}</p>
                        {(!p.note.is_empty()).then(|| view! { <p class="description">{p.note.clone()}</p> })}
                        {p.refusal.map(|r| view! { <p class="reason"><strong>"Raison : "</strong>{r.label()}</p> })}
                        {live.then(|| view! { <FunnelButtons id=p.id status=p.status can_propose=false mover/> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One shared offer, live or closed; opening it is recorded in the sharing
/// ledger and ends « Nouveau » for this adviser. The adviser positions named
/// candidates, follows them, and comments for the platform's team.
#[component]
pub fn PartnerOfferPage() -> impl IntoView {
    let id = route_id();
    let give = ServerAction::<GiveFeedback>::new();
    let position = ServerAction::<PositionCandidate>::new();
    let mover = ServerAction::<MoveApplication>::new();
    let errors = action_errors(give.value());
    let position_errors = action_errors(position.value());
    let move_errors = action_errors(mover.value());
    let query = use_query_map();
    let positioned = move || query.read().get("positionne").is_some();
    let data = Resource::new(
        move || {
            (
                id.get(),
                give.version().get(),
                position.version().get(),
                mover.version().get(),
            )
        },
        |(id, _, _, _)| async move {
            match id {
                Some(id) => Some(partner_offer(id).await),
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    None => view! { <NotFound/> }.into_any(),
                    Some(result) => loaded(result, move |view| {
                        let id = view.offer.summary.id;
                        let status = view.offer.summary.status;
                        let live = status == OfferStatus::Published;
                        view! {
                            <Title text=view.offer.summary.title.clone()/>
                            <p><a href="/partenaire">"← Retour aux offres partagées"</a></p>
                            <h1>{view.offer.summary.title.clone()}</h1>
                            {(!live).then(|| view! {
                                <p class="notice" role="status">
                                    "Cette offre est clôturée : "<StatusBadge status/>
                                    " Elle reste consultable, avec le suivi de vos candidats."
                                </p>
                            })}
                            <OfferBody offer=view.offer/>
                            <section class="panel" aria-labelledby="positionings-title">
                                <h2 id="positionings-title">"Candidats positionnés par votre structure"</h2>
                                {move || positioned().then(|| view! {
                                    <div class="alert alert-success" role="status"><p>"Le candidat est positionné : l'entreprise est prévenue par e-mail."</p></div>
                                })}
                                <FormAlert errors=move_errors/>
                                <PositioningList lines=view.positionings live mover/>
                                {live.then(|| view! {
                                    <ActionForm action=position attr:id="positioning-form" attr:novalidate=true attr:class="form">
                                        <h3>"Positionner un candidat"</h3>
                                        <FormAlert errors=position_errors/>
                                        <input type="hidden" name="id" value=id/>
                                        <input type="hidden" name="form_key" value=view.form_key.clone()/>
                                        <TextField name="full_name" label="Prénom et nom du candidat" autocomplete="off" required=true errors=position_errors/>
                                        <TextField name="email" label="Adresse e-mail du candidat" kind="email" autocomplete="off" hint="L'e-mail ou le téléphone, au moins l'un des deux." errors=position_errors/>
                                        <TextField name="phone" label="Téléphone du candidat" kind="tel" autocomplete="off" errors=position_errors/>
                                        <TextArea name="note" label="Note pour l'entreprise" hint="Ce qui fait de ce candidat un bon choix pour le poste." rows=3 errors=position_errors/>
                                        <CheckboxField name="consent" label="Le candidat a accepté que je le présente à l'entreprise et que ses coordonnées lui soient transmises" errors=position_errors/>
                                        <button type="submit" class="button">"Positionner ce candidat"</button>
                                    </ActionForm>
                                })}
                            </section>
                            <section class="panel" aria-labelledby="feedback-title">
                                <h2 id="feedback-title">"Vos retours à la plateforme"</h2>
                                <FeedbackList feedback=view.feedback/>
                                {live.then(|| view! {
                                    <ActionForm action=give attr:novalidate=true attr:class="form">
                                        <FormAlert errors/>
                                        <input type="hidden" name="id" value=id/>
                                        <TextArea name="comment" label="Commentaire pour l'équipe" rows=3 errors/>
                                        <button type="submit" class="button">"Envoyer mon retour"</button>
                                    </ActionForm>
                                })}
                            </section>
                        }
                        .into_any()
                    }),
                }
            })}
        </Suspense>
    }
}
