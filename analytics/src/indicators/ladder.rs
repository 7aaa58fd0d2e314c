//! The Participatieladder (DATA.md §3): distribution over rungs at the latest rated record,
//! and progression between intake and latest.

use polars::prelude::*;

use super::{Pick, Which};

use crate::columns::{DATE, LADDER};

/// The rungs, 1 geïsoleerd to 6 betaald werk.
pub const RUNGS: std::ops::RangeInclusive<i32> = 1..=6;

/// Rated records at least this many days apart make a participant count for progression.
pub const PROGRESSION_MIN_DAYS: i32 = 90;

/// Name of the cell counting participants whose latest rung is `rung`.
pub fn rung_cell(rung: i32) -> String {
    format!("rung_{rung}")
}

/// Name of the cell counting eligible participants who moved from rung `from` at intake to
/// rung `to` at their latest rating (the transition matrix; same participants as progression).
pub fn transition_cell(from: i32, to: i32) -> String {
    format!("transition_{from}_{to}")
}

/// Name of the cell counting eligible participants with intake rung `from` (a matrix row).
pub fn transitions_from_cell(from: i32) -> String {
    format!("transitions_from_{from}")
}

/// Name of the cell counting eligible participants with latest rung `to` (a matrix column).
pub fn transitions_to_cell(to: i32) -> String {
    format!("transitions_to_{to}")
}

/// Per participant (records sorted by date): rung and date of the earliest and latest rated
/// records.
pub fn picks() -> Vec<Pick> {
    vec![
        Pick::new(LADDER, Which::First, LADDER, "rung_intake"),
        Pick::new(LADDER, Which::Last, LADDER, "rung_latest"),
        Pick::new(LADDER, Which::First, DATE, "rated_first_date"),
        Pick::new(LADDER, Which::Last, DATE, "rated_last_date"),
    ]
}

/// Per participant, what they add to the cells: participants per latest rung, rated
/// participants, and progression.
pub fn contributions() -> Vec<Expr> {
    let eligible =
        (col("rated_last_date") - col("rated_first_date")).gt_eq(lit(PROGRESSION_MIN_DAYS));
    let mut cells: Vec<Expr> = RUNGS
        .map(|rung| col("rung_latest").eq(lit(rung)).alias(rung_cell(rung)))
        .collect();
    for from in RUNGS {
        let from_here = eligible.clone().and(col("rung_intake").eq(lit(from)));
        cells.push(from_here.clone().alias(transitions_from_cell(from)));
        cells.extend(RUNGS.map(|to| {
            from_here
                .clone()
                .and(col("rung_latest").eq(lit(to)))
                .alias(transition_cell(from, to))
        }));
    }
    cells.extend(RUNGS.map(|to| {
        eligible
            .clone()
            .and(col("rung_latest").eq(lit(to)))
            .alias(transitions_to_cell(to))
    }));
    cells.extend([
        col("rung_latest").is_not_null().alias("ladder_rated"),
        eligible.clone().alias("progression_base"),
        eligible
            .clone()
            .and(col("rung_latest").gt(col("rung_intake")))
            .alias("progressed"),
        when(eligible)
            .then(col("rung_latest") - col("rung_intake"))
            .otherwise(lit(NULL))
            .alias("rung_change_sum"),
    ]);
    cells
}
