//! One module per page (or per small family of pages).

mod account;
mod activity;
mod annual_report;
mod applications;
mod checkin;
mod checkin_companies;
mod company;
mod company_offer;
mod event_edit;
mod events;
mod funder_logo;
mod governance;
mod home;
mod indicators;
mod invitation;
mod job_alerts;
mod legal;
mod login;
mod mail_log;
mod my_data;
mod new_offer;
mod offer_link;
mod outcome_survey;
mod partner;
mod partner_api;
mod programme;
mod public_offers;
mod region_requests;
mod registers;
mod reports;
mod reservations;
mod signup;
mod staff;
mod staff_companies;
mod staff_offer;
pub(crate) mod support;
mod two_factor;

pub use account::{
    AccountClosedPage, AccountPage, AdminAccountsPage, ConfirmSignupPage, ForgottenPasswordPage,
    ResetPasswordPage, SignupSentPage,
};
pub use activity::{ActivityPage, CompanyFilePage};
pub use annual_report::AnnualReportPage;
pub use applications::{ApplicationAnswerPage, CompanyApplicationsPage, StaffApplicationsPage};
pub use checkin::CheckInPage;
pub use company::CompanyHomePage;
pub use company_offer::{CompanyOfferPage, HistoryTable};
pub use event_edit::EditEventPage;
pub use events::{EventPage, EventsPage, RegistrationPage, StaffEventsPage};
pub use funder_logo::FunderLogoPage;
pub use governance::{GovernancePage, MeetingWarningBanner};
pub use home::HomePage;
pub use indicators::{IndicatorRecordsPage, IndicatorsPage};
pub use invitation::InvitationPage;
pub use job_alerts::{ConfirmAlertPage, JobAlertPage, UnsubscribeAlertPage};
pub use legal::{AccessibilityPage, LegalNoticePage, PrivacyPage};
pub use login::LoginPage;
pub use mail_log::MailLogPage;
pub use my_data::{MyDataErasedPage, MyDataLinkPage, MyDataPage, MyDataViewPage};
pub use new_offer::{
    offer_draft_key as new_offer_draft_key, EditOfferPage, NewOfferPage, StaffEditOfferPage,
};
pub use offer_link::{OfferLinkDonePage, OfferLinkPage};
pub use outcome_survey::{OutcomeSurveyDonePage, OutcomeSurveyPage};
pub use partner::{PartnerHomePage, PartnerOfferPage};
pub use partner_api::PartnerApiPage;
pub use programme::ProgrammePage;
pub use public_offers::{PublicOfferPage, PublicOffersPage};
pub use region_requests::RegionRequestsPage;
pub use registers::{AuditPage, RegisterAlertBanner, RegistersPage};
pub use reports::{ReportPage, ReportsPage};
pub use reservations::{PartnerEventsPage, StaffReservationsPage};
pub use signup::SignupPage;
pub use staff::StaffHomePage;
pub use staff_companies::StaffCompaniesPage;
pub use staff_offer::StaffOfferPage;
pub use support::{CompanySupportPage, StaffCasePage};
pub use two_factor::SecondFactorPage;

use leptos::prelude::*;

use crate::components::errors::ErrorPanel;
use crate::error::AppError;

/// Shows loaded data with `view`, or the error page for the error.
pub(crate) fn loaded<T>(result: Result<T, AppError>, view: impl FnOnce(T) -> AnyView) -> AnyView {
    match result {
        Ok(data) => view(data),
        Err(error) => view! { <ErrorPanel error/> }.into_any(),
    }
}

/// The placeholder while data loads (only seen with JavaScript).
pub(crate) fn loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Chargement…"</p> }
}

/// The id in the route, if it is a number.
pub(crate) fn route_id() -> Memo<Option<i64>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse().ok()))
}
