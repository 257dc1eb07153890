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

/// Passwords everyone tries first (lowercase): refused for new passwords. Short on
/// purpose — the usual lists' heads, and the ones a property-management office would
/// think of first.
pub const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "87654321",
    "11111111",
    "88888888",
    "66666666",
    "00000000",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "qwerty123",
    "qwertyui",
    "1qaz2wsx",
    "1q2w3e4r",
    "abc12345",
    "abcd1234",
    "a1234567",
    "a12345678",
    "a123456789",
    "aa123456",
    "qq123456",
    "qwe12345",
    "qwe123456",
    "admin123",
    "admin@123",
    "admin1234",
    "admin888",
    "administrator",
    "welcome1",
    "iloveyou",
    "woaini1314",
    "5201314520",
    "wuye1234",
    "wuye123456",
    "wuye@123",
    "wuye@1234",
    "changeme",
    "letmein1",
];

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
