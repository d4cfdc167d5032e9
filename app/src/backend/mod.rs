//! Server-only code: database, repositories, sessions and passwords.

pub mod account_life;
pub mod accounts;
pub mod auth;
pub mod client;
pub mod clock;
pub mod csv;
pub mod db;
pub mod demo;
pub mod demo_activity;
pub mod form_limits;
pub mod france_travail;
pub mod ics;
pub mod indicators;
pub mod mail;
pub mod participants;
pub mod password;
pub mod password_policy;
pub mod repo;
pub mod rome;
pub mod secrets;
pub mod sign_in;
pub mod state;
pub mod throttle;
pub mod token;
pub mod totp;
pub mod two_factor;
