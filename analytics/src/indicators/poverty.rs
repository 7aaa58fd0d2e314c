//! Poverty (DATA.md §3): low income by a user-set threshold, problem debts and energy
//! poverty, each at intake and latest.

use polars::prelude::*;

use super::{Pick, Which};

use crate::columns::{ENERGY_POVERTY, INCOME_PCT_SOCIAL_MINIMUM, LOW_INCOME, PROBLEM_DEBTS};

/// Per record: low income from the percentage of the social minimum where it is given (at
/// or below the threshold), else from the low-income flag.
pub fn record_columns(threshold_pct: f64) -> Vec<Expr> {
    vec![when(col(INCOME_PCT_SOCIAL_MINIMUM).is_not_null())
        .then(col(INCOME_PCT_SOCIAL_MINIMUM).lt_eq(lit(threshold_pct)))
        .otherwise(col(LOW_INCOME))
        .alias("low_income_effective")]
}

/// The three poverty measures: the per-record column, and the name used for cells.
const MEASURES: [(&str, &str); 3] = [
    ("low_income_effective", "low_income"),
    (PROBLEM_DEBTS, "problem_debts"),
    (ENERGY_POVERTY, "energy_poverty"),
];

/// Per participant (records sorted by date): each measure at intake and latest.
pub fn picks() -> Vec<Pick> {
    MEASURES
        .iter()
        .flat_map(|&(column, name)| {
            [
                Pick::new(column, Which::First, column, format!("{name}_at_intake")),
                Pick::new(column, Which::Last, column, format!("{name}_at_latest")),
            ]
        })
        .collect()
}

/// Per participant, what they add to the cells: for each measure and moment, participants
/// measured (`…_base`) and with it.
pub fn contributions() -> Vec<Expr> {
    MEASURES
        .iter()
        .flat_map(|(_, name)| {
            ["intake", "latest"].into_iter().flat_map(move |moment| {
                let column = format!("{name}_at_{moment}");
                [
                    col(column.as_str())
                        .is_not_null()
                        .alias(format!("{name}_{moment}_base")),
                    col(column.as_str()).alias(format!("{name}_{moment}")),
                ]
            })
        })
        .collect()
}
