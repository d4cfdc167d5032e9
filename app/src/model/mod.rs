//! Types shared by the server and the browser, and the domain rules on them.

pub mod activity;
pub mod api_token;
pub mod application;
pub mod claim;
mod closing;
pub mod colleague;
pub mod company;
pub mod cycle;
pub mod door_code;
pub mod event;
pub mod funder;
pub mod html_safe;
pub mod indicators;
pub mod job_alert;
pub mod legal;
mod mail;
mod offer;
mod offer_form;
pub mod outcome_survey;
pub mod positioning;
pub mod privacy;
mod public;
mod siret;
pub mod support;
pub mod text;
mod user;
pub mod validate;

pub use closing::{ClosingForm, OfferClosing};
pub use company::{
    is_headcount_band, is_tpe_pme, CompanyLine, CompanyPageData, InvitationInfo, NafDivision,
    SignupOptions, StaffCompanyForm, HEADCOUNT_BANDS,
};
pub use mail::{MailLogLine, MailLogPage, MAIL_LOG_PAGE, MAIL_STATUSES};

pub use offer::share_suggestion;
pub use offer::{
    ContractType, FeedbackLine, HistoryLine, OfferDetail, OfferEdit, OfferStatus, OfferSummary,
    OfferTerms, PartnerOfferLine, PartnerOfferView, PublishedElsewhere, RomeJob, ShareCandidate,
    ShareLine, StaffOfferView, WorkingTime,
};
pub use offer_form::{french_date, is_iso_date, iso_from_french, CHECKED};
pub use public::{PublicOfferLine, PublicOfferView, PublicOffers, PublicQuery, PUBLIC_PAGE_SIZE};
pub use siret::Siret;
pub use user::{
    AccountLine, Commune, CurrentUser, PartnerKind, PartnerOrg, PlatformInfo, Role,
    SecondFactorStep,
};
