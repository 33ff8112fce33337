//! Answers brought in from elsewhere with their original dates, e.g. a company's history
//! from another NPS tool, all or nothing.
