//! Who is on the other end of a request: the client's IP address, resolved
//! once by the server (from the connection, or from the trusted reverse
//! proxy's header) and read by throttling and rate limits.

use std::net::IpAddr;

use http::request::Parts;
use leptos::prelude::use_context;

/// The client's address, put in each request's extensions by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The client's address in the current server function or page, or the
/// unspecified address when it is unknown (tests calling services).
pub fn client_ip() -> IpAddr {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<ClientIp>().copied())
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0)
}

/// The address to throttle: IPv4 as is, IPv6 by its /64 network (one
/// household or phone gets a whole /64).
pub fn throttle_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// The client's address from a trusted proxy header's value: the last
/// entry of `X-Forwarded-For` (the one the proxy itself added), or the
/// value of a single-address header such as `X-Real-IP`.
pub fn from_proxy_header(value: &str) -> Option<IpAddr> {
    value
        .rsplit(',')
        .next()
        .map(str::trim)
        .and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_header_takes_the_entry_the_proxy_added() {
        assert_eq!(
            from_proxy_header("6.6.6.6, 203.0.113.7"),
            Some(IpAddr::from([203, 0, 113, 7]))
        );
        assert_eq!(from_proxy_header("garbage"), None);
        assert_eq!(
            throttle_key("2001:db8:1:2:3:4:5:6".parse().expect("ip")),
            "2001:db8:1:2::/64"
        );
    }
}
