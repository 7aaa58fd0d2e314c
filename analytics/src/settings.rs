//! The one instruction `analytics` takes: thresholds, the end date and the column mapping.
//! The CLI builds it from flags and a TOML file; the dashboard keeps it in a signal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every choice the user can make about how figures are computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Counts from 1 to `min_cell - 1`, and shares or means on fewer than `min_cell`
    /// participants, are suppressed (DATA.md §4).
    pub min_cell: u32,
    /// Income at or below this percentage of the social minimum counts as low income.
    pub low_income_threshold_pct: f64,
    /// The dataset's end date; the latest `date` in the input when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Columns mapped by hand: canonical column name → header as it stands in the file.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub column_mapping: BTreeMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_cell: 10,
            low_income_threshold_pct: 120.0,
            end_date: None,
            column_mapping: BTreeMap::new(),
        }
    }
}
