//! Share links: a workspace's state, deflated and base64url-encoded into the
//! URL fragment. The fragment is never sent to a server (browsers keep it
//! out of HTTP requests), so the link carries the data from one browser to
//! another without it passing through anyone's logs.
//!
//! Fragments look like `#filter` (a tab) or `#filter/v1.<data>` (a tab and a
//! state). `<data>` is the snapshot's JSON, raw-deflated, in base64url
//! without padding.

use crate::state::{Snapshot, Workspace};

/// The prefix of the current encoding (a later format gets `v2.`).
const VERSION: &str = "v1.";

/// The most a share link may inflate to: far above any link a browser
/// accepts, and a bound against a crafted link that inflates without end.
const MAX_INFLATED_BYTES: usize = 16 * 1024 * 1024;

/// What a URL fragment asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    /// The tab, when the fragment names one.
    pub workspace: Option<Workspace>,
    /// The shared state, when the fragment carries one that decodes.
    pub snapshot: Option<Snapshot>,
    /// The fragment carried data that did not decode (a truncated link).
    pub broken: bool,
}

/// Reads a fragment (with or without its `#`).
pub fn parse_fragment(fragment: &str) -> Route {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let (tab, data) = match fragment.split_once('/') {
        Some((tab, data)) => (tab, Some(data)),
        None => (fragment, None),
    };
    let workspace = Workspace::from_id(tab);
    match data {
        None => Route {
            workspace,
            snapshot: None,
            broken: false,
        },
        Some(data) => {
            let snapshot = decode(data);
            Route {
                workspace: snapshot.as_ref().map(Snapshot::workspace).or(workspace),
                broken: snapshot.is_none(),
                snapshot,
            }
        }
    }
}

/// The fragment (with `#`) of a tab.
pub fn tab_fragment(workspace: Workspace) -> String {
    format!("#{}", workspace.id())
}

/// What a share link carries for `snapshot`, before it is deflated: its JSON.
pub fn payload(snapshot: &Snapshot) -> Vec<u8> {
    serde_json::to_vec(&snapshot.to_json()).unwrap_or_default()
}

/// The fragment (with `#`) that reopens a snapshot of `workspace`, given its
/// [`payload`] raw-deflated: `v1.` + base64url(deflated).
pub fn fragment_with(workspace: Workspace, deflated: &[u8]) -> String {
    format!(
        "#{}/{VERSION}{}",
        workspace.id(),
        base64url_encode(deflated)
    )
}

/// The fragment that reopens `snapshot`, deflated here. The page deflates
/// with the browser's `CompressionStream` instead (`compress.rs`).
#[cfg(test)]
pub fn share_fragment(snapshot: &Snapshot) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(&payload(snapshot), 9);
    fragment_with(snapshot.workspace(), &deflated)
}

/// The snapshot in `data`, or `None` when any step fails.
pub fn decode(data: &str) -> Option<Snapshot> {
    let payload = data.strip_prefix(VERSION)?;
    let deflated = base64url_decode(payload)?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED_BYTES).ok()?;
    Snapshot::from_json(&json)
}

/// base64url (RFC 4648 §5) without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    scimkit::encode::base64url(bytes)
}

/// Decodes base64url with or without padding; `None` on any other byte.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::state::{FilterState, PatchState};

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 250) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains(['+', '/', '=']), "{text}");
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
        assert_eq!(
            base64url_encode(b"any carnal pleas"),
            "YW55IGNhcm5hbCBwbGVhcw"
        );
        assert_eq!(base64url_decode("a b"), None);
    }

    #[test]
    fn snapshots_round_trip_through_a_fragment() {
        let snapshot = Snapshot::Patch(PatchState {
            resource: "{\"userName\": \"Zoë <b>\"}".into(),
            patch: "{}".repeat(500),
            dialect: "entra".into(),
            resource_type: String::new(),
        });
        let fragment = share_fragment(&snapshot);
        assert!(fragment.starts_with("#patch/v1."), "{fragment}");
        // Deflate earns its keep on the repetitive PATCH text.
        assert!(fragment.len() < 200, "{}", fragment.len());
        let route = parse_fragment(&fragment);
        assert_eq!(route.workspace, Some(Workspace::Patch));
        assert_eq!(route.snapshot, Some(snapshot));
        assert!(!route.broken);
    }

    #[test]
    fn tabs_and_broken_links() {
        let route = parse_fragment("#filter");
        assert_eq!(route.workspace, Some(Workspace::Filter));
        assert_eq!(route.snapshot, None);
        let full = share_fragment(&Snapshot::Filter(FilterState::default()));
        let truncated = full.get(..full.len() - 4).unwrap();
        let route = parse_fragment(truncated);
        assert!(route.broken);
        assert_eq!(route.workspace, Some(Workspace::Filter));
        assert_eq!(parse_fragment(""), Route::default());
        assert_eq!(tab_fragment(Workspace::Mapping), "#mapping");
    }
}
