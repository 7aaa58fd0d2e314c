//! The participant-record columns of DATA.md §1: canonical names, their Dutch synonyms, and
//! how a header found in a file is matched to them.

use unicode_normalization::UnicodeNormalization;

/// Pseudonym of the participant (never a BSN or a name).
pub const PARTICIPANT_ID: &str = "participant_id";
/// Neighbourhood name or CBS code.
pub const NEIGHBOURHOOD: &str = "neighbourhood";
/// Measurement date, stored as days since 1970-01-01.
pub const DATE: &str = "date";
/// Rung on the Participatieladder, 1–6.
pub const LADDER: &str = "ladder";
/// Kind of activity.
pub const ACTIVITY: &str = "activity";
/// Hours of activity per week.
pub const HOURS_PER_WEEK: &str = "hours_per_week";
/// Kind of benefit.
pub const BENEFIT: &str = "benefit";
/// Start of the current benefit, days since 1970-01-01.
pub const BENEFIT_SINCE: &str = "benefit_since";
/// Precomputed 11-item loneliness score.
pub const LONELINESS_SCORE: &str = "loneliness_score";
/// Household income as a percentage of the social minimum.
pub const INCOME_PCT_SOCIAL_MINIMUM: &str = "income_pct_social_minimum";
/// Low-income flag, used where the percentage is absent.
pub const LOW_INCOME: &str = "low_income";
/// Problematic debts.
pub const PROBLEM_DEBTS: &str = "problem_debts";
/// Household in energy poverty.
pub const ENERGY_POVERTY: &str = "energy_poverty";
/// Age band (grouping).
pub const AGE_BAND: &str = "age_band";
/// Gender (grouping).
pub const GENDER: &str = "gender";
/// Target group (grouping).
pub const TARGET_GROUP: &str = "target_group";

/// Derived column: the De Jong Gierveld score of the record (from items, else precomputed).
pub const LONELINESS: &str = "loneliness";

/// What a column holds, which decides how its cells are parsed and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text (trimmed), stored as codes (see `load::labels`).
    Text,
    /// A category, compared without regard to case: trimmed and in lower case
    /// (`Vrijwilligerswerk` and `vrijwilligerswerk` are one activity).
    Category,
    /// A calendar date.
    Date,
    /// A whole rung 1–6.
    Rung,
    /// A non-negative number, decimal point or comma.
    NonNegativeNumber,
    /// ja/nee, yes/no, true/false, 1/0, j/n.
    Boolean,
    /// One of bijstand, ww, wia, wajong, geen, anders.
    Benefit,
    /// A whole score 0–11.
    LonelinessScore,
    /// A De Jong Gierveld answer: ja, min of meer, nee.
    LonelinessAnswer,
}

/// One known column: canonical name, synonyms, kind and whether a file must have it.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Canonical name, as in DATA.md §1.
    pub name: &'static str,
    /// Other names that mean the same (matched after [`normalise_header`]).
    pub synonyms: &'static [&'static str],
    /// How cells are parsed.
    pub kind: ColumnKind,
    /// A file without this column is refused; a row without a value is rejected.
    pub required: bool,
}

const fn spec(
    name: &'static str,
    synonyms: &'static [&'static str],
    kind: ColumnKind,
    required: bool,
) -> ColumnSpec {
    ColumnSpec {
        name,
        synonyms,
        kind,
        required,
    }
}

/// The scalar columns of DATA.md §1 (the De Jong Gierveld items are matched by [`djg_item`]).
pub const COLUMNS: &[ColumnSpec] = &[
    spec(
        PARTICIPANT_ID,
        &[
            "deelnemer_id",
            "deelnemer",
            "client_id",
            "pseudoniem",
            "deelnemernummer",
            "clientnummer",
        ],
        ColumnKind::Text,
        true,
    ),
    spec(
        NEIGHBOURHOOD,
        &[
            "wijk",
            "buurt",
            "wijknaam",
            "buurtnaam",
            "wijkcode",
            "buurtcode",
        ],
        ColumnKind::Text,
        true,
    ),
    spec(
        DATE,
        &["datum", "meetdatum", "peildatum"],
        ColumnKind::Date,
        true,
    ),
    spec(
        LADDER,
        &["trede", "participatieladder", "pl_trede"],
        ColumnKind::Rung,
        false,
    ),
    spec(
        ACTIVITY,
        &["activiteit", "soort_activiteit"],
        ColumnKind::Category,
        false,
    ),
    spec(
        HOURS_PER_WEEK,
        &["uren_per_week", "uren"],
        ColumnKind::NonNegativeNumber,
        false,
    ),
    spec(
        BENEFIT,
        &["uitkering", "soort_uitkering"],
        ColumnKind::Benefit,
        false,
    ),
    spec(
        BENEFIT_SINCE,
        &["uitkering_sinds", "startdatum_uitkering"],
        ColumnKind::Date,
        false,
    ),
    spec(
        LONELINESS_SCORE,
        &["eenzaamheidsscore", "djg_score"],
        ColumnKind::LonelinessScore,
        false,
    ),
    spec(
        INCOME_PCT_SOCIAL_MINIMUM,
        &["inkomen_pct_sociaal_minimum", "pct_sociaal_minimum"],
        ColumnKind::NonNegativeNumber,
        false,
    ),
    spec(
        LOW_INCOME,
        &["laag_inkomen", "minima"],
        ColumnKind::Boolean,
        false,
    ),
    spec(
        PROBLEM_DEBTS,
        &["problematische_schulden", "schulden"],
        ColumnKind::Boolean,
        false,
    ),
    spec(
        ENERGY_POVERTY,
        &["energiearmoede"],
        ColumnKind::Boolean,
        false,
    ),
    spec(
        AGE_BAND,
        &["leeftijdsgroep", "leeftijdsklasse"],
        ColumnKind::Text,
        false,
    ),
    spec(GENDER, &["geslacht"], ColumnKind::Text, false),
    spec(TARGET_GROUP, &["doelgroep"], ColumnKind::Text, false),
];

