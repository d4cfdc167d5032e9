//! Events: the public list and page with the registration form, the page a
//! registration link opens, and staff's events page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::events::{
    company_event_offers, open_event, registration_by_link, staff_events, upcoming_events,
    CancelRegistration, CreateEvent, RegisterCompanyForEvent, RegisterForEvent,
    ResendRegistrationLink,
};
use crate::components::form::{
    action_errors, choices, CheckboxField, FormAlert, SelectField, TextArea, TextField,
};
use crate::components::registration_fields::RegistrationFields;
use crate::model::event::{EventKind, EventSummary, PastEvent, RegistrationStatus};
use crate::pages::{loaded, loading, route_id};

/// Seats left, in words.
fn seats(e: &EventSummary) -> String {
    if e.companies_only() {
        return "Réservé aux entreprises".to_owned();
    }
    let left = match (e.open, e.seats_left()) {
        (false, _) => "Inscriptions closes".to_owned(),
        (true, 0) => format!("Complet : liste d'attente ({} personne(s))", e.waiting),
        (true, 1) => "1 place restante".to_owned(),
        (true, n) => format!("{n} places restantes"),
    };
    match e.reserved {
        _ if !e.open => left,
        0 => left,
        1 => format!("{left} (et 1 place réservée aux partenaires)"),
        n => format!("{left} (et {n} places réservées aux partenaires)"),
    }
}

/// An event in a list (with the check-in link for staff).
#[component]
fn EventCard(event: EventSummary, #[prop(optional)] staff: bool) -> impl IntoView {
    let href = format!("/evenements/{}", event.id);
    let check_in = format!("/equipe/evenements/{}/pointage", event.id);
    let check_in_label = format!("Pointage : {}", event.title);
    let reserve = format!("/equipe/evenements/{}/places-partenaires", event.id);
    let reserve_label = format!("Places partenaires : {}", event.title);
    let edit = format!("/equipe/evenements/{}/modifier", event.id);
    let edit_label = format!("Modifier ou annuler : {}", event.title);
    view! {
        <li class="card event-card">
            <h3><a href=href>{event.title.clone()}</a></h3>
            <p class="meta">{event.kind.label()}" · "{event.when.clone()}</p>
            <p class="meta">{event.address.clone()}", "{event.commune_name.clone()}</p>
            <p class="meta"><strong>{seats(&event)}</strong></p>
            {staff.then(|| view! {
                <p class="actions">
                    <a class="button button-secondary" href=check_in aria-label=check_in_label>"Pointage"</a>
                    " "<a class="button button-secondary" href=reserve aria-label=reserve_label>"Places partenaires"</a>
                    " "<a class="button button-secondary" href=edit aria-label=edit_label>"Modifier ou annuler"</a>
                </p>
            })}
        </li>
    }
}

/// An event already held, with its figures and the links staff still
/// need (correcting the check-in, the participant list).
#[component]
fn PastEventCard(event: PastEvent) -> impl IntoView {
    let e = event.summary;
    let check_in = format!("/equipe/evenements/{}/pointage", e.id);
    let check_in_label = format!("Pointage : {}", e.title);
    let csv = format!("/equipe/evenements/{}/participants.csv", e.id);
    let csv_label = format!("Participants (CSV) : {}", e.title);
    let figures = [
        ("Inscrits", event.registered),
        ("Présents", event.present),
        ("Absents", event.absent),
        ("Excusés", event.excused),
        ("Entreprises présentes", event.companies_present),
        ("Mises en relation", event.meetings),
        ("Embauches", event.hires),
    ];
    view! {
        <li class="card event-card past-event">
            <h3><a href=format!("/evenements/{}", e.id)>{e.title.clone()}</a></h3>
            <p class="meta">{e.kind.label()}" · "{e.when.clone()}" · "{e.commune_name.clone()}</p>
            <dl class="figures">
                {figures.into_iter().map(|(label, n)| view! { <div><dt>{label}</dt><dd>{n}</dd></div> }).collect_view()}
            </dl>
            <p class="actions">
                <a class="button button-secondary" href=check_in aria-label=check_in_label>"Pointage"</a>
                " "<a class="button button-secondary" href=csv aria-label=csv_label download>"Participants (CSV)"</a>
            </p>
        </li>
    }
}

