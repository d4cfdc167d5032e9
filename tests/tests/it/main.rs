//! One integration test binary: repositories on both databases, and HTTP
//! against a live server.

mod applications;
mod authorization;
mod backup;
mod companies;
mod company_claims;
mod company_team;
mod cycle;
mod direct;
mod door;
mod door_codes;
mod door_companies;
mod event_reservations;
mod events;
mod events_http;
mod funder_logo;
mod http;
mod indicators;
mod indicators_http;
mod job_alerts;
mod mail_log;
mod metrics;
mod moderation;
mod offer_life;
mod offer_life_http;
mod operations;
mod partner_api;
mod partner_space;
mod positionings;
mod privacy;
mod region_reports;
mod repo;
mod schema;
mod security;
mod support;
mod workbook;
