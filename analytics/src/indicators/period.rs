//! The breakdown by period (month, quarter or year): per calendar period, the participants with
//! a record in it, the active ones (DATA.md §3, "active participants in a period"), those whose
//! intake fell in it, the outflows dated in it, and the ladder distribution at each
//! participant's latest rating within it. Periods overlap in people, so they do not add up.

use std::collections::BTreeMap;

use polars::prelude::*;

use chrono::Datelike;

use super::{ladder, positions_per_run, take_picks, Pick, ScopeCells, Which, POSITION};
use crate::columns::{DATE, LADDER, PARTICIPANT_ID};
use crate::load::values::date_of;
use crate::settings::PeriodLength;

/// Records that count as active, and no value otherwise: a [`Pick`] finds the last of them.
const ACTIVE_RECORD_WHEN: &str = "active_record_when";

/// The cells of one period, by the period's key (see [`label`]).
pub type PeriodCells = BTreeMap<i32, ScopeCells>;

/// A sortable number for the period of a day number: 202403 (month), 20241 (quarter), 2024
/// (year).
fn period_key(day: i32, length: PeriodLength) -> i32 {
    let date = date_of(day);
    let (year, month) = (date.year(), date.month() as i32);
    match length {
        PeriodLength::Month => year * 100 + month,
        PeriodLength::Quarter => year * 10 + (month - 1) / 3 + 1,
        PeriodLength::Year => year,
    }
}

/// `frame` with a `period` column for its day-number column `day_column`. Calendar arithmetic
/// is done here rather than in polars: polars' temporal features would add the time-zone
/// database to the browser's download.
fn with_period(
    frame: LazyFrame,
    day_column: &str,
    length: PeriodLength,
) -> PolarsResult<LazyFrame> {
    let mut frame = frame.collect()?;
    let keys = frame
        .column(day_column)?
        .as_materialized_series()
        .i32()?
        .apply_values(|day| period_key(day, length))
        .with_name(PlSmallStr::from_static("period"));
    frame.with_column(keys.into_series())?;
    Ok(frame.lazy())
}

/// How a period key is written: `2024-03`, `2024-Q1`, `2024`.
pub fn label(key: i32, length: PeriodLength) -> String {
    match length {
        PeriodLength::Month => format!("{}-{:02}", key / 100, key % 100),
        PeriodLength::Quarter => format!("{}-Q{}", key / 10, key % 10),
        PeriodLength::Year => key.to_string(),
    }
}

/// Cells per period, from the selected participants' records and summary; `all_records` are
/// the prepared records that positions point into.
pub fn cells(
    records: LazyFrame,
    all_records: &DataFrame,
    summary: LazyFrame,
    length: PeriodLength,
) -> PolarsResult<PeriodCells> {
    // Per participant and period first, so that every count below is a plain sum. The records
    // are in participant and date order, so a participant's records in one period stand
    // together: a run, keyed by one number (code in the high half, period in the low).
    let records = records.select([
        col(PARTICIPANT_ID),
        col(DATE),
        col(LADDER),
        col(POSITION),
        when(col("active_record"))
            .then(lit(true))
            .otherwise(lit(NULL))
            .alias(ACTIVE_RECORD_WHEN),
    ]);
    let participant_period = (col(PARTICIPANT_ID).cast(DataType::UInt64) * lit(1_u64 << 32))
        + col("period").cast(DataType::UInt64);
    let latest_rung = Pick::new(LADDER, Which::Last, LADDER, "rung");
    let last_active = Pick::new(ACTIVE_RECORD_WHEN, Which::Last, POSITION, "active");
    let mut per_participant = positions_per_run(
        with_period(records, DATE, length)?
            .with_column(participant_period.alias("participant_period")),
        "participant_period",
        &[latest_rung.clone(), last_active.clone()],
        vec![col("period")],
    )
    .collect()?;
    take_picks(&mut per_participant, &[latest_rung], all_records)?;
    let per_participant = per_participant.lazy().with_column(
        col(last_active.position_name())
            .is_not_null()
            .alias("active"),
    );
    let mut period_cells = vec![
        len().cast(DataType::Int64).alias("participants"),
        col("active").sum().alias("active_participants"),
        col("rung").count().alias("ladder_rated"),
    ];
    period_cells.extend(ladder::RUNGS.map(|rung| {
        col("rung")
            .eq(lit(rung))
            .sum()
            .alias(ladder::rung_cell(rung))
    }));
    let mut cells = collect_by_period(per_participant, period_cells)?;

    for (date_column, cell) in [
        ("first_date", "new_participants"),
        ("outflow_date", "outflow_count"),
    ] {
        let dated = summary
            .clone()
            .filter(col(date_column).is_not_null())
            .select([col(date_column)]);
        let dated = with_period(dated, date_column, length)?.select([col("period")]);
        let counts = collect_by_period(dated, vec![len().cast(DataType::Int64).alias(cell)])?;
        for scope in cells.values_mut() {
            scope.insert(cell.to_owned(), Some(0.0));
        }
        for (key, counted) in counts {
            // A period with outflows but no record would be odd, but is kept.
            cells.entry(key).or_default().extend(counted);
        }
    }
    Ok(cells)
}

fn collect_by_period(frame: LazyFrame, cells: Vec<Expr>) -> PolarsResult<PeriodCells> {
    let cells: Vec<Expr> = cells
        .into_iter()
        .map(|cell| cell.cast(DataType::Float64))
        .collect();
    let frame = frame
        .group_by([col("period")])
        .agg(cells)
        .sort(["period"], SortMultipleOptions::default())
        .collect()?;
    let keys = frame
        .column("period")?
        .as_materialized_series()
        .i32()?
        .clone();
    let mut by_period = PeriodCells::new();
    for (row, key) in keys.into_iter().enumerate() {
        let Some(key) = key else { continue };
        by_period.insert(key, row_cells(&frame, row, "period")?);
    }
    Ok(by_period)
}

/// The cells in one row of `frame`, every column but the `key` one.
fn row_cells(frame: &DataFrame, row: usize, key: &str) -> PolarsResult<ScopeCells> {
    let mut cells = ScopeCells::new();
    for column in frame.get_columns() {
        if column.name().as_str() == key {
            continue;
        }
        let value = column.as_materialized_series().f64()?.get(row);
        cells.insert(column.name().to_string(), value);
    }
    Ok(cells)
}
