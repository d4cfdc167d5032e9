//! The Proch'Emploi portal: pages, components, server functions and shared
//! types. Built with `ssr` for the server and `hydrate` for the browser.

pub mod api;
pub mod client_files;
pub mod components;
pub mod error;
pub mod flash;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::errors::NotFound;
use components::layout::{Footer, Header, Session};
use pages::*;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let files = client_files::ClientFiles::get(&options);
    let inline = client_files::inline_for_this_request(&files);
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Proch'Emploi Entreprises : le service de proximité de la Région Hauts-de-France pour les recrutements des TPE et PME."/>
                <client_files::StyleSheet href=files.css.clone() inline=inline.clone()/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // Only under `cargo leptos watch` (LEPTOS_WATCH set).
                <AutoReload options/>
                <client_files::ClientScript files inline/>
                <MetaTags/>
                <flash::FlashData/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // A form refused without JavaScript: its error, taken by the server.
    #[cfg(feature = "ssr")]
    if let Some(flash) = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<flash::Flash>().cloned())
    {
        flash.provide();
    }
    view! {
        <Title formatter=page_title/>
        <Router>
            <Layout/>
        </Router>
    }
}

/// The document title of a page. The server writes the title into
/// `<head>` as it is, so it is escaped there; the browser sets
/// `document.title`, which takes plain text.
fn page_title(text: String) -> String {
    let title = format!("{text} – Proch'Emploi");
    if cfg!(feature = "ssr") {
        model::html_safe::escape_html(&title)
    } else {
        title
    }
}

