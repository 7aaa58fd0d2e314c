//! Time to work (DATA.md §3): the Kaplan–Meier estimate of the share still without work by
//! months since intake, for participants whose intake rung is 4 or lower, censored at their
//! latest record. Each participant's months are found once; the product-limit is a short fold.

use polars::prelude::*;
use polars_arrow::bitmap::Bitmap;

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

/// Per participant (the summary's rows): for those in the curve's cohort, the whole months
/// from intake to work or to their latest record, and whether work ended them. Found once per
/// prepared data; [`Durations::curve`] counts the selected participants per month.
#[derive(Debug, Clone)]
pub struct Durations {
    months: Vec<Option<u32>>,
    found_work: Vec<bool>,
}

impl Durations {
    /// From the participant summary.
    pub fn of(summary: &DataFrame) -> PolarsResult<Durations> {
        let duration = col("outflow_date").fill_null(col("last_date")) - col("rated_first_date");
        let in_cohort = col("rung_intake")
            .lt_eq(lit(HIGHEST_INTAKE_RUNG))
            .fill_null(lit(false));
        let frame = summary
            .clone()
            .lazy()
            .select([
                // Durations are never negative, so the cast's truncation is the floor.
                when(in_cohort)
                    .then(
                        (duration.cast(DataType::Float64) / lit(DAYS_PER_MONTH))
                            .cast(DataType::Int32),
                    )
                    .otherwise(lit(NULL))
                    .alias("month"),
                col("outflow_date").is_not_null().alias("found_work"),
            ])
            .collect()?;
        let months = frame.column("month")?.as_materialized_series().i32()?;
        let found_work = frame
            .column("found_work")?
            .as_materialized_series()
            .bool()?;
        Ok(Durations {
            months: months
                .iter()
                .map(|month| month.and_then(|month| u32::try_from(month).ok()))
                .collect(),
            found_work: found_work.iter().map(|found| found == Some(true)).collect(),
        })
    }

    /// The curve for the participants `selected` keeps (a set bit each; all when `None`).
    pub fn curve(&self, selected: Option<&Bitmap>) -> Vec<Step> {
        // Per month: participants whose time ends in it (exits), and of them those who found
        // work (events).
        let mut by_month: Vec<(u64, u64)> = Vec::new();
        for (participant, month) in self.months.iter().enumerate() {
            let Some(month) = month.map(|month| month as usize) else {
                continue;
            };
            if !super::scopes::is_selected(selected, participant) {
                continue;
            }
            if by_month.len() <= month {
                by_month.resize(month + 1, (0, 0));
            }
            by_month[month].0 += 1;
            by_month[month].1 += u64::from(self.found_work[participant]);
        }

        let mut at_risk: u64 = by_month.iter().map(|(exits, _)| exits).sum();
        let mut survival = 1.0;
        let mut steps = Vec::new();
        let last_exit = by_month.iter().rposition(|(exits, _)| *exits > 0);
        // Months in which nobody left keep the curve flat; they are shown all the same.
        for (month, (exits, events)) in by_month
            .into_iter()
            .enumerate()
            .take(last_exit.map_or(0, |last| last + 1))
        {
            if at_risk > 0 {
                survival *= 1.0 - events as f64 / at_risk as f64;
            }
            steps.push(Step {
                month: month as i32,
                at_risk,
                events,
                survival,
            });
            at_risk -= exits;
        }
        steps
    }
}
