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
    /// The municipality whose regions the reference table's names are matched within: its
    /// name as CBS writes it (`'s-Gravenhage`, also `Den Haag`) or its code (`GM0518`).
    /// Neighbourhood names repeat across the country; CBS codes need no municipality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    /// Which participants and records the figures cover.
    #[serde(skip_serializing_if = "Filter::is_empty")]
    pub filter: Filter,
    /// Length of the periods in the breakdown by period.
    pub period: PeriodLength,
    /// Parameters of the impact estimate.
    pub impact: ImpactParameters,
}

/// A selection of the data. Empty lists select everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// Participants whose neighbourhood (of their most recent record) is one of these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub neighbourhoods: Vec<String>,
    /// Records on or after this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Records on or before this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Grouping column (`age_band`, `gender`, `target_group`) → values kept, as in the file
    /// (participants without a value are `unknown`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<String>>,
}

impl Filter {
    /// Whether the filter selects everything.
    pub fn is_empty(&self) -> bool {
        self.neighbourhoods.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.groups.values().all(Vec::is_empty)
    }
}

/// Calendar periods for the breakdown by period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodLength {
    /// Calendar months, `2024-03`.
    Month,
    /// Calendar quarters, `2024-Q1`.
    #[default]
    Quarter,
    /// Calendar years, `2024`.
    Year,
}

/// The impact estimate's parameters (DATA.md §3). Every one is shown with the figure, with
/// its default and source (see ARCHITECTURE.md, "Impact estimate").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImpactParameters {
    /// Cost of one month of benefit, in euros. Default €1,167: about €14,000 a year per
    /// bijstand benefit (Berenschot 2018).
    pub monthly_benefit_cost_eur: f64,
    /// Value of one hour of volunteer work, in euros. Default €15.
    pub volunteer_hour_value_eur: f64,
    /// Share of observed outflow credited to the programme (the rest would have happened
    /// anyway), low and high end of the range. Defaults 0.25 and 0.75.
    pub attribution_low: f64,
    /// See `attribution_low`.
    pub attribution_high: f64,
}

impl Default for ImpactParameters {
    fn default() -> Self {
        ImpactParameters {
            monthly_benefit_cost_eur: 1167.0,
            volunteer_hour_value_eur: 15.0,
            attribution_low: 0.25,
            attribution_high: 0.75,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_cell: 10,
            low_income_threshold_pct: 120.0,
            end_date: None,
            column_mapping: BTreeMap::new(),
            municipality: None,
            filter: Filter::default(),
            period: PeriodLength::default(),
            impact: ImpactParameters::default(),
        }
    }
}
