//! Stable 64-bit hashing for feature keys. The model file stores hashed keys, so these
//! functions must never change without a new model format version.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Murmur3's 64-bit finaliser.
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Hash of a byte string.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = 0x243F_6A88_85A3_08D3 ^ (b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(buf))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rem.len()].copy_from_slice(rem);
        h = (h ^ u64::from_le_bytes(buf))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    mix(h)
}

#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Feature key: template number and one value.
#[inline]
pub fn f1(template: u32, a: u64) -> u64 {
    mix(a ^ (u64::from(template) + 1).wrapping_mul(K))
}

const K1: u64 = 0xC2B2_AE3D_27D4_EB4F;
const K2: u64 = 0x1656_67B1_9E37_79F9;
const K3: u64 = 0x85EB_CA77_C2B2_AE63;

/// Feature key: template number and two values (one mixing round).
#[inline]
pub fn f2(template: u32, a: u64, b: u64) -> u64 {
    mix(a.wrapping_mul(K1)
        ^ b.wrapping_mul(K2).rotate_left(31)
        ^ (u64::from(template) + 1).wrapping_mul(K))
}

/// Feature key: template number and three values (one mixing round).
#[inline]
pub fn f3(template: u32, a: u64, b: u64, c: u64) -> u64 {
    mix(a.wrapping_mul(K1)
        ^ b.wrapping_mul(K2).rotate_left(31)
        ^ c.wrapping_mul(K3).rotate_left(17)
        ^ (u64::from(template) + 1).wrapping_mul(K))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // the model file depends on these exact values
        assert_eq!(hash_str(""), mix(0x243F_6A88_85A3_08D3));
        assert_ne!(hash_str("a"), hash_str("b"));
        assert_ne!(hash_str("abcdefgh"), hash_str("abcdefgh\0"));
        assert_ne!(f2(1, 2, 3), f2(1, 3, 2));
        assert_ne!(f3(1, 2, 3, 4), f3(1, 2, 4, 3));
        assert_ne!(f3(1, 0, 0, 1), f3(1, 0, 1, 0));
        // small values (tags, labels, distances) give distinct keys
        let mut keys: Vec<u64> = (0..40u64)
            .flat_map(|a| (0..40u64).map(move |b| f2(3, a, b)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 1600);
        assert_ne!(f1(1, 5), f1(2, 5));
    }
}
