//! Cell values as exports write them: missing markers, dates, booleans, decimal commas and
//! De Jong Gierveld answers. Each parser gives `Ok(None)` for a missing value and a
//! [`ProblemKind`] for a value outside its column's domain.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use crate::validation::ProblemKind;

/// Days since 1970-01-01, the form dates take inside the data frame.
pub type DayNumber = i32;

/// Empty, `.`, `-` and `NA` mean "no value" (DATA.md §1); StatLine pads `.` with spaces.
pub fn is_missing(raw: &str) -> bool {
    is_missing_marker(trimmed(raw))
}

fn is_missing_marker(value: &str) -> bool {
    matches!(value, "" | "." | "-" | "NA")
}

fn present(raw: &str) -> Option<&str> {
    let value = trimmed(raw);
    (!is_missing_marker(value)).then_some(value)
}

/// `raw` without the whitespace around it. Nearly every field has none, or is empty: two byte
/// checks answer that before the Unicode-aware scan of `str::trim`, which is a large part of
/// the time spent reading a big file otherwise.
pub fn trimmed(raw: &str) -> &str {
    match (raw.as_bytes().first(), raw.as_bytes().last()) {
        (None, _) => raw,
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => raw,
        _ => raw.trim(),
    }
}

/// Days since 1970-01-01 of a date written YYYY-MM-DD, DD-MM-YYYY or D-M-YYYY (also with `/`
/// or `.` between the parts, and with a time after it, as spreadsheets export dates).
pub fn parse_date(raw: &str) -> Result<Option<DayNumber>, ProblemKind> {
    let Some(value) = present(raw) else {
        return Ok(None);
    };
    // Nearly every date in an export is YYYY-MM-DD: read those digit by digit, without
    // splitting the text.
    let (year, month, day) = match iso_date(value.as_bytes()) {
        Some(parts) => parts,
        None => date_parts(value)?,
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(ProblemKind::InvalidDate)?;
    Ok(Some(day_number(date)))
}

/// Year, month and day of exactly `YYYY-MM-DD`; `None` for any other text.
fn iso_date(text: &[u8]) -> Option<(u32, u32, u32)> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let digit = |byte: u8| byte.is_ascii_digit().then(|| u32::from(byte - b'0'));
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0, |number, &byte| Some(number * 10 + digit(byte)?))
    };
    Some((
        number(&[y1, y2, y3, y4])?,
        number(&[m1, m2])?,
        number(&[d1, d2])?,
    ))
}

/// Year, month and day of a date in any of the forms [`parse_date`] accepts.
fn date_parts(value: &str) -> Result<(u32, u32, u32), ProblemKind> {
    let date_part = value.split([' ', 'T']).next().unwrap_or(value);
    let mut parts = date_part.split(['-', '/', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ProblemKind::InvalidDate);
    };
    let number = |part: &str| -> Result<u32, ProblemKind> {
        if part.is_empty() || !part.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(ProblemKind::InvalidDate);
        }
        part.parse().map_err(|_| ProblemKind::InvalidDate)
    };
    if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        Ok((number(a)?, number(b)?, number(c)?))
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        Ok((number(c)?, number(b)?, number(a)?))
    } else {
        Err(ProblemKind::InvalidDate)
    }
}

/// Days since 1970-01-01 of a calendar date.
pub fn day_number(date: NaiveDate) -> DayNumber {
    date.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// The calendar date of a day number.
pub fn date_of(day: DayNumber) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + EPOCH_DAYS_FROM_CE).unwrap_or(NaiveDate::MIN)
}

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// A boolean written ja/nee, j/n, yes/no, y/n, true/false, waar/onwaar or 1/0.
pub fn parse_boolean(raw: &str) -> Result<Option<bool>, ProblemKind> {
    let Some(value) = present(raw) else {
        return Ok(None);
    };
    // The common spellings first, as written (a match on the text is a few comparisons of
    // words), then all in any case.
    match value {
        "true" | "ja" | "1" => return Ok(Some(true)),
        "false" | "nee" | "0" => return Ok(Some(false)),
        _ => {}
    }
    let is_one_of = |words: &[&str]| words.iter().any(|word| value.eq_ignore_ascii_case(word));
    if is_one_of(&["ja", "j", "yes", "y", "true", "waar", "1"]) {
        Ok(Some(true))
    } else if is_one_of(&["nee", "n", "no", "false", "onwaar", "0"]) {
        Ok(Some(false))
    } else {
        Err(ProblemKind::InvalidBoolean)
    }
}