/// Which De Jong Gierveld scale a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LonelinessScale {
    /// The 11-item scale (score 0–11), from items or a precomputed score.
    Long11,
    /// The 6-item short scale (score 0–6).
    Short6,
}

impl LonelinessScale {
    /// Number of items on the scale, which is also its highest score.
    pub fn items(self) -> usize {
        match self {
            LonelinessScale::Long11 => 11,
            LonelinessScale::Short6 => 6,
        }
    }
}

/// A header that names a De Jong Gierveld item: `(scale, item number 1-based)`.
///
/// Accepts `djg_3`, `eenzaamheid_3` (long scale) and `djg6_3`, `eenzaamheid6_3` (short scale),
/// in any case and with spaces or dashes instead of underscores.
pub fn djg_item(header: &str) -> Option<(LonelinessScale, usize)> {
    // Separators matter here (`djg6_1` is short-scale item 1, `djg_6` long-scale item 6), so
    // runs of anything that is not a letter or digit become one `_` instead of vanishing.
    let mut key = String::new();
    for c in header.trim().nfd().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') && !unicode_normalization::char::is_combining_mark(c) {
            key.push('_');
        }
    }
    let rest = key
        .strip_prefix("djg")
        .or_else(|| key.strip_prefix("eenzaamheid"))?;
    let (scale, number) = match rest.strip_prefix("6_") {
        Some(number) => (LonelinessScale::Short6, number),
        None => (
            LonelinessScale::Long11,
            rest.strip_prefix('_').unwrap_or(rest),
        ),
    };
    let item = number.parse::<usize>().ok()?;
    (1..=scale.items()).contains(&item).then_some((scale, item))
}

/// The key under which headers are compared: lower case, accents, spaces, dashes and
/// underscores removed, so that `Deelnemer-ID`, `deelnemer_id` and `DEELNEMER ID` match;
/// `%` reads as `pct`, so `Inkomen % sociaal minimum` matches `inkomen_pct_sociaal_minimum`.
pub fn normalise_header(header: &str) -> String {
    header
        .trim()
        .replace('%', "pct")
        .nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The known column that a header names, by canonical name or synonym.
pub fn column_for_header(header: &str) -> Option<&'static ColumnSpec> {
    let key = normalise_header(header);
    if key.is_empty() {
        return None;
    }
    COLUMNS.iter().find(|column| {
        normalise_header(column.name) == key
            || column
                .synonyms
                .iter()
                .any(|synonym| normalise_header(synonym) == key)
    })
}

/// The spec of a canonical column name.
pub fn spec_of(name: &str) -> Option<&'static ColumnSpec> {
    COLUMNS.iter().find(|column| column.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(header: &str) -> Option<&'static str> {
        column_for_header(header).map(|column| column.name)
    }

    #[test]
    fn headers_match_case_space_dash_and_accent_insensitively() {
        assert_eq!(matches("Deelnemer-ID"), Some(PARTICIPANT_ID));
        assert_eq!(matches(" DEELNEMER ID "), Some(PARTICIPANT_ID));
        assert_eq!(matches("pseudoniem"), Some(PARTICIPANT_ID));
        assert_eq!(matches("Wijknaam"), Some(NEIGHBOURHOOD));
        assert_eq!(matches("Meetdatum"), Some(DATE));
        assert_eq!(matches("PL-trede"), Some(LADDER));
        assert_eq!(matches("Energiearmoedé"), Some(ENERGY_POVERTY));
        assert_eq!(matches("uren per week"), Some(HOURS_PER_WEEK));
        assert_eq!(
            matches("Inkomen % sociaal minimum"),
            Some(INCOME_PCT_SOCIAL_MINIMUM)
        );
        assert_eq!(matches("favourite colour"), None);
        assert_eq!(matches(""), None);
    }

    #[test]
    fn djg_items_are_recognised_with_their_scale() {
        assert_eq!(djg_item("djg_1"), Some((LonelinessScale::Long11, 1)));
        assert_eq!(
            djg_item("Eenzaamheid 11"),
            Some((LonelinessScale::Long11, 11))
        );
        assert_eq!(djg_item("djg6_6"), Some((LonelinessScale::Short6, 6)));
        assert_eq!(
            djg_item("eenzaamheid6-2"),
            Some((LonelinessScale::Short6, 2))
        );
        assert_eq!(djg_item("djg_6"), Some((LonelinessScale::Long11, 6)));
        assert_eq!(djg_item("DJG 10"), Some((LonelinessScale::Long11, 10)));
        assert_eq!(djg_item("djg_12"), None);
        assert_eq!(djg_item("djg6_7"), None);
        assert_eq!(djg_item("djg_score"), None);
    }
}
