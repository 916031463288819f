//! Bytes to text.

use thiserror::Error;

/// Why a byte string could not be read as text. All variants are *user* errors (bad input);
/// decoding has no internal failure mode.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The input is not valid UTF-8; `offset` is the byte offset of the first bad byte
    /// in the input (counting the BOM, if any).
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { offset: usize },
    /// UTF-16 input (with a BOM) that has an odd length or an unpaired surrogate at `offset`.
    #[error("invalid UTF-16 at byte offset {offset}")]
    InvalidUtf16 { offset: usize },
    /// The input looks binary: a NUL byte at `offset` within the first 8 KiB.
    #[error("binary input (NUL byte at offset {offset})")]
    Binary { offset: usize },
}

impl DecodeError {
    /// Always `true`: every decoding failure is caused by the input.
    pub fn is_user_error(&self) -> bool {
        true
    }
}

const BINARY_PROBE: usize = 8 * 1024;

/// Reads bytes as text: UTF-8 (a BOM is stripped), or UTF-16LE/BE when the input starts with
/// the matching BOM. Invalid UTF-8 yields [`DecodeError::InvalidUtf8`] with the byte offset;
/// a NUL byte in the first 8 KiB of non-UTF-16 input yields [`DecodeError::Binary`].
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, 2, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, 2, u16::from_be_bytes);
    }
    let (body, skip) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    let probe = &body[..body.len().min(BINARY_PROBE)];
    if let Some(pos) = probe.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset: pos + skip });
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(DecodeError::InvalidUtf8 {
            offset: e.valid_up_to() + skip,
        }),
    }
}

fn decode_utf16(body: &[u8], skip: usize, unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(body.len() / 2);
    let mut pos = skip;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                pos += c.len_utf16() * 2;
            }
            Err(_) => return Err(DecodeError::InvalidUtf16 { offset: pos }),
        }
    }
    if body.len() % 2 == 1 {
        return Err(DecodeError::InvalidUtf16 {
            offset: skip + body.len() - 1,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain_and_bom() {
        assert_eq!(decode(b"hello").unwrap(), "hello");
        assert_eq!(decode(b"\xEF\xBB\xBFhello").unwrap(), "hello");
        assert_eq!(decode("Ḥasaka".as_bytes()).unwrap(), "Ḥasaka");
        assert_eq!(decode(b"").unwrap(), "");
    }

    #[test]
    fn invalid_utf8_names_offset() {
        assert_eq!(
            decode(b"abc\xFFdef"),
            Err(DecodeError::InvalidUtf8 { offset: 3 })
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\xC3"),
            Err(DecodeError::InvalidUtf8 { offset: 5 })
        );
    }

    #[test]
    fn binary_detected() {
        assert_eq!(decode(b"ab\0cd"), Err(DecodeError::Binary { offset: 2 }));
        // A NUL past the first 8 KiB is not a binary marker (still valid UTF-8).
        let mut v = vec![b'a'; 9000];
        v.push(0);
        assert!(decode(&v).is_ok());
    }

    #[test]
    fn utf16_both_orders() {
        let s = "Raqqa – الرقة 😀";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), s);
        assert_eq!(decode(&be).unwrap(), s);
    }

    #[test]
    fn utf16_errors() {
        // odd length
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x41, 0x00, 0x42]),
            Err(DecodeError::InvalidUtf16 { offset: 4 })
        );
        // unpaired high surrogate followed by 'A'
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00]),
            Err(DecodeError::InvalidUtf16 { offset: 4 })
        );
    }
}