/// A number with a decimal point or a decimal comma (`12,5`); where both stand, the last one
/// is the decimal separator and the other groups thousands (`1.234,5`).
pub fn parse_number(raw: &str) -> Result<Option<f64>, ProblemKind> {
    let Some(value) = present(raw) else {
        return Ok(None);
    };
    if let Some(number) = plain_decimal(value.as_bytes()) {
        return Ok(Some(number));
    }
    // The last comma and the last point, in one pass over the (short) text.
    let (mut comma, mut point) = (None, None);
    for (index, byte) in value.bytes().enumerate() {
        match byte {
            b',' => comma = Some(index),
            b'.' => point = Some(index),
            _ => {}
        }
    }
    let normalised = match (comma, point) {
        (Some(comma), Some(point)) if comma > point => {
            Cow::Owned(value.replace('.', "").replace(',', "."))
        }
        (Some(_), Some(_)) => Cow::Owned(value.replace(',', "")),
        (Some(_), None) => Cow::Owned(value.replace(',', ".")),
        _ => Cow::Borrowed(value),
    };
    let number: f64 = normalised.parse().map_err(|_| ProblemKind::InvalidNumber)?;
    if !number.is_finite() {
        return Err(ProblemKind::InvalidNumber);
    }
    Ok(Some(number))
}

/// `value` read as at most fifteen digits with at most one decimal separator (point or comma)
/// between them, as nearly every number in an export is; `None` for any other text. The same
/// value `str::parse` gives, without its general machinery (a twentieth of a load's time): a
/// whole number of up to fifteen digits is exact in an `f64`, as is each power of ten up to
/// 10^15, so their quotient is the decimal's value correctly rounded, as `parse` gives it.
fn plain_decimal(value: &[u8]) -> Option<f64> {
    const POWERS_OF_TEN: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (mut whole, mut digits, mut decimals) = (0_u64, 0, None);
    for (index, &byte) in value.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {
                whole = whole * 10 + u64::from(byte - b'0');
                digits += 1;
                if digits > 15 {
                    return None;
                }
            }
            b'.' | b',' if decimals.is_none() && index > 0 && index + 1 < value.len() => {
                decimals = Some(value.len() - index - 1);
            }
            _ => return None,
        }
    }
    Some(whole as f64 / POWERS_OF_TEN[decimals.unwrap_or(0)])
}

/// A number of zero or more (hours, income percentages).
pub fn parse_non_negative(raw: &str) -> Result<Option<f64>, ProblemKind> {
    match parse_number(raw)? {
        Some(number) if number < 0.0 => Err(ProblemKind::NegativeNumber),
        other => Ok(other),
    }
}

/// A whole number in `range`, written as `4` or `4,0`; anything else is `outside`.
fn parse_whole_in(
    raw: &str,
    range: std::ops::RangeInclusive<i32>,
    outside: ProblemKind,
) -> Result<Option<i32>, ProblemKind> {
    // Digits alone, as rungs and scores nearly always are, are read without a float.
    let digits = present(raw).filter(|value| {
        (1..=9).contains(&value.len()) && value.bytes().all(|byte| byte.is_ascii_digit())
    });
    if let Some(digits) = digits {
        let number: i32 = digits.parse().map_err(|_| outside)?;
        return if range.contains(&number) {
            Ok(Some(number))
        } else {
            Err(outside)
        };
    }
    let Some(number) = parse_number(raw).map_err(|_| outside)? else {
        return Ok(None);
    };
    if number.fract() != 0.0 || !range.contains(&(number as i32)) {
        return Err(outside);
    }
    Ok(Some(number as i32))
}

/// A rung on the Participatieladder, 1–6.
pub fn parse_rung(raw: &str) -> Result<Option<i32>, ProblemKind> {
    parse_whole_in(raw, 1..=6, ProblemKind::RungOutOfRange)
}

/// A precomputed 11-item De Jong Gierveld score, 0–11.
pub fn parse_loneliness_score(raw: &str) -> Result<Option<i32>, ProblemKind> {
    parse_whole_in(raw, 0..=11, ProblemKind::ScoreOutOfRange)
}

