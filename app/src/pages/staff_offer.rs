//! One offer, for the platform team: moderation, sharing with partners, the
//! sharing ledger and the status history.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::{
    staff_offer, ApproveOffer, RejectOffer, RequestChanges, ShareOffer, ShareWithSuggested,
};
use crate::components::errors::NotFound;
use crate::components::form::{action_errors, FormAlert, TextArea};
use crate::components::offer_card::{OfferCard, StatusBadge};
use crate::model::{OfferStatus, StaffOfferView};
use crate::pages::partner::{FeedbackList, OfferBody};
use crate::pages::{loaded, loading, route_id};

/// The staff page of an offer.
#[component]
pub fn StaffOfferPage() -> impl IntoView {
    let id = route_id();
    let approve = ServerAction::<ApproveOffer>::new();
    let reject = ServerAction::<RejectOffer>::new();
    let share = ServerAction::<ShareOffer>::new();
    let share_suggested = ServerAction::<ShareWithSuggested>::new();
    let changes = ServerAction::<RequestChanges>::new();
    let view_data = Resource::new(
        move || {
            (
                id.get(),
                approve.version().get(),
                reject.version().get(),
                share.version().get(),
                share_suggested.version().get(),
                changes.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => Some(staff_offer(id).await),
                None => None,
            }
        },
    );
    let actions = Actions {
        approve,
        reject,
        share,
        share_suggested,
        changes,
    };
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match view_data.await {
                    None => view! { <NotFound/> }.into_any(),
                    Some(result) => loaded(result, move |data| view! { <StaffOffer data actions/> }.into_any()),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    approve: ServerAction<ApproveOffer>,
    reject: ServerAction<RejectOffer>,
    share: ServerAction<ShareOffer>,
    share_suggested: ServerAction<ShareWithSuggested>,
    changes: ServerAction<RequestChanges>,
}

#[component]
fn StaffOffer(data: StaffOfferView, actions: Actions) -> impl IntoView {
    let offer = data.offer.clone();
    let id = offer.summary.id;
    let status = offer.summary.status;
    let reject_errors = action_errors(actions.reject.value());
    let approve_errors = action_errors(actions.approve.value());
    let share_errors = action_errors(actions.share.value());
    let suggested_errors = action_errors(actions.share_suggested.value());
    let changes_errors = action_errors(actions.changes.value());
    // The refusal's second step: asked once the reason is good.
    let confirm_asked = move || {
        reject_errors.get().and_then(|e| {
            e.form_errors()
                .and_then(|f| f.fields.get("confirm").cloned())
        })
    };
    view! {
        <Title text=offer.summary.title.clone()/>
        <p><a href="/equipe">"← Retour aux offres"</a></p>
        <h1>{offer.summary.title.clone()}</h1>
        <p class="meta"><StatusBadge status/>" "<a class="button button-secondary" href=format!("/equipe/offres/{id}/modifier")>"Modifier l'offre"</a></p>
        <OfferBody offer=offer.clone()/>
        {(!data.similar.is_empty()).then(|| view! {
            <section class="panel alert alert-error" aria-labelledby="similar-title">
                <h2 id="similar-title">"Doublons possibles"</h2>
                <p>"Le même SIRET a d'autres offres en cours pour le même métier dans la même commune :"</p>
                <ul class="cards">
                    {data.similar.clone().into_iter().map(|offer| {
                        let href = format!("/equipe/offres/{}", offer.id);
                        view! { <OfferCard offer href/> }
                    }).collect_view()}
                </ul>
            </section>
        })}

        <Show when=move || status == OfferStatus::Submitted>
            <section class="panel" aria-labelledby="moderation-title">
                <h2 id="moderation-title">"Modération"</h2>
                <ActionForm action=actions.approve attr:class="inline-form">
                    <FormAlert errors=approve_errors/>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button">"Valider l'offre"</button>
                </ActionForm>
                <ActionForm action=actions.changes attr:novalidate=true attr:class="form">
                    <FormAlert errors=changes_errors/>
                    <input type="hidden" name="id" value=id/>
                    <TextArea name="message" label="Modifications à demander (envoyé à l'entreprise)" rows=3 required=true errors=changes_errors/>
                    <button type="submit" class="button button-secondary">"Demander des modifications"</button>
                </ActionForm>
                <ActionForm action=actions.reject attr:novalidate=true attr:class="form">
                    <FormAlert errors=reject_errors/>
                    <input type="hidden" name="id" value=id/>
                    <TextArea name="reason" label="Motif du refus (envoyé à l'entreprise)" rows=3 required=true errors=reject_errors/>
                    {move || match confirm_asked() {
                        Some(question) => view! {
                            <div class="confirm-box" id="confirm">
                                <p id="confirm-error"><strong>{question}</strong></p>
                                <input type="hidden" name="confirm" value=crate::model::CHECKED/>
                                <button type="submit" class="button button-danger">"Confirmer le refus"</button>
                                <p class="hint">"Pour ne pas refuser l'offre, ne confirmez pas : elle reste en attente."</p>
                            </div>
                        }
                        .into_any(),
                        None => view! {
                            <button type="submit" class="button button-secondary">"Refuser l'offre"</button>
                        }
                        .into_any(),
                    }}
                </ActionForm>
            </section>
        </Show>

        <section class="panel" aria-labelledby="sharing-title">
            <h2 id="sharing-title">"Partage avec les partenaires"</h2>
            <FormAlert errors=share_errors/>
            <FormAlert errors=suggested_errors/>
            {(status == OfferStatus::Published && !offer.terms.share_with_partners).then(|| view! {
                <p class="alert alert-error">"L'entreprise n'a pas accepté que cette offre soit partagée avec les partenaires."</p>
            })}
            {(status == OfferStatus::Published && offer.terms.share_with_partners).then(|| {
                let suggested = data.shareable.iter().filter(|c| c.suggested_because.is_some()).count();
                let buttons = data
                    .shareable
                    .clone()
                    .into_iter()
                    .map(|c| {
                        let label = format!("Partager avec {}", c.org.name);
                        view! {
                            <li>
                                <ActionForm action=actions.share attr:class="inline-form">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="org_id" value=c.org.id/>
                                    <button type="submit" class="button button-secondary">{label}</button>
                                </ActionForm>
                                {c.suggested_because.map(|why| view! { <span class="hint">" Suggéré : "{why}</span> })}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    {(suggested > 1).then(|| view! {
                        <ActionForm action=actions.share_suggested attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit" class="button">{format!("Partager avec les {suggested} partenaires suggérés")}</button>
                        </ActionForm>
                    })}
                    <ul class="share-buttons">{buttons}</ul>
                }
            })}
            {sharing_note(status).map(|note| view! { <p>{note}</p> })}
            <ShareLedger data=data.clone()/>
            <h3>"Retours des partenaires"</h3>
            <FeedbackList feedback=data.feedback.clone()/>
        </section>

        {data.survey.clone().map(|s| view! {
            <section class="panel" aria-labelledby="survey-title">
                <h2 id="survey-title">"Enquête de clôture"</h2>
                <p>{format!("Réponse de l'entreprise le {} : ", s.answered_on)}{match s.hires {
                    0 => "aucun recrutement.".to_owned(),
                    1 => "1 personne recrutée.".to_owned(),
                    n => format!("{n} personnes recrutées."),
                }}</p>
                {s.channel.map(|c| view! { <p>"Par : "{c}{s.partner.map(|p| format!(" ({p})"))}</p> })}
                {s.comment.map(|c| view! { <p>"Commentaire : « "{c}" »"</p> })}
            </section>
        })}

        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">"Historique"</h2>
            <ol class="history">
                {data.history.iter().map(|h| view! {
                    <li>
                        {h.at.clone()}" — "{h.actor.clone()}" : "{h.to_status.label()}
                        {h.reason.clone().map(|r| view! { " (« "{r}" »)" })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Why an offer cannot be shared now, if it cannot.
fn sharing_note(status: OfferStatus) -> Option<&'static str> {
    match status {
        OfferStatus::Published => None,
        OfferStatus::Draft | OfferStatus::Submitted | OfferStatus::ChangesRequested => {
            Some("L'offre pourra être partagée une fois validée.")
        }
        OfferStatus::Rejected => Some("Cette offre est refusée : elle ne peut pas être partagée."),
        OfferStatus::Filled | OfferStatus::Cancelled | OfferStatus::Expired => Some(
            "Cette offre est clôturée : elle ne peut plus être partagée. Les partenaires qui l'ont reçue la lisent encore, avec son statut final.",
        ),
    }
}

#[component]
fn ShareLedger(data: StaffOfferView) -> impl IntoView {
    if data.shares.is_empty() {
        return view! { <p>"Cette offre n'est encore partagée avec aucun partenaire."</p> }
            .into_any();
    }
    let rows = data
        .shares
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <th scope="row">{s.org_name}</th>
                    <td>{s.org_kind.label()}</td>
                    <td>{s.shared_on}" par "{s.shared_by}</td>
                    <td>{s.first_opened_on.unwrap_or_else(|| "Pas encore ouverte".to_owned())}</td>
                    <td>{s.candidates}</td>
                    <td>{s.hired}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Registre des partages (défilement horizontal)">
            <table class="ledger">
                <caption>"Registre des partages"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Partenaire"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Partagée le"</th>
                        <th scope="col">"Première ouverture"</th>
                        <th scope="col">"Candidats positionnés"</th>
                        <th scope="col">"Recrutés"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
