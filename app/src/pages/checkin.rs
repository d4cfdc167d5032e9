//! `/equipe/evenements/:id/pointage`: the check-in of an event, made for a
//! phone held at the door.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::checkin::{
    event_check_in, AddMeeting, AdmitWaiting, MarkAttendance, MarkCompanyPresence, RegisterWalkIn,
    SearchParticipants, SetMeetingOutcome,
};
use crate::api::door_codes::CheckInByCode;
use crate::api::door_companies::AddCompanyAtDoor;
use crate::components::door_scanner::DoorScanner;
use crate::components::form::{action_errors, FormAlert, SelectField, TextField};
use crate::model::event::{
    Attendance, Meeting, MeetingOutcome, Participant, RegistrationStatus, Situation,
};
use crate::pages::checkin_companies::{CompanyPresence, CompanyWalkIn};
use crate::pages::{loaded, loading};

/// One participant with the three attendance buttons.
#[component]
fn ParticipantRow(
    participant: Participant,
    event_id: String,
    mark: ServerAction<MarkAttendance>,
    admit: ServerAction<AdmitWaiting>,
    /// Whether people can be checked in (from the event's day on).
    open: bool,
    /// Whether a seat is free (a waiting person is admitted on it).
    seat_free: bool,
) -> impl IntoView {
    let p = participant;
    let state = match (p.status, p.attendance) {
        (RegistrationStatus::Waiting, _) => "Liste d'attente".to_owned(),
        (_, Some(a)) => a.label().to_owned(),
        (_, None) => "Pas encore pointé".to_owned(),
    };
    let confirmed = open && p.status == RegistrationStatus::Confirmed;
    let waiting = open && p.status == RegistrationStatus::Waiting;
    let admit_label = if seat_free {
        format!("Admettre : {}", p.full_name)
    } else {
        format!("Admettre en surnombre : {}", p.full_name)
    };
    let admit_form = waiting.then(|| {
        let eid = event_id.clone();
        view! {
            <ActionForm action=admit attr:class="inline-form">
                <input type="hidden" name="event_id" value=eid/>
                <input type="hidden" name="registration_id" value=p.id/>
                {(!seat_free).then(|| view! { <input type="hidden" name="over_capacity" value=crate::model::CHECKED/> })}
                <button type="submit" class="button">{admit_label}</button>
            </ActionForm>
        }
    });
    let buttons = Attendance::ALL
        .iter()
        .map(|a| {
            let label = format!("{} : {}", a.label(), p.full_name);
            let pressed = if p.attendance == Some(*a) { "true" } else { "false" };
            let eid = event_id.clone();
            view! {
                <ActionForm action=mark attr:class="inline-form">
                    <input type="hidden" name="event_id" value=eid/>
                    <input type="hidden" name="registration_id" value=p.id/>
                    <input type="hidden" name="attendance" value=a.code()/>
                    <button type="submit" class="button button-secondary" aria-label=label aria-pressed=pressed data-kind=a.code()>{a.label()}</button>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <li class="card participant" id=format!("p-{}", p.id) data-attendance=p.attendance.map(|a| a.code())>
            <p><strong>{p.full_name.clone()}</strong>" — "<span class="participant-state">{state}</span></p>
            <p class="meta">{p.email.clone()}{(!p.phone.is_empty()).then(|| format!(" · {}", p.phone))}{p.door_code.clone().map(|c| format!(" · code {c}"))}</p>
            {(!p.answers.is_empty()).then(|| view! {
                <ul class="answers">{p.answers.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
            })}
            {confirmed.then(|| view! { <div class="attendance-buttons">{buttons}</div> })}
            {admit_form}
        </li>
    }
}

/// The page.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let search = ServerAction::<SearchParticipants>::new();
    let mark = ServerAction::<MarkAttendance>::new();
    let admit = ServerAction::<AdmitWaiting>::new();
    let admit_errors = action_errors(admit.value());
    let walk_in = ServerAction::<RegisterWalkIn>::new();
    let meet = ServerAction::<AddMeeting>::new();
    let outcome = ServerAction::<SetMeetingOutcome>::new();
    let company_mark = ServerAction::<MarkCompanyPresence>::new();
    let company_walk_in = ServerAction::<AddCompanyAtDoor>::new();
    let meet_errors = action_errors(meet.value());
    let outcome_errors = action_errors(outcome.value());
    let mark_errors = action_errors(mark.value());
    let walk_errors = action_errors(walk_in.value());
    let by_code = ServerAction::<CheckInByCode>::new();
    let code_errors = action_errors(by_code.value());
    // A QR code scanned with the phone's camera app opens the page with
    // the code filled in.
    let scanned = use_query_map().read_untracked().get("code");
    let data = Resource::new(
        move || {
            (
                id(),
                by_code.version().get(),
                search.version().get(),
                mark.version().get(),
                admit.version().get(),
                walk_in.version().get(),
                meet.version().get(),
                outcome.version().get(),
                company_mark.version().get(),
                company_walk_in.version().get(),
            )
        },
        |(id, ..)| event_check_in(id),
    );
    let situations = Situation::ALL
        .iter()
        .map(|s| (s.code().to_owned(), s.label().to_owned()))
        .collect::<Vec<_>>();
    view! {
        <Title text="Pointage"/>
        <Suspense fallback=loading>
            {move || Suspend::new({
                let situations = situations.clone();
                let scanned = scanned.clone();
                async move {
                loaded(data.await, move |data| {
                    let event_id = data.event.id.to_string();
                    let present_people: Vec<(i64, String)> = data
                        .participants
                        .iter()
                        .filter(|p| p.attendance == Some(Attendance::Present))
                        .map(|p| (p.id, p.full_name.clone()))
                        .collect();
                    let searched = data.search.clone();
                    let open = data.opens_on.is_none();
                    let seat_free =
                        data.event.confirmed + data.event.reserved < data.event.capacity;
                    let search_event = event_id.clone();
                    let code_event = event_id.clone();
                    view! {
                        <h1>"Pointage : "{data.event.title.clone()}</h1>
                        <p class="meta">{data.event.when.clone()}" · "<strong>{format!("{} présent(s) sur {} inscrit(s)", data.present, data.event.confirmed)}</strong></p>
                        {data.opens_on.clone().map(|day| view! {
                            <div class="alert" role="status"><p>{format!("Le pointage ouvre le jour de l'événement, le {day} : personne ne peut être pointé présent avant.")}</p></div>
                        })}
                        <p class="actions">
                            <a class="button button-secondary" href=format!("/equipe/evenements/{}/participants.csv", data.event.id) download>"Participants (CSV)"</a>
                            " "
                            <a class="button button-secondary" href=format!("/equipe/evenements/{}/participants.xlsx", data.event.id) download>"Participants (XLSX)"</a>
                        </p>
                        {open.then(|| view! {
                            <ActionForm action=by_code attr:novalidate=true attr:class="filters door-code-form">
                                <input type="hidden" name="event_id" value=code_event/>
                                <TextField name="code" label="Code d'entrée" hint="Scannez le QR code de la personne avec l'appareil photo du téléphone, ou tapez ses 6 caractères." autocomplete="off" initial=scanned.clone().unwrap_or_default() errors=code_errors/>
                                <button type="submit" class="button">"Pointer avec le code"</button>
                            </ActionForm>
                            <DoorScanner input_id="code".to_owned()/>
                        })}
                        <ActionForm action=search attr:class="filters" attr:role="search" attr:aria-label="Chercher un participant">
                            <input type="hidden" name="event_id" value=search_event/>
                            <div class="field">
                                <label for="recherche-nom">"Nom"</label>
                                <input id="recherche-nom" name="q" type="search" value=searched/>
                            </div>
                            <button type="submit" class="button">"Chercher"</button>
                        </ActionForm>
                        <FormAlert errors=mark_errors/>
                        <FormAlert errors=admit_errors/>
                        <ul class="cards participants" aria-label="Participants">
                            {data.participants.into_iter().map(|participant| view! { <ParticipantRow participant event_id=event_id.clone() mark admit open seat_free/> }).collect_view()}
                        </ul>
                        {open.then(|| view! {
                        <MeetingsPanel
                            event_id=event_id.clone()
                            participants=present_people.clone()
                            companies=data.companies.clone()
                            meetings=data.meetings.clone()
                            meet
                            outcome
                            meet_errors
                            outcome_errors
                        />
                        {(!data.registered_companies.is_empty()).then(|| view! {
                            <CompanyPresence event_id=event_id.clone() companies=data.registered_companies.clone() mark=company_mark/>
                        })}
                        <CompanyWalkIn event_id=event_id.clone() companies=data.companies.clone() add=company_walk_in/>
                        <section class="panel" aria-labelledby="walkin-title">
                            <h2 id="walkin-title">"Arrivée sans inscription"</h2>
                            <ActionForm action=walk_in attr:novalidate=true attr:class="form">
                                <FormAlert errors=walk_errors/>
                                <input type="hidden" name="event_id" value=event_id.clone()/>
                                <TextField name="full_name" label="Prénom et nom" required=true errors=walk_errors/>
                                <TextField name="email" label="Adresse e-mail" kind="email" required=true errors=walk_errors/>
                                <TextField name="phone" label="Téléphone (facultatif)" kind="tel" errors=walk_errors/>
                                <SelectField name="situation" label="Situation" options=situations.clone() placeholder="Choisissez…" required=true errors=walk_errors/>
                                <button type="submit" class="button">"Enregistrer et pointer présent"</button>
                            </ActionForm>
                        </section>
                        })}
                    }
                    .into_any()
                })
            }})}
        </Suspense>
    }
}

/// Meetings (mises en relation) of the event: record one between a present
/// participant and a company, and what came of each.
#[allow(clippy::too_many_arguments)]
#[component]
fn MeetingsPanel(
    event_id: String,
    participants: Vec<(i64, String)>,
    companies: Vec<(i64, String)>,
    meetings: Vec<Meeting>,
    meet: ServerAction<AddMeeting>,
    outcome: ServerAction<SetMeetingOutcome>,
    meet_errors: crate::components::form::ErrorsSignal,
    outcome_errors: crate::components::form::ErrorsSignal,
) -> impl IntoView {
    let people = participants
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect::<Vec<_>>();
    let firms = companies
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect::<Vec<_>>();
    let rows = meetings
        .into_iter()
        .map(|m| {
            let eid = event_id.clone();
            let select_id = format!("outcome-{}", m.id);
            let label = format!("Suite de la rencontre {} – {}", m.candidate, m.company);
            let current = m.outcome.map(|o| o.label()).unwrap_or("À renseigner");
            view! {
                <li class="card meeting">
                    <p><strong>{m.candidate.clone()}</strong>" rencontre "<strong>{m.company.clone()}</strong>" — "<span class="meeting-outcome">{current}</span></p>
                    <ActionForm action=outcome attr:class="form form-inline">
                        <input type="hidden" name="event_id" value=eid/>
                        <input type="hidden" name="meeting_id" value=m.id/>
                        <label for=select_id.clone()>{label}</label>
                        <select id=select_id name="outcome" required>
                            <option value="" selected=m.outcome.is_none()>"Choisissez…"</option>
                            {MeetingOutcome::ALL.iter().map(|o| view! {
                                <option value=o.code() selected=m.outcome == Some(*o)>{o.label()}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button button-secondary">"Enregistrer la suite"</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="meetings-title">
            <h2 id="meetings-title">"Mises en relation"</h2>
            <FormAlert errors=outcome_errors/>
            <ul class="cards" aria-label="Mises en relation">{rows}</ul>
            <ActionForm action=meet attr:novalidate=true attr:class="form">
                <FormAlert errors=meet_errors/>
                <input type="hidden" name="event_id" value=event_id.clone()/>
                <SelectField name="registration_id" label="Participant présent" options=people placeholder="Choisissez…" required=true errors=meet_errors/>
                <SelectField name="company_id" label="Entreprise rencontrée" options=firms placeholder="Choisissez…" required=true errors=meet_errors/>
                <button type="submit" class="button">"Enregistrer la mise en relation"</button>
            </ActionForm>
        </section>
    }
}
