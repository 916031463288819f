//! The error pattern of the readers (`sitrep-input`, `sitrep-fetch`): an error names where it
//! happened (an input, a URL) and carries a [`Blame`], which says whose fault it is: the user's
//! (a bad input, a site that does not answer: the user can do something about it) or sitrep's
//! and the machine's. Each reader's error is `struct { <where>, kind: Blame<UserError,
//! InternalError> }` with `user`, `internal` and `is_user_error`; the binary and the server
//! map user errors to messages that name the input and internal ones to internal errors.

use std::fmt;

/// Whose fault an error is: a user error `U` or an internal error `I`.
#[derive(Debug)]
pub enum Blame<U, I> {
    /// The input, the URL or the site is at fault.
    User(U),
    /// Something went wrong that is not the user's fault.
    Internal(I),
}

impl<U, I> Blame<U, I> {
    /// True for [`Blame::User`].
    pub fn is_user(&self) -> bool {
        matches!(self, Blame::User(_))
    }
}

impl<U: fmt::Display, I: fmt::Display> fmt::Display for Blame<U, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blame::User(e) => e.fmt(f),
            Blame::Internal(e) => e.fmt(f),
        }
    }
}

impl<U, I> std::error::Error for Blame<U, I>
where
    U: std::error::Error + 'static,
    I: std::error::Error + 'static,
{
    // transparent: the source is the inner error's source
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Blame::User(e) => e.source(),
            Blame::Internal(e) => e.source(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct E(&'static str, Option<std::io::Error>);
    impl fmt::Display for E {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for E {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_ref().map(|e| e as _)
        }
    }

    #[test]
    fn blame_is_transparent() {
        let u: Blame<E, E> = Blame::User(E("bad input", None));
        let i: Blame<E, E> = Blame::Internal(E("disk", Some(std::io::Error::other("full"))));
        assert!(u.is_user() && !i.is_user());
        assert_eq!(
            (u.to_string(), i.to_string()),
            ("bad input".into(), "disk".into())
        );
        use std::error::Error;
        assert!(u.source().is_none());
        assert_eq!(i.source().map(|s| s.to_string()), Some("full".into()));
    }
}
