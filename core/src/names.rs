//! The names of Pulse's enums as they are written on the wire, in the database, in the
//! app's `<select>`s and on the command line: each enum lists them once, with
//! [`names!`], beside the serde names they must equal (a test checks they do).

use std::fmt;

/// A name that is none of an enum's: what its `FromStr` refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// The names there are.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "expected one of {}", self.expected.join(", "))
    }
}

impl std::error::Error for UnknownName {}

/// Gives a fieldless enum its names: `ALL` and `NAMES` in the same order, `as_str` and
/// `FromStr`. Written by hand rather than derived by a crate, which would cost the
/// widget's Wasm more than these few lines.
macro_rules! names {
    ($enum:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $enum {
            /// Every value, in the order of declaration.
            pub const ALL: [$enum; [$($name),+].len()] = [$($enum::$variant),+];
            /// The name of each of [`Self::ALL`], in the same order.
            pub const NAMES: [&'static str; [$($name),+].len()] = [$($name),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $($enum::$variant => $name),+
                }
            }
        }

        impl std::str::FromStr for $enum {
            type Err = $crate::names::UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                match name {
                    $($name => Ok($enum::$variant),)+
                    _ => Err($crate::names::UnknownName { expected: &Self::NAMES }),
                }
            }
        }
    };
}

pub(crate) use names;

#[cfg(test)]
mod tests {
    use std::fmt::Debug;
    use std::str::FromStr;

    use serde::Serialize;

    use super::UnknownName;
    use crate::admin::Role;
    use crate::follow_up::FollowUpState;
    use crate::nps::{Category, Scale};
    use crate::survey::{ColorMode, Commitment, Placement, Shape};
    use crate::webhook::{WebhookEvent, WebhookFormat};

    fn agree_with_serde<T>(all: &[T], as_str: fn(T) -> &'static str)
    where
        T: Copy + Debug + PartialEq + Serialize + FromStr<Err = UnknownName>,
    {
        for &value in all {
            assert_eq!(serde_json::to_value(value).unwrap(), as_str(value), "{value:?}");
            assert_eq!(as_str(value).parse::<T>(), Ok(value));
        }
    }

    #[test]
    fn names_are_the_serde_names() {
        agree_with_serde(&Category::ALL, Category::as_str);
        agree_with_serde(&Role::ALL, Role::as_str);
        agree_with_serde(&Scale::ALL, Scale::as_str);
        agree_with_serde(&ColorMode::ALL, ColorMode::as_str);
        agree_with_serde(&Placement::ALL, Placement::as_str);
        agree_with_serde(&Shape::ALL, Shape::as_str);
        agree_with_serde(&Commitment::ALL, Commitment::as_str);
        agree_with_serde(&WebhookEvent::ALL, WebhookEvent::as_str);
        agree_with_serde(&WebhookFormat::ALL, WebhookFormat::as_str);
        agree_with_serde(&FollowUpState::ALL, FollowUpState::as_str);
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let refused = "owner".parse::<Role>().unwrap_err();
        assert_eq!(refused.to_string(), "expected one of admin, viewer");
    }
}
