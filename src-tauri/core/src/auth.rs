//! Passwords, stored as argon2id PHC strings.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Shortest password accepted.
pub const PASSWORD_MIN: usize = 8;

/// A valid argon2id hash of no one's password: verified against when a login name is
/// unknown, so that an unknown name costs the same time as a wrong password.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$grdODJqc0FIdHrRvRHnAuA$tuJKe7VS3/QuW2MFBZSkv5cPd2oCt+qInFEds2+EGoY";

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// True when `password` matches the stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_costs_a_real_verification() {
        let h = PasswordHash::new(DUMMY_HASH).expect("a valid PHC string");
        assert_eq!(h.algorithm.as_str(), "argon2id");
        assert!(!verify_password("", DUMMY_HASH));
    }

    #[test]
    fn argon2id_round_trip() {
        let h = hash_password("Admin@12345");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Admin@12345", &h));
        assert!(!verify_password("admin@12345", &h));
        assert!(!verify_password("Admin@12345", "!"));
    }
}
