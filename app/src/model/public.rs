//! What the public (no account) sees of the offers companies agreed to
//! publish.

use serde::{Deserialize, Serialize};

use super::{ContractType, OfferDetail, OfferSummary, RomeJob};

/// Offers per page of the public list.
pub const PUBLIC_PAGE_SIZE: i64 = 20;

/// A line of the public list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicOfferLine {
    pub offer: OfferSummary,
    pub rome: Option<RomeJob>,
    /// Publication date, in French.
    pub published_on: String,
}

/// A page of the public search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicOffers {
    pub offers: Vec<PublicOfferLine>,
    /// Offers matching the search, all pages together (at most 10,000:
    /// see `capped`).
    pub total: i64,
    /// More offers match than `total` says.
    pub capped: bool,
    /// 1-based.
    pub page: i64,
    pub pages: i64,
    /// No offer for the job asked: these are the offers of neighbouring
    /// jobs (the same ROME family, « H22 » for wood and furniture).
    pub related: bool,
}

/// A public offer page: the offer and its schema.org `JobPosting`, ready to
/// be put in a `<script type="application/ld+json">`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicOfferView {
    pub offer: OfferDetail,
    pub published_on: String,
    pub json_ld: String,
}

/// The public search as typed (all optional).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicQuery {
    /// Words of the title, job, description, company or commune.
    pub q: String,
    /// A ROME job (`Label (CODE)` or a code).
    pub rome: String,
    /// A commune (`Name (postal code)` or a name).
    pub commune: String,
    /// A contract type code.
    pub contract: String,
    /// `oui` for the commune's whole intercommunality (EPCI).
    pub epci: String,
    pub page: String,
}

impl PublicQuery {
    /// The contract asked for, if any and valid.
    pub fn contract_type(&self) -> Option<ContractType> {
        ContractType::from_code(self.contract.trim())
    }

    /// Whether the search covers the commune's whole intercommunality.
    pub fn whole_epci(&self) -> bool {
        self.epci.trim() == crate::model::CHECKED
    }

    /// The page asked for (1 when absent or invalid).
    pub fn page_number(&self) -> i64 {
        self.page
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }
}
