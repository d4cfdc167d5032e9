//! Server-only code: database, repositories, sessions and passwords.

pub mod accounts;
pub mod auth;
pub mod clock;
pub mod csv;
pub mod db;
pub mod demo;
pub mod demo_activity;
pub mod france_travail;
pub mod ics;
pub mod indicators;
pub mod mail;
pub mod participants;
pub mod password;
pub mod repo;
pub mod rome;
pub mod state;
pub mod token;
