//! Types shared by the server and the browser, and the domain rules on them.

mod mail;
mod offer;
mod siret;
mod user;
pub mod validate;

pub use mail::MailLogLine;

pub use offer::{
    ContractType, FeedbackLine, HistoryLine, OfferDetail, OfferEdit, OfferStatus, OfferSummary,
    PartnerOfferLine, PartnerOfferView, PublishedElsewhere, ShareLine, StaffOfferView,
};
pub use siret::Siret;
pub use user::{Commune, CurrentUser, PartnerKind, PartnerOrg, PlatformInfo, Role};