/// The benefit categories of DATA.md §1, lower case.
pub const BENEFITS: [&str; 6] = ["bijstand", "ww", "wia", "wajong", "geen", "anders"];

/// A benefit category, as its place in [`BENEFITS`] (its canonical lower-case spelling).
pub fn parse_benefit(raw: &str) -> Result<Option<usize>, ProblemKind> {
    let Some(value) = present(raw) else {
        return Ok(None);
    };
    // As written first (most texts of other lengths are passed over at once), then in any case.
    BENEFITS
        .iter()
        .position(|benefit| *benefit == value)
        .or_else(|| {
            BENEFITS
                .iter()
                .position(|benefit| value.eq_ignore_ascii_case(benefit))
        })
        .map(Some)
        .ok_or(ProblemKind::UnknownBenefit)
}

/// An answer on the De Jong Gierveld scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// ja / yes
    Yes,
    /// min of meer / more or less
    MoreOrLess,
    /// nee / no
    No,
}

/// A De Jong Gierveld answer: ja, min of meer, nee (or yes, more or less, no).
pub fn parse_answer(raw: &str) -> Result<Option<Answer>, ProblemKind> {
    let Some(value) = present(raw) else {
        return Ok(None);
    };
    // The common spellings first, as written (a match on the text is a few comparisons of
    // words), then in any case, without building a key.
    match value {
        "ja" => return Ok(Some(Answer::Yes)),
        "nee" => return Ok(Some(Answer::No)),
        "min of meer" => return Ok(Some(Answer::MoreOrLess)),
        _ => {}
    }
    for (spelling, answer) in [
        ("ja", Answer::Yes),
        ("nee", Answer::No),
        ("min of meer", Answer::MoreOrLess),
    ] {
        if value.eq_ignore_ascii_case(spelling) {
            return Ok(Some(answer));
        }
    }
    let key: String = value
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.as_str() {
        "ja" | "j" | "yes" => Ok(Some(Answer::Yes)),
        "minofmeer" | "moreorless" => Ok(Some(Answer::MoreOrLess)),
        "nee" | "n" | "no" => Ok(Some(Answer::No)),
        _ => Err(ProblemKind::InvalidAnswer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn plain_decimals_are_read_as_str_parse_reads_them(
            whole in "[0-9]{1,16}",
            decimals in proptest::option::of("[0-9]{1,15}"),
            separator in proptest::sample::select(vec!['.', ',']),
        ) {
            let text = match &decimals {
                Some(decimals) => format!("{whole}{separator}{decimals}"),
                None => whole.clone(),
            };
            let expected: f64 = text.replace(',', ".").parse().unwrap();
            proptest::prop_assert_eq!(parse_number(&text), Ok(Some(expected)));
            let fast = plain_decimal(text.as_bytes());
            let digits = text.len() - usize::from(decimals.is_some());
            proptest::prop_assert_eq!(fast.is_some(), digits <= 15);
        }
    }

    fn date(raw: &str) -> Result<Option<String>, ProblemKind> {
        parse_date(raw).map(|day| day.map(|day| date_of(day).to_string()))
    }

    #[test]
    fn trimming_takes_unicode_whitespace_too() {
        for (raw, expected) in [
            ("Noord", "Noord"),
            (" Noord\t", "Noord"),
            ("Noord\u{a0}", "Noord"),
            ("\u{3000}Zuid", "Zuid"),
            ("café", "café"),
            ("é ", "é"),
            ("   ", ""),
            ("", ""),
        ] {
            assert_eq!(trimmed(raw), expected, "{raw:?}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn trimming_equals_the_standard_trim(raw in ".{0,12}") {
            proptest::prop_assert_eq!(trimmed(&raw), raw.trim());
        }
    }

    #[test]
    fn dates_in_every_accepted_form() {
        assert_eq!(date("2023-03-07"), Ok(Some("2023-03-07".into())));
        assert_eq!(date("07-03-2023"), Ok(Some("2023-03-07".into())));
        assert_eq!(date("7-3-2023"), Ok(Some("2023-03-07".into())));
        assert_eq!(date("7/3/2023"), Ok(Some("2023-03-07".into())));
        assert_eq!(date("2023-03-07 00:00:00"), Ok(Some("2023-03-07".into())));
        assert_eq!(date(" 29-02-2024 "), Ok(Some("2024-02-29".into())));
        assert_eq!(date(""), Ok(None));
        assert_eq!(date("NA"), Ok(None));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The digit-by-digit reading of YYYY-MM-DD gives what the reading of every form gives,
        /// impossible dates (month 13, 31 February) included.
        #[test]
        fn iso_dates_read_as_every_form_reads_them(
            year in 0_u32..10_000, month in 0_u32..14, day in 0_u32..33, sign in "[-x]",
        ) {
            let text = format!("{year:04}{sign}{month:02}-{day:02}");
            let by_every_form = date_parts(&text)
                .and_then(|(year, month, day)| {
                    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(ProblemKind::InvalidDate)
                })
                .map(|date| Some(day_number(date)));
            proptest::prop_assert_eq!(parse_date(&text), by_every_form);
            proptest::prop_assert_eq!(iso_date(text.as_bytes()).is_some(), sign == "-");
        }
    }

    #[test]
    fn impossible_dates_are_problems() {
        for raw in [
            "31-02-2023",
            "29-02-2023",
            "2023-13-01",
            "gisteren",
            "07-03-23",
            "2023-3",
        ] {
            assert_eq!(parse_date(raw), Err(ProblemKind::InvalidDate), "{raw}");
        }
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(parse_date("1970-01-01"), Ok(Some(0)));
        assert_eq!(parse_date("1970-01-02"), Ok(Some(1)));
        assert_eq!(parse_date("2024-01-01"), Ok(Some(19_723)));
    }

    #[test]
    fn booleans_in_dutch_and_english() {
        for raw in ["ja", "J", "yes", "true", "TRUE", "1", "waar"] {
            assert_eq!(parse_boolean(raw), Ok(Some(true)), "{raw}");
        }
        for raw in ["nee", "Nee", "n", "No", "false", "0"] {
            assert_eq!(parse_boolean(raw), Ok(Some(false)), "{raw}");
        }
        assert_eq!(parse_boolean("-"), Ok(None));
        assert_eq!(parse_boolean("perhaps"), Err(ProblemKind::InvalidBoolean));
    }

    #[test]
    fn numbers_with_decimal_comma_or_point() {
        assert_eq!(parse_number("12,5"), Ok(Some(12.5)));
        assert_eq!(parse_number("12.5"), Ok(Some(12.5)));
        assert_eq!(parse_number("1.234,5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("1,234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("  ."), Ok(None));
        assert_eq!(parse_number("twaalf"), Err(ProblemKind::InvalidNumber));
        assert_eq!(parse_non_negative("-3"), Err(ProblemKind::NegativeNumber));
    }

    #[test]
    fn rungs_are_whole_numbers_one_to_six() {
        assert_eq!(parse_rung("4"), Ok(Some(4)));
        assert_eq!(parse_rung("4,0"), Ok(Some(4)));
        assert_eq!(parse_rung(" 04 "), Ok(Some(4)));
        assert_eq!(parse_loneliness_score("11"), Ok(Some(11)));
        assert_eq!(
            parse_loneliness_score("12"),
            Err(ProblemKind::ScoreOutOfRange)
        );
        for raw in ["0", "7", "9", "3,5", "drie", "99999999999"] {
            assert_eq!(parse_rung(raw), Err(ProblemKind::RungOutOfRange), "{raw}");
        }
    }

    #[test]
    fn benefits_and_answers() {
        assert_eq!(parse_benefit("Bijstand"), Ok(Some(0)));
        assert_eq!(BENEFITS[0], "bijstand");
        // Each category, as written and in capitals, is its own place in the list.
        for (place, benefit) in BENEFITS.iter().enumerate() {
            assert_eq!(parse_benefit(benefit), Ok(Some(place)), "{benefit}");
            let capitals = benefit.to_uppercase();
            assert_eq!(parse_benefit(&capitals), Ok(Some(place)), "{capitals}");
        }
        assert_eq!(parse_benefit("toeslag"), Err(ProblemKind::UnknownBenefit));
        assert_eq!(parse_answer("Min of meer"), Ok(Some(Answer::MoreOrLess)));
        assert_eq!(parse_answer("min-of-meer"), Ok(Some(Answer::MoreOrLess)));
        assert_eq!(parse_answer("NEE"), Ok(Some(Answer::No)));
        assert_eq!(parse_answer("soms"), Err(ProblemKind::InvalidAnswer));
    }
}
