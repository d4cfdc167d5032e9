//! Types shared by the server and the browser, and the domain rules on them.

mod company;
mod mail;
mod offer;
mod siret;
mod user;
pub mod validate;

pub use company::{
    is_headcount_band, is_tpe_pme, InvitationInfo, NafDivision, SignupOptions, HEADCOUNT_BANDS,
};
pub use mail::MailLogLine;

pub use offer::{
    ContractType, FeedbackLine, HistoryLine, OfferDetail, OfferEdit, OfferStatus, OfferSummary,
    PartnerOfferLine, PartnerOfferView, PublishedElsewhere, ShareLine, StaffOfferView,
};
pub use siret::Siret;
pub use user::{Commune, CurrentUser, PartnerKind, PartnerOrg, PlatformInfo, Role};
