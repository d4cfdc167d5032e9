//! The public offers: a search that needs no account, and each offer's page
//! with its schema.org `JobPosting`.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::public::{open_public_offer, search_public_offers};
use crate::components::errors::NotFound;
use crate::components::lazy::Lazy;
use crate::components::offer_body::PublicOfferBody;
use crate::components::suggest_field::{Suggest, SuggestField};
use crate::model::{ContractType, PublicOffers, PublicQuery};
use crate::pages::applications::ApplyForm;
use crate::pages::{loaded, loading, route_id};

/// `text` percent-encoded for a query string.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The link to another page of the same search.
fn page_href(q: &PublicQuery, page: i64) -> String {
    let pairs = [
        ("q", q.q.as_str()),
        ("rome", q.rome.as_str()),
        ("commune", q.commune.as_str()),
        ("contract", q.contract.as_str()),
        ("epci", q.epci.as_str()),
    ];
    let mut parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    parts.push(format!("page={page}"));
    format!("/offres?{}", parts.join("&"))
}

/// The job alert page with this search's criteria.
fn alert_href(q: &PublicQuery) -> String {
    let pairs = [
        ("q", q.q.as_str()),
        ("rome", q.rome.as_str()),
        ("commune", q.commune.as_str()),
        ("contrat", q.contract.as_str()),
        ("epci", q.epci.as_str()),
    ];
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if parts.is_empty() {
        "/alertes".to_owned()
    } else {
        format!("/alertes?{}", parts.join("&"))
    }
}

/// The results of a search, with pagination.
fn results(found: PublicOffers, q: PublicQuery) -> AnyView {
    let summary = match (found.total, found.related) {
        (0, _) => "Aucune offre ne correspond à votre recherche.".to_owned(),
        (n, true) => format!(
            "Aucune offre pour ce métier exactement : {} d'un métier proche.",
            if n == 1 {
                "voici 1 offre".to_owned()
            } else {
                format!("voici {n} offres")
            }
        ),
        (_, false) if found.capped => {
            "Plus de 10 000 offres : précisez votre recherche.".to_owned()
        }
        (1, false) => "1 offre".to_owned(),
        (n, false) => format!("{n} offres"),
    };
    let lines = found
        .offers
        .into_iter()
        .map(|line| {
            let o = line.offer;
            let href = format!("/offres/{}", o.id);
            let job = line.rome.map(|j| j.label).unwrap_or_default();
            view! {
                <li class="card offer-card">
                    <h3><a href=href>{o.title.clone()}</a></h3>
                    <p class="meta">{o.company_name.clone()}" · "{o.contract.label()}" · "{o.commune_name.clone()}</p>
                    <p class="meta">{job}" · Publiée le "{line.published_on}</p>
                </li>
            }
        })
        .collect_view();
    let previous = (found.page > 1).then(|| {
        view! { <a rel="prev" href=page_href(&q, found.page - 1)>"Page précédente"</a> }
    });
    let next = (found.page < found.pages).then(|| {
        view! { <a rel="next" href=page_href(&q, found.page + 1)>"Page suivante"</a> }
    });
    view! {
        <p role="status" class="result-count">{summary}</p>
        <ul class="cards" aria-label="Offres">{lines}</ul>
        <nav class="pagination" aria-label="Pages de résultats">
            {previous}
            <span>{format!("Page {} sur {}", found.page, found.pages)}</span>
            {next}
        </nav>
    }
    .into_any()
}

/// `/offres`: search the public offers (words, job, commune, contract).
#[component]
pub fn PublicOffersPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || {
        let m = query.read();
        let get = |k: &str| m.get(k).unwrap_or_default();
        PublicQuery {
            q: get("q"),
            rome: get("rome"),
            commune: get("commune"),
            contract: get("contract"),
            epci: get("epci"),
            page: get("page"),
        }
    };
    let found = Resource::new(search, search_public_offers);
    view! {
        <Title text="Offres d'emploi"/>
        <Meta name="description" content="Les offres d'emploi des entreprises du territoire, relues par les plateformes Proch'Emploi Entreprises."/>
        <h1>"Offres d'emploi des entreprises du territoire"</h1>
        <form method="get" action="/offres" class="filters" role="search" aria-label="Rechercher une offre">
            <div class="field">
                <label for="recherche-q">"Mots-clés"</label>
                <input id="recherche-q" name="q" type="search" value=move || search().q/>
            </div>
            <Lazy><SuggestField id="recherche-rome".to_owned() name="rome".to_owned() label="Métier ou code ROME".to_owned() suggest=Suggest::Jobs value=search().rome/></Lazy>
            <Lazy><SuggestField id="recherche-commune".to_owned() name="commune".to_owned() label="Commune".to_owned() suggest=Suggest::Communes value=search().commune/></Lazy>
            <div class="field checkbox">
                <input id="recherche-epci" name="epci" type="checkbox" value="oui" checked=move || search().whole_epci()/>
                <label for="recherche-epci">"Élargir à toute l'intercommunalité (EPCI)"</label>
            </div>
            <div class="field">
                <label for="recherche-contrat">"Contrat"</label>
                <select id="recherche-contrat" name="contract">
                    <option value="">"Tous"</option>
                    {ContractType::ALL.iter().map(|c| {
                        let code = c.code();
                        view! { <option value=code selected=move || search().contract == code>{c.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Rechercher"</button>
        </form>
        <p><a href=move || alert_href(&search())>"Recevoir par e-mail les nouvelles offres de cette recherche"</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let q = search();
                loaded(found.await, move |found| results(found, q))
            })}
        </Suspense>
    }
}

/// `/offres/:id`: one public offer.
#[component]
pub fn PublicOfferPage() -> impl IntoView {
    let id = route_id();
    let query = use_query_map();
    let sent = move || query.read().get("candidature").is_some();
    let offer = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => Some(open_public_offer(id).await),
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match offer.await {
                    None => view! { <NotFound/> }.into_any(),
                    Some(result) => loaded(result, move |view_data| {
                        let title = view_data.offer.summary.title.clone();
                        let offer_id = view_data.offer.summary.id;
                        let questions = view_data.offer.terms.questions.clone();
                        view! {
                            <Title text=title.clone()/>
                            <script type="application/ld+json" inner_html=view_data.json_ld.clone()></script>
                            <p><a href="/offres">"← Toutes les offres"</a></p>
                            <h1>{title}</h1>
                            <PublicOfferBody offer=view_data.offer published_on=view_data.published_on/>
                            <section class="panel" aria-labelledby="apply-title">
                                <h2 id="apply-title">"Postuler"</h2>
                                {sent().then(|| view! { <div class="alert alert-success" role="status"><p>"Votre candidature est envoyée. Un e-mail vous le confirme ; l'équipe de la plateforme vous tient informé."</p></div> })}
                                <p>"Sans création de compte : l'équipe de la plateforme lit votre candidature et la transmet à l'employeur."</p>
                                <ApplyForm offer_id questions/>
                            </section>
                        }
                        .into_any()
                    }),
                }
            })}
        </Suspense>
    }
}
