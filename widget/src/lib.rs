//! The embeddable survey.
