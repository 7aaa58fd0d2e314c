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
pub fn record_minutes(records: &DataFrame, volunteer_code: Option<u32>) -> PolarsResult<Column> {
    let name = PlSmallStr::from_static(RECORD_MINUTES);
    let Some(volunteer_code) = volunteer_code else {
        return Ok(Int64Chunked::full(name, 0, records.height()).into_column());
    };
    // One pass over the records. As polars expressions (a shift, a comparison, a choice, a
    // product, a rounding and two casts, each over every record) this took several tenths of
    // a second of a 10M-row report, on one core; a test compares the two. The columns are
    // read where they stand, in their chunks, not copied into one piece: all the records are
    // held here.
    let column = |name: &str| {
        records
            .column(name)
            .map(|column| column.as_materialized_series())
    };
    let participants = column(PARTICIPANT_ID)?.u32()?;
    let dates = column(DATE)?.i32()?;
    let activities = column(ACTIVITY)?.u32()?;
    let hours = column(HOURS_PER_WEEK)?.f64()?;
    let minutes: Int64Chunked = with_next(participants)
        .zip(with_next(dates))
        .zip(activities.iter().zip(hours.iter()))
        .map(
            |(((participant, next_participant), (date, next_date)), (activity, hours))| {
                let has_next = participant.is_some() && next_participant == participant;
                if !has_next || activity != Some(volunteer_code) {
                    return None;
                }
                let days = f64::from(next_date? - date?);
                let minutes = (days * hours? * (60.0 / 7.0)).round_ties_even();
                // As polars casts a float: one outside i64's range, [-2^63, 2^63), is missing.
                (i64::MIN as f64..-(i64::MIN as f64))
                    .contains(&minutes)
                    .then_some(minutes as i64)
            },
        )
        .collect_ca(name);
    Ok(minutes.into_column())
}

/// Each value of `values` with the one after it (`None` after the last).
fn with_next<T>(
    values: &ChunkedArray<T>,
) -> impl Iterator<Item = (Option<T::Physical<'_>>, Option<T::Physical<'_>>)>
where
    T: PolarsDataType,
{
    values
        .iter()
        .zip(values.iter().skip(1).chain(std::iter::once(None)))
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// [`record_minutes`] as polars expressions, its earlier form: the independent route.
    fn minutes_by_expressions(volunteer_code: u32) -> Expr {
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

    #[test]
    fn a_volunteer_record_counts_its_hours_until_the_next_record() {
        // Participant 0: volunteering 3.5 hours a week for 14 days (2 weeks: 7 hours, 420
        // minutes), then another activity; participant 1's only record has no next record.
        let records = df!(
            PARTICIPANT_ID => [0_u32, 0, 1],
            DATE => [100_i32, 114, 120],
            ACTIVITY => [Some(7_u32), Some(2), Some(7)],
            HOURS_PER_WEEK => [Some(3.5), Some(10.0), Some(4.0)],
        )
        .unwrap();
        let minutes = record_minutes(&records, Some(7)).unwrap();
        let minutes: Vec<Option<i64>> = minutes.i64().unwrap().into_iter().collect();
        assert_eq!(minutes, [Some(420), None, None]);
        let none = record_minutes(&records, None).unwrap();
        assert_eq!(none.i64().unwrap().into_no_null_iter().sum::<i64>(), 0);
    }

    proptest::proptest! {
        #[test]
        fn one_pass_gives_the_minutes_polars_gives(
            records in proptest::collection::vec(
                (
                    0_u32..4,
                    0_i32..400,
                    proptest::option::of(0_u32..3),
                    proptest::option::of(proptest::prop_oneof![
                        0.0..80.0_f64,
                        proptest::sample::select(vec![0.5, 1.75, 2.5, 1e17, 1e300]),
                    ]),
                ),
                0..40,
            ),
        ) {
            let mut records = records;
            // Sorted by participant, as the records are when the minutes are made.
            records.sort_by_key(|record| record.0);
            let frame = df!(
                PARTICIPANT_ID => records.iter().map(|record| record.0).collect::<Vec<_>>(),
                DATE => records.iter().map(|record| record.1).collect::<Vec<_>>(),
                ACTIVITY => records.iter().map(|record| record.2).collect::<Vec<_>>(),
                HOURS_PER_WEEK => records.iter().map(|record| record.3).collect::<Vec<_>>(),
            )
            .unwrap();
            let by_expressions = frame
                .clone()
                .lazy()
                .select([minutes_by_expressions(1)])
                .collect()
                .unwrap();
            let by_expressions = by_expressions.column(RECORD_MINUTES).unwrap();
            let in_one_pass = record_minutes(&frame, Some(1)).unwrap();
            let values = |column: &Column| column.i64().unwrap().into_iter().collect::<Vec<_>>();
            proptest::prop_assert_eq!(values(&in_one_pass), values(by_expressions));
        }
    }
}
