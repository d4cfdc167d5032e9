//! One integration test binary: repositories on both databases, and HTTP
//! against a live server.

mod http;
mod repo;
