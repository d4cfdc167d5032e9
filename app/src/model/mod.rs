//! Types shared by the server and the browser, and the domain rules on them.

mod offer;
mod siret;
mod user;
pub mod validate;

pub use offer::{
    ContractType, HistoryLine, OfferDetail, OfferStatus, OfferSummary, PublishedElsewhere,
    ShareLine, StaffOfferView,
};
pub use siret::Siret;
pub use user::{Commune, CurrentUser, PartnerKind, PartnerOrg, PlatformInfo, Role};