/// `/evenements`.
#[component]
pub fn EventsPage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("type").filter(|s| !s.is_empty()),
            q.get("commune").filter(|s| !s.is_empty()),
        )
    };
    let found = Resource::new(filters, |(kind, commune)| upcoming_events(kind, commune));
    let current = move |k: &str| query.read().get(k).unwrap_or_default();
    view! {
        <Title text="Événements"/>
        <h1>"Job datings, forums et rencontres"</h1>
        <form method="get" action="/evenements" class="filters" role="search" aria-label="Filtrer les événements">
            <div class="field">
                <label for="filtre-type">"Type"</label>
                <select id="filtre-type" name="type">
                    <option value="">"Tous"</option>
                    {EventKind::ALL.iter().map(|k| {
                        let code = k.code();
                        view! { <option value=code selected=move || current("type") == code>{k.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filtre-commune">"Commune"</label>
                <input id="filtre-commune" name="commune" type="search" value=move || current("commune")/>
            </div>
            <button type="submit" class="button">"Filtrer"</button>
        </form>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(found.await, |events| {
                    if events.is_empty() {
                        return view! { <p>"Aucun événement à venir pour ces critères."</p> }.into_any();
                    }
                    view! {
                        <ul class="cards" aria-label="Événements à venir">
                            {events.into_iter().map(|event| view! { <EventCard event/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// `/evenements/:id`: the event and its registration form.
#[component]
pub fn EventPage() -> impl IntoView {
    let id = route_id();
    let register = ServerAction::<RegisterForEvent>::new();
    let errors = action_errors(register.value());
    let resend = ServerAction::<ResendRegistrationLink>::new();
    let resend_errors = action_errors(resend.value());
    let event = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => open_event(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let query = use_query_map();
    let created = move || query.read().get("creee").is_some();
    let company_joined = move || query.read().get("entreprise").is_some();
    let registered = move || query.read().get("inscription").is_some();
    let resent = move || query.read().get("lien").is_some();
    let join = ServerAction::<RegisterCompanyForEvent>::new();
    let company_offers = Resource::new(
        move || (id.get(), join.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => company_event_offers(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Show when=created>
            <div class="alert alert-success" role="status"><p>"L'événement est publié."</p></div>
        </Show>
        <Show when=company_joined>
            <div class="alert alert-success" role="status"><p>"Votre entreprise est inscrite à l'événement."</p></div>
        </Show>
        <Show when=registered>
            <div class="alert alert-success" role="status">
                <p><strong>"Demande d'inscription enregistrée."</strong>" Nous venons de vous envoyer un e-mail : il dit si votre place est confirmée ou votre rang sur la liste d'attente, avec le lien pour voir ou annuler votre inscription. Rien reçu ? Regardez dans les indésirables."</p>
            </div>
        </Show>
        <Show when=resent>
            <div class="alert alert-success" role="status">
                <p>"Si cette adresse est inscrite à l'événement, nous venons de lui envoyer un nouveau lien (l'ancien ne fonctionne plus)."</p>
            </div>
        </Show>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(event.await, move |view_data| {
                    let e = view_data.summary.clone();
                    let id = e.id;
                    let ics = format!("/evenements/{id}/agenda.ics");
                    let questions = view_data.questions.clone();
                    let full = e.seats_left() == 0;
                    view! {
                        <Title text=e.title.clone()/>
                        <script type="application/ld+json" inner_html=view_data.json_ld.clone()></script>
                        <p><a href="/evenements">"← Tous les événements"</a></p>
                        <h1>{e.title.clone()}</h1>
                        <dl class="facts">
                            <dt>"Type"</dt><dd>{e.kind.label()}</dd>
                            <dt>"Quand"</dt><dd>{e.when.clone()}</dd>
                            <dt>"Où"</dt><dd>{e.address.clone()}", "{e.commune_name.clone()}</dd>
                            <dt>"Places"</dt><dd>{seats(&e)}</dd>
                            <dt>"Places pour les entreprises"</dt><dd>{match view_data.company_seats_left { 0 => "Complet ou réservé aux candidats".to_owned(), n => format!("{n} restante(s)") }}</dd>
                            <dt>"Inscription jusqu'au"</dt><dd>{view_data.deadline.clone()}</dd>
                        </dl>
                        <p><a href=ics download>"Ajouter à mon agenda (.ics)"</a></p>
                        <p class="description">{view_data.description.clone()}</p>
                        {(!view_data.offers.is_empty()).then(|| view! {
                            <h2>"Offres présentées"</h2>
                            <ul>{view_data.offers.iter().map(|(oid, title, company)| {
                                let href = format!("/offres/{oid}");
                                view! { <li><a href=href>{title.clone()}</a>" — "{company.clone()}</li> }
                            }).collect_view()}</ul>
                        })}
                        {(!view_data.companies.is_empty()).then(|| view! {
                            <h2>"Entreprises présentes"</h2>
                            <ul class="event-companies">{view_data.companies.iter().map(|(name, recruiter, n)| {
                                let role = if *recruiter { "recrute" } else { "participe" };
                                view! { <li>{name.clone()}" — "{role}" ("{*n}" personne(s))"</li> }
                            }).collect_view()}</ul>
                        })}
                        <Suspense>
                            {move || Suspend::new(async move {
                                match company_offers.await {
                                    Ok(Some(offers)) => view! { <CompanyJoinForm event_id=id offers join/> }.into_any(),
                                    _ => ().into_any(),
                                }
                            })}
                        </Suspense>
                        {(e.open && !e.companies_only()).then(|| view! {
                            <section class="panel" aria-labelledby="register-title">
                                <h2 id="register-title">"S'inscrire"</h2>
                                {full.then(|| view! { <p class="alert alert-success">"L'événement est complet : en vous inscrivant, vous rejoignez la liste d'attente. Si une place se libère, elle vous est attribuée automatiquement."</p> })}
                                <p>"Sans création de compte. Les champs marqués d'un astérisque (*) sont obligatoires."</p>
                                <ActionForm action=register attr:novalidate=true attr:class="form">
                                    <FormAlert errors/>
                                    <input type="hidden" name="event_id" value=id/>
                                    <RegistrationFields questions=questions.clone() errors/>
                                    <button type="submit" class="button" disabled=move || register.pending().get()>"M'inscrire"</button>
                                </ActionForm>
                            </section>
                        })}
                        {(!e.companies_only()).then(|| view! {
                        <section class="panel" aria-labelledby="resend-title">
                            <h2 id="resend-title">"Déjà inscrit ? Recevoir à nouveau mon lien"</h2>
                            <p>"Le lien de votre e-mail d'inscription permet de voir ou d'annuler votre inscription. Perdu ? Indiquez votre adresse : nous vous en envoyons un nouveau."</p>
                            <ActionForm action=resend attr:novalidate=true attr:class="form">
                                <FormAlert errors=resend_errors/>
                                <input type="hidden" name="event_id" value=id/>
                                <TextField name="resend_email" label="Votre adresse e-mail" kind="email" autocomplete="email" required=true errors=resend_errors/>
                                <button type="submit" class="button button-secondary">"Renvoyer mon lien"</button>
                            </ActionForm>
                        </section>
                        })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// The form by which a company of the platform registers for the event.
#[component]
fn CompanyJoinForm(
    event_id: i64,
    offers: Vec<(i64, String)>,
    join: ServerAction<RegisterCompanyForEvent>,
) -> impl IntoView {
    let errors = action_errors(join.value());
    let roles = vec![
        (
            "recruiter".to_owned(),
            "Pour recruter (avec nos offres)".to_owned(),
        ),
        (
            "participant".to_owned(),
            "Pour participer (réseau, information)".to_owned(),
        ),
    ];
    view! {
        <section class="panel" aria-labelledby="company-join-title">
            <h2 id="company-join-title">"Inscrire mon entreprise"</h2>
            <ActionForm action=join attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <input type="hidden" name="event_id" value=event_id/>
                <crate::components::form::RadioGroup name="role" legend="Vous venez" options=roles required=true errors/>
                <TextField name="attendees" label="Nombre de personnes de l'entreprise" inputmode="numeric" required=true initial="1".to_owned() errors/>
                {(!offers.is_empty()).then(|| view! {
                    <fieldset class="group">
                        <legend>"Offres que vous présentez"</legend>
                        {offers.into_iter().map(|(oid, title)| {
                            let name = format!("offer_{oid}");
                            view! {
                                <div class="field checkbox">
                                    <input type="checkbox" id=name.clone() name=name.clone() value=crate::model::CHECKED/>
                                    <label for=name>{title}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                <button type="submit" class="button">"Inscrire mon entreprise"</button>
            </ActionForm>
        </section>
    }
}

/// `/evenements/inscription/:token`: the registration, and cancelling it.
#[component]
pub fn RegistrationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let cancel = ServerAction::<CancelRegistration>::new();
    let errors = action_errors(cancel.value());
    let reg = Resource::new(
        move || (token(), cancel.version().get()),
        |(t, _)| registration_by_link(t),
    );
    let query = use_query_map();
    let new = move || query.read().get("nouvelle").is_some();
    view! {
        <Title text="Mon inscription"/>
        <section class="narrow" aria-labelledby="reg-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(reg.await, move |r| {
                        let e = r.event.clone();
                        let ics = format!("/evenements/{}/agenda.ics", e.id);
                        let status = match (r.status, r.waiting_rank) {
                            (RegistrationStatus::Waiting, Some(rank)) => format!("Vous êtes en position {rank} sur la liste d'attente."),
                            (s, _) => format!("{}.", s.label()),
                        };
                        let live = r.status != RegistrationStatus::Cancelled;
                        view! {
                            <h1 id="reg-title">"Mon inscription"</h1>
                            {new().then(|| view! { <div class="alert alert-success" role="status"><p>"C'est noté ! Un e-mail de confirmation vous a été envoyé avec ce lien."</p></div> })}
                            <p class="registration-status"><strong>{status}</strong></p>
                            <dl class="facts">
                                <dt>"Nom"</dt><dd>{r.full_name.clone()}</dd>
                                <dt>"Événement"</dt><dd><a href=format!("/evenements/{}", e.id)>{e.title.clone()}</a></dd>
                                <dt>"Quand"</dt><dd>{e.when.clone()}</dd>
                                <dt>"Où"</dt><dd>{e.address.clone()}", "{e.commune_name.clone()}</dd>
                            </dl>
                            {r.door.clone().map(|(code, svg)| view! {
                                <section class="door-ticket" aria-labelledby="door-title">
                                    <h2 id="door-title">"Votre code d'entrée"</h2>
                                    <p>"À l'accueil, montrez ce QR code ou donnez le code."</p>
                                    <div class="qr" inner_html=svg></div>
                                    <p class="door-code"><span class="visually-hidden">"Code : "</span><strong>{code}</strong></p>
                                </section>
                            })}
                            {live.then(|| view! {
                                <p><a href=ics download>"Ajouter à mon agenda (.ics)"</a></p>
                                <ActionForm action=cancel attr:class="form">
                                    <FormAlert errors/>
                                    <input type="hidden" name="token" value=token/>
                                    <CheckboxField name="confirm" label="Je confirme vouloir annuler mon inscription" errors/>
                                    <button type="submit" class="button button-secondary">"Annuler mon inscription"</button>
                                </ActionForm>
                            })}
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}

/// `/equipe/evenements`: the platform's events and the creation form.
#[component]
pub fn StaffEventsPage() -> impl IntoView {
    let create = ServerAction::<CreateEvent>::new();
    let errors = action_errors(create.value());
    let data = Resource::new(|| (), |_| staff_events());
    let query = use_query_map();
    let done = move || {
        match query.read().get("deplace").map(|_| "deplace").or(query.read().get("modifie").map(|_| "modifie")).or(query.read().get("annule").map(|_| "annule")) {
        Some("deplace") => Some("L'événement est modifié ; chaque personne inscrite a reçu un e-mail avec la nouvelle date ou le nouveau lieu."),
        Some("modifie") => Some("L'événement est modifié."),
        Some("annule") => Some("L'événement est annulé ; chaque personne inscrite a reçu un e-mail avec le motif."),
        _ => None,
    }
    };
    view! {
        <Title text="Événements de la plateforme"/>
        <h1>"Événements de la plateforme"</h1>
        {move || done().map(|m| view! { <div class="alert alert-success" role="status"><p>{m}</p></div> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |data| {
                    let datalist = data.communes.iter().map(|c| view! { <option value=c.label()></option> }).collect_view();
                    view! {
                        <section class="panel" aria-labelledby="create-title">
                            <h2 id="create-title">"Créer un événement"</h2>
                            <ActionForm action=create attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <SelectField name="kind" label="Type d'événement" options=choices(EventKind::ALL, EventKind::code, EventKind::label) placeholder="Choisissez…" required=true errors/>
                                <TextField name="title" label="Titre" required=true errors/>
                                <TextArea name="description" label="Description" rows=4 errors/>
                                <div class="field-pair">
                                    <TextField name="date" label="Date" kind="date" required=true errors/>
                                    <TextField name="capacity" label="Places pour les candidats" inputmode="numeric" hint="0 pour un événement réservé aux entreprises." required=true errors/>
                                </div>
                                <div class="field-pair">
                                    <TextField name="start_time" label="Heure de début" kind="time" required=true errors/>
                                    <TextField name="end_time" label="Heure de fin" kind="time" required=true errors/>
                                </div>
                                <TextField name="company_capacity" label="Places pour les entreprises" inputmode="numeric" hint="0 si l'événement ne s'adresse qu'aux candidats ; 20 par défaut." errors/>
                                <TextField name="commune" label="Commune" list="event-communes" autocomplete="off" required=true errors/>
                                <datalist id="event-communes">{datalist}</datalist>
                                <TextField name="address" label="Lieu (salle, adresse)" required=true errors/>
                                <TextField name="deadline" label="Inscriptions jusqu'au (facultatif)" kind="date" hint="Par défaut, jusqu'au début de l'événement." errors/>
                                {(!data.offers.is_empty()).then(|| {
                                    let options: Vec<(String, String)> = data.offers.iter().map(|(id, l)| (id.to_string(), l.clone())).collect();
                                    view! {
                                        <SelectField name="offer_1" label="Offre présentée (facultatif)" options=options.clone() placeholder="Aucune" errors/>
                                        <SelectField name="offer_2" label="Deuxième offre présentée (facultatif)" options=options.clone() placeholder="Aucune" errors/>
                                        <SelectField name="offer_3" label="Troisième offre présentée (facultatif)" options=options placeholder="Aucune" errors/>
                                    }
                                })}
                                <TextField name="question_1" label="Question aux inscrits (facultatif)" errors/>
                                <TextField name="question_2" label="Deuxième question (facultatif)" errors/>
                                <TextField name="question_3" label="Troisième question (facultatif)" errors/>
                                <button type="submit" class="button">"Publier l'événement"</button>
                            </ActionForm>
                        </section>
                        <h2>"Événements à venir"</h2>
                        {if data.events.is_empty() {
                            view! { <p>"Aucun événement à venir."</p> }.into_any()
                        } else {
                            view! { <ul class="cards" aria-label="Événements à venir">{data.events.into_iter().map(|event| view! { <EventCard event staff=true/> }).collect_view()}</ul> }.into_any()
                        }}
                        <h2>"Événements passés"</h2>
                        {if data.past.is_empty() {
                            view! { <p>"Aucun événement passé."</p> }.into_any()
                        } else {
                            view! { <ul class="cards" aria-label="Événements passés">{data.past.into_iter().map(|event| view! { <PastEventCard event/> }).collect_view()}</ul> }.into_any()
                        }}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
