//! A tour carried whole in a link's fragment (`#tour=…`), so a teacher can share a tour of
//! their own without a server.

/// Longest `tour=` field read.
pub const MAX_FIELD_BYTES: usize = 16_384;

/// A tour's text for a link fragment (`tour=…`): every byte but letters, digits and `-_.~`
/// percent-encoded.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The tour text a fragment's `tour=` field carries.
pub fn decode(field: &str) -> Result<String, String> {
    if field.len() > MAX_FIELD_BYTES {
        return Err(format!(
            "The tour in this link is too long ({} characters; at most {}).",
            field.len(),
            MAX_FIELD_BYTES
        ));
    }
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = field
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(hex.ok_or("The tour in this link is not encoded properly.")?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "The tour in this link is not text.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tour_travels_in_a_fragment_unchanged() {
        let text = "lesson = \"network\"\ntext = \"Escapes: é \\\"q\\\" % + & # ~\"\n";
        let enc = encode(text);
        assert!(
            enc.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b))
        );
        assert_eq!(decode(&enc).unwrap(), text);
        assert!(decode("%G1").is_err());
        assert!(decode("%FF").is_err());
        assert!(decode(&"a".repeat(MAX_FIELD_BYTES + 1)).is_err());
    }
}
