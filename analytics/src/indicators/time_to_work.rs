//! Time to work (DATA.md §3): the Kaplan–Meier estimate of the share still without work by
//! months since intake, for participants whose intake rung is 4 or lower, censored at their
//! latest record. Polars counts exits per month; the product-limit is a short fold here.

use polars::prelude::*;

use super::impact::DAYS_PER_MONTH;
use super::outflow::HIGHEST_INTAKE_RUNG;

/// One month on the curve, before suppression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Whole months since intake (0 = the first month).
    pub month: i32,
    /// Participants still without work and still followed at the start of the month.
    pub at_risk: u64,
    /// Participants who found work in the month.
    pub events: u64,
    /// Share still without work at the end of the month (product-limit estimate).
    pub survival: f64,
}

/// The curve for the participants in `summary` (one row per participant).
pub fn curve(summary: LazyFrame) -> PolarsResult<Vec<Step>> {
    let duration = col("outflow_date").fill_null(col("last_date")) - col("rated_first_date");
    let exits = summary
        .filter(
            col("rung_intake")
                .lt_eq(lit(HIGHEST_INTAKE_RUNG))
                .fill_null(lit(false)),
        )
        .select([
            // Durations are never negative, so the cast's truncation is the floor.
            (duration.cast(DataType::Float64) / lit(DAYS_PER_MONTH))
                .cast(DataType::Int32)
                .alias("month"),
            col("outflow_date").is_not_null().alias("event"),
        ])
        .group_by([col("month")])
        .agg([
            len().cast(DataType::Int64).alias("exits"),
            col("event").sum().cast(DataType::Int64).alias("events"),
        ])
        .sort(["month"], SortMultipleOptions::default())
        .collect()?;
    let months = exits
        .column("month")?
        .as_materialized_series()
        .i32()?
        .clone();
    let exit_counts = exits
        .column("exits")?
        .as_materialized_series()
        .i64()?
        .clone();
    let event_counts = exits
        .column("events")?
        .as_materialized_series()
        .i64()?
        .clone();

    let mut at_risk: u64 = exit_counts.into_iter().flatten().map(|n| n as u64).sum();
    let mut survival = 1.0;
    let mut steps = Vec::new();
    let rows = months.into_iter().zip(&exit_counts).zip(&event_counts);
    let mut next_month = 0;
    for ((month, exits), events) in rows {
        let (Some(month), Some(exits), Some(events)) = (month, exits, events) else {
            continue;
        };
        // Months in which nobody left keep the curve flat; they are shown all the same.
        while next_month < month {
            steps.push(Step {
                month: next_month,
                at_risk,
                events: 0,
                survival,
            });
            next_month += 1;
        }
        let events = events as u64;
        if at_risk > 0 {
            survival *= 1.0 - events as f64 / at_risk as f64;
        }
        steps.push(Step {
            month,
            at_risk,
            events,
            survival,
        });
        at_risk -= exits as u64;
        next_month = month + 1;
    }
    Ok(steps)
}
