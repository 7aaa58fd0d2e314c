//! The impact estimate (DATA.md §3): benefit months saved by observed outflows, and hours of
//! volunteer work. The money follows in [`crate::report`] from the user's parameters; here are
//! the months and hours, summed per scope like every other cell.

use polars::prelude::*;

use super::{OverRecords, ParticipantColumn};
use crate::columns::{ACTIVITY, DATE, HOURS_PER_WEEK, PARTICIPANT_ID};

/// Average days in a month (365.25 / 12), to turn days into benefit months.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// The activity whose hours count as volunteer work (compared without regard to case).
pub const VOLUNTEER_ACTIVITY: &str = "vrijwilligerswerk";

/// Per record (records sorted by participant and date): minutes of volunteer work, the
/// record's hours per week times the time until the participant's next record. The time after
/// the latest record is not counted: nothing says the volunteering went on. Whole minutes per
/// record, so that sums are exact whatever order polars adds them in (the browser and the CLI
/// cut a file differently). `volunteer_code` is the activity's code (the loader stores
/// activities trimmed, in lower case, as codes); `None` when no record has it.
pub fn record_minutes(volunteer_code: Option<u32>) -> Expr {
    let Some(volunteer_code) = volunteer_code else {
        return lit(0_i64).alias(RECORD_MINUTES);
    };
    let next = |column: &str| col(column).shift(lit(-1));
    let days_to_next = when(next(PARTICIPANT_ID).eq(col(PARTICIPANT_ID)))
        .then(next(DATE) - col(DATE))
        .otherwise(lit(NULL))
        .cast(DataType::Float64);
    when(col(ACTIVITY).eq(lit(volunteer_code)))
        .then(
            (days_to_next * col(HOURS_PER_WEEK) * lit(60.0 / 7.0))
                .round(0, RoundMode::HalfToEven)
                .cast(DataType::Int64),
        )
        .otherwise(lit(NULL))
        .alias(RECORD_MINUTES)
}

/// The record column of [`record_minutes`].
const RECORD_MINUTES: &str = "volunteer_minutes_record";

/// Per participant: their minutes of volunteer work.
pub fn participant_columns() -> Vec<ParticipantColumn> {
    vec![ParticipantColumn::new(
        RECORD_MINUTES,
        OverRecords::Sum,
        "volunteer_minutes",
    )]
}

/// Per participant, what they add to the cells: days of benefit saved by their outflow (up to
/// the end date), for participants on a benefit at intake: the low end counts durable outflows
/// only, the high end every outflow that has not relapsed; and their minutes of volunteer
/// work. Each sum comes with the participants it rests on. Days and minutes are whole numbers,
/// summed exactly and turned into months and hours once per scope ([`UNITS`]), so the figure
/// is the same to the last digit however the data is chunked (natively or in the browser).
pub fn contributions(end_date: i32) -> Vec<Expr> {
    let on_benefit = col("benefit_intake")
        .is_not_null()
        .and(col("benefit_intake").neq(lit("geen")));
    let days = (lit(end_date) - col("outflow_date")).cast(DataType::Int64);
    let low = on_benefit.clone().and(col("durable"));
    let high = on_benefit
        .and(col("outflow_date").is_not_null())
        .and(col("relapsed").not());
    let only = |condition: Expr, value: Expr| when(condition).then(value).otherwise(lit(NULL));
    vec![
        only(low.clone(), days.clone()).alias("benefit_months_low"),
        low.alias("benefit_months_low_base"),
        only(high.clone(), days).alias("benefit_months_high"),
        high.alias("benefit_months_high_base"),
        col("volunteer_minutes").alias("volunteer_hours"),
        col("volunteer_minutes").gt(lit(0)).alias("volunteers"),
    ]
}

/// Cells whose contributions are in a smaller unit than the figure: the summed days and
/// minutes are divided by these once per scope.
pub const UNITS: [(&str, f64); 3] = [
    ("benefit_months_low", DAYS_PER_MONTH),
    ("benefit_months_high", DAYS_PER_MONTH),
    ("volunteer_hours", 60.0),
];
