//! An offer in a list: title, company, contract, place, status.

use leptos::prelude::*;

use crate::model::{OfferStatus, OfferSummary};

/// The status of an offer as a labelled badge.
#[component]
pub fn StatusBadge(status: OfferStatus) -> impl IntoView {
    let class = format!("badge badge-{}", status.code());
    view! { <span class=class>{status.label()}</span> }
}

/// One offer of a list; `href` links to its page when there is one.
#[component]
pub fn OfferCard(
    offer: OfferSummary,
    #[prop(optional)] href: Option<String>,
    /// Link to edit the offer, shown while the company may still edit it.
    #[prop(optional)]
    edit_href: Option<String>,
    /// Marks the offer as new since the reader's previous visit.
    #[prop(optional)]
    new: bool,
) -> impl IntoView {
    let title = offer.title.clone();
    let heading = match href {
        Some(h) => view! { <a href=h>{title}</a> }.into_any(),
        None => view! { <span>{title}</span> }.into_any(),
    };
    let positions = if offer.positions > 1 {
        format!("{} postes", offer.positions)
    } else {
        "1 poste".to_owned()
    };
    view! {
        <li class="card offer-card" data-offer-id=offer.id>
            <h3>{heading}</h3>
            <p class="meta">
                {offer.company_name.clone()}" · "{offer.contract.label()}" · "{positions}" · "{offer.commune_name.clone()}
            </p>
            <p class="meta">
                {new.then(|| view! { <span class="badge badge-new">"Nouveau"</span> })}
                <StatusBadge status=offer.status/>
                {offer.hidden_market.then(|| view! { <span class="badge badge-hidden">"Offre cachée"</span> })}
                " Déposée le "{offer.submitted_on.clone()}
                {offer.waiting_days.map(|d| {
                    let text = match d {
                        0 => " · en attente depuis aujourd'hui".to_owned(),
                        1 => " · en attente depuis 1 jour".to_owned(),
                        n => format!(" · en attente depuis {n} jours"),
                    };
                    let long = d >= 3;
                    view! { <span class="waiting" class:waiting-long=long>{text}</span> }
                })}
            </p>
            {(offer.duplicates > 0).then(|| view! {
                <p class="meta"><span class="badge badge-duplicate">{format!("Doublon possible ({})", offer.duplicates)}</span></p>
            })}
            {offer.status_reason.clone().map(|r| {
                let label = if offer.status == OfferStatus::ChangesRequested {
                    "Message de l'équipe : "
                } else {
                    "Motif : "
                };
                view! { <p class="reason"><strong>{label}</strong>{r}</p> }
            })}
            {edit_href.filter(|_| offer.status.editable_by_company()).map(|h| {
                let label = format!("Modifier l'offre « {} »", offer.title);
                view! { <p><a class="button button-secondary" href=h aria-label=label>"Modifier"</a></p> }
            })}
        </li>
    }
}
