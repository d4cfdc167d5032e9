//! The GDPR annex of the convention: people's rights in self-service,
//! consent records, the registers, the audit trail and the retention runs.

pub mod anonymise;
pub mod audit;
pub mod company_data;
pub mod consents;
pub mod registers;
pub mod retention;
pub mod rights;
pub mod subject;
