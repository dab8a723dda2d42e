//! The playground's Content-Security-Policy allows inline script only by
//! hash. trunk writes one inline `<script type="module">` (the loader that
//! imports the wasm-bindgen glue and calls `init`); its text names the hashed
//! file names, so its SHA-256 is only known after the build. `index.html`
//! carries the placeholder `'sha256-TRUNK-LOADER-HASH'`; [`pin_inline_scripts`]
//! replaces it with the hashes of the inline scripts trunk emitted, and fails
//! when there is no placeholder or no inline script (a page whose loader the
//! policy blocks would not start).

/// The placeholder in `playground/index.html`.
pub const PLACEHOLDER: &str = "'sha256-TRUNK-LOADER-HASH'";

/// Replaces the placeholder with `'sha256-…'` of every inline script.
pub fn pin_inline_scripts(html: &str) -> Result<String, String> {
    if !html.contains(PLACEHOLDER) {
        return Err(format!(
            "dist/index.html has no {PLACEHOLDER} in its Content-Security-Policy"
        ));
    }
    let hashes: Vec<String> = inline_scripts(html)
        .iter()
        .map(|s| format!("'sha256-{}'", base64(&sha256(s.as_bytes()))))
        .collect();
    if hashes.is_empty() {
        return Err("dist/index.html has no inline script (trunk's loader) to allow".into());
    }
    Ok(html.replace(PLACEHOLDER, &hashes.join(" ")))
}

/// The text of every `<script>` without `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for piece in html.split("<script").skip(1) {
        let Some((tag, after)) = piece.split_once('>') else {
            continue;
        };
        let Some((body, _)) = after.split_once("</script>") else {
            continue;
        };
        if !tag.contains(" src=") {
            out.push(body);
        }
    }
    out
}

/// Standard base64 with padding (CSP hash sources use it).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = ((n >> (18 - 6 * i)) & 63) as usize;
                out.push(char::from(ALPHABET.get(sextet).copied().unwrap_or(b'=')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-256 (FIPS 180-4): the build needs one digest, not a dependency.
fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());
    for block in message.chunks_exact(64) {
        // The message schedule, extended one word at a time.
        let mut w: Vec<u32> = block
            .chunks_exact(4)
            .map(|b| u32::from_be_bytes(b.try_into().unwrap_or([0; 4])))
            .collect();
        for i in 16..64 {
            let at = |k: usize| w.get(k).copied().unwrap_or(0);
            let s0 = at(i - 15).rotate_right(7) ^ at(i - 15).rotate_right(18) ^ (at(i - 15) >> 3);
            let s1 = at(i - 2).rotate_right(17) ^ at(i - 2).rotate_right(19) ^ (at(i - 2) >> 10);
            let next = at(i - 16)
                .wrapping_add(s0)
                .wrapping_add(at(i - 7))
                .wrapping_add(s1);
            w.push(next);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for (k, wi) in K.iter().zip(&w) {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(*k)
                .wrapping_add(*wi);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (slot, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *slot = slot.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_known_vectors() {
        assert_eq!(
            base64(&sha256(b"")),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        // Checked against Python: base64(hashlib.sha256(b"a" * 1000).digest()).
        let long = vec![b'a'; 1000];
        assert_eq!(
            base64(&sha256(&long)),
            "Qe3s5C1j6Nm/UVqbppMuHCDLyfWl0TRkWttdsblzfqM="
        );
    }

    #[test]
    fn pins_only_inline_scripts() {
        let html = "<meta content=\"script-src 'self' 'sha256-TRUNK-LOADER-HASH'\">\
                    <script src=\"a.js\"></script><script type=\"module\">abc</script>";
        let out = pin_inline_scripts(html).unwrap();
        assert!(out.contains("'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"));
        assert!(!out.contains("TRUNK-LOADER"));
        assert!(pin_inline_scripts("<script>x</script>").is_err());
        assert!(pin_inline_scripts("'sha256-TRUNK-LOADER-HASH'").is_err());
    }
}