#[component]
fn Layout() -> impl IntoView {
    Session::provide();
    // Every page waits for its data on the server, so that it works without
    // JavaScript and its HTTP status is right.
    let ssr = SsrMode::Async;
    view! {
        <Header/>
        <main id="contenu" tabindex="-1">
            <Routes fallback=NotFound>
                <Route path=path!("/") view=HomePage ssr=ssr.clone()/>
                <Route path=path!("/connexion") view=LoginPage ssr=ssr.clone()/>
                <Route path=path!("/connexion/code") view=SecondFactorPage ssr=ssr.clone()/>
                <Route path=path!("/inscription") view=SignupPage ssr=ssr.clone()/>
                <Route path=path!("/inscription/verifiez") view=SignupSentPage ssr=ssr.clone()/>
                <Route path=path!("/inscription/confirmer/:token") view=ConfirmSignupPage ssr=ssr.clone()/>
                <Route path=path!("/mot-de-passe-oublie") view=ForgottenPasswordPage ssr=ssr.clone()/>
                <Route path=path!("/mot-de-passe/:token") view=ResetPasswordPage ssr=ssr.clone()/>
                <Route path=path!("/compte") view=AccountPage ssr=ssr.clone()/>
                <Route path=path!("/admin/comptes") view=AdminAccountsPage ssr=ssr.clone()/>
                <Route path=path!("/invitation/:token") view=InvitationPage ssr=ssr.clone()/>
                <Route path=path!("/entreprise") view=CompanyHomePage ssr=ssr.clone()/>
                <Route path=path!("/entreprise/offres/nouvelle") view=NewOfferPage ssr=ssr.clone()/>
                <Route path=path!("/entreprise/offres/:id/modifier") view=EditOfferPage ssr=ssr.clone()/>
                <Route path=path!("/entreprise/offres/:id") view=CompanyOfferPage ssr=ssr.clone()/>
                <Route path=path!("/entreprise/accompagnement") view=CompanySupportPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/accompagnements/:id") view=StaffCasePage ssr=ssr.clone()/>
                <Route path=path!("/equipe/entreprises") view=StaffCompaniesPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/entreprises/:id") view=CompanyFilePage ssr=ssr.clone()/>
                <Route path=path!("/equipe/activite") view=ActivityPage ssr=ssr.clone()/>
                <Route path=path!("/offres") view=PublicOffersPage ssr=ssr.clone()/>
                <Route path=path!("/evenements") view=EventsPage ssr=ssr.clone()/>
                <Route path=path!("/evenements/:id") view=EventPage ssr=ssr.clone()/>
                <Route path=path!("/evenements/inscription/:token") view=RegistrationPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/evenements") view=StaffEventsPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/candidatures") view=StaffApplicationsPage ssr=ssr.clone()/>
                <Route path=path!("/entreprise/candidatures") view=CompanyApplicationsPage ssr=ssr.clone()/>
                <Route path=path!("/candidatures/reponse/:token") view=ApplicationAnswerPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/evenements/:id/pointage") view=CheckInPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/evenements/:id/modifier") view=EditEventPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/indicateurs") view=IndicatorsPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/programme") view=ProgrammePage ssr=ssr.clone()/>
                <Route path=path!("/equipe/gouvernance") view=GovernancePage ssr=ssr.clone()/>
                <Route path=path!("/equipe/bilan-annuel") view=AnnualReportPage ssr=ssr.clone()/>
                <Route path=path!("/region/demandes") view=RegionRequestsPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/bilans") view=ReportsPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/bilans/:month") view=ReportPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/indicateurs/:key") view=IndicatorRecordsPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/evenements/:id/places-partenaires") view=StaffReservationsPage ssr=ssr.clone()/>
                <Route path=path!("/offres/:id") view=PublicOfferPage ssr=ssr.clone()/>
                <Route path=path!("/offre/lien/:token") view=OfferLinkPage ssr=ssr.clone()/>
                <Route path=path!("/offre/merci") view=OfferLinkDonePage ssr=ssr.clone()/>
                <Route path=path!("/offre/enquete/:token") view=OutcomeSurveyPage ssr=ssr.clone()/>
                <Route path=path!("/offre/enquete-merci") view=OutcomeSurveyDonePage ssr=ssr.clone()/>
                <Route path=path!("/equipe") view=StaffHomePage ssr=ssr.clone()/>
                <Route path=path!("/equipe/courriels") view=MailLogPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/offres/:id") view=StaffOfferPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/offres/:id/modifier") view=StaffEditOfferPage ssr=ssr.clone()/>
                <Route path=path!("/partenaire") view=PartnerHomePage ssr=ssr.clone()/>
                <Route path=path!("/partenaire/evenements") view=PartnerEventsPage ssr=ssr.clone()/>
                <Route path=path!("/partenaire/offres/:id") view=PartnerOfferPage ssr=ssr.clone()/>
                <Route path=path!("/partenaire/api") view=PartnerApiPage ssr=ssr.clone()/>
                <Route path=path!("/alertes") view=JobAlertPage ssr=ssr.clone()/>
                <Route path=path!("/alertes/confirmer/:token") view=ConfirmAlertPage ssr=ssr.clone()/>
                <Route path=path!("/alertes/desinscription/:token") view=UnsubscribeAlertPage ssr=ssr.clone()/>
                <Route path=path!("/mentions-legales") view=LegalNoticePage ssr=ssr.clone()/>
                <Route path=path!("/donnees-personnelles") view=PrivacyPage ssr=ssr.clone()/>
                <Route path=path!("/accessibilite") view=AccessibilityPage ssr=ssr.clone()/>
                <Route path=path!("/mes-donnees") view=MyDataPage ssr=ssr.clone()/>
                <Route path=path!("/mes-donnees/acces/:token") view=MyDataLinkPage ssr=ssr.clone()/>
                <Route path=path!("/mes-donnees/consulter") view=MyDataViewPage ssr=ssr.clone()/>
                <Route path=path!("/mes-donnees/effacees") view=MyDataErasedPage ssr=ssr.clone()/>
                <Route path=path!("/equipe/registres") view=RegistersPage ssr=ssr.clone()/>
                <Route path=path!("/admin/journal") view=AuditPage ssr=ssr.clone()/>
                <Route path=path!("/admin/logo-financeur") view=FunderLogoPage ssr=ssr.clone()/>
                <Route path=path!("/compte/ferme") view=AccountClosedPage ssr=ssr.clone()/>
            </Routes>
        </main>
        <Footer/>
    }
}
