//! Answers as CSV that is safe to open in a spreadsheet.

use std::borrow::Cow;

use pulse_core::admin::StoredResponse;
use pulse_core::nps::{Category, Scale};
use pulse_core::survey::Commitment;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub const HEADER: [&str; 20] = [
    "id",
    "created_at",
    "nps",
    "category",
    "usability",
    "comment",
    "commitment_affective",
    "commitment_normative",
    "commitment_economic",
    "commitment_forced",
    "commitment_habitual",
    "repeat_purchases",
    "language",
    "page",
    "attributes",
    "survey_id",
    // Columns added later come last, so that spreadsheets made before them still find
    // every other column. The scale: an NPS on 1–10 is not comparable with one on 0–10.
    "scale",
    "follow_up_state",
    "follow_up_owner",
    "follow_up_note",
];

/// Excel reads a CSV file without this mark in the computer's own code page, garbling
/// accents, Hebrew and the scale's dash ("0–10"); with it, as UTF-8. Google Sheets,
/// Numbers, LibreOffice and CSV libraries that are told of it skip it.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file's first bytes: the byte order mark, then the header line.
pub fn head() -> Result<Vec<u8>, csv::Error> {
    Ok([UTF8_BOM, &lines([HEADER])?].concat())
}

/// Spreadsheets run a cell that starts with one of these as a formula, which a
/// respondent could use to run commands on a marketer's computer.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as text, with a leading apostrophe when a spreadsheet would take it for a
/// formula: the apostrophe makes it text and is not shown.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cells of one answer, given on `scale`, in [`HEADER`] order.
pub fn record(response: &StoredResponse, scale: Scale) -> [String; HEADER.len()] {
    let number = |value: Option<u8>| value.map(|value| value.to_string()).unwrap_or_default();
    let commitment = |statement| number(response.commitment.get(&statement).copied());
    let created_at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(response.created_at) * 1_000_000)
        .ok()
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_default();
    let category = Category::of(response.nps).as_str();
    let attributes = if response.attributes.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&response.attributes).unwrap_or_default()
    };
    [
        response.id.clone(),
        created_at,
        response.nps.to_string(),
        category.to_owned(),
        number(response.usability),
        response.comment.clone().unwrap_or_default(),
        commitment(Commitment::Affective),
        commitment(Commitment::Normative),
        commitment(Commitment::Economic),
        commitment(Commitment::Forced),
        commitment(Commitment::Habitual),
        number(response.repeat_purchases),
        response.language.clone().unwrap_or_default(),
        response.page.clone().unwrap_or_default(),
        attributes,
        response.survey_id.clone(),
        scale.name(),
        response.follow_up.state.as_str().to_owned(),
        response.follow_up.owner.clone().unwrap_or_default(),
        response.follow_up.note.clone().unwrap_or_default(),
    ]
}

/// CSV lines for the given rows, every cell neutralised.
pub fn lines<R, C>(rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>, csv::Error>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.into_iter().map(|cell| neutralise(cell.as_ref()).into_owned()))?;
    }
    writer.into_inner().map_err(|error| error.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_get_an_apostrophe() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["Great", "1", "", " =1", "a=b"] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn lines_quote_and_neutralise() {
        let csv = lines([["=HYPERLINK(\"x\")", "a,b"], ["line\nbreak", "plain"]]).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "\"'=HYPERLINK(\"\"x\"\")\",\"a,b\"\n\"line\nbreak\",plain\n"
        );
    }

    #[test]
    fn a_record_has_a_cell_per_header_column() {
        let response = StoredResponse { id: "r1".into(), nps: 9, created_at: 0, ..Default::default() };
        let record = record(&response, Scale::ZeroToTen);
        assert_eq!(record.len(), HEADER.len());
        assert_eq!(record[1], "1970-01-01T00:00:00Z");
        assert_eq!((record[2].as_str(), record[3].as_str()), ("9", "promoter"));
        assert_eq!(record[4], "");
        assert_eq!(record[16], "0–10");
        assert_eq!(record[17..], ["open", "", ""]);
    }
}
