//! The breakdown by period (month, quarter or year): per calendar period, the participants with
//! a record in it, the active ones (DATA.md §3, "active participants in a period"), those whose
//! intake fell in it, the outflows dated in it, and the ladder distribution at each
//! participant's latest rating within it. Periods overlap in people, so they do not add up.

use std::collections::BTreeMap;

use polars::prelude::*;
use polars_arrow::bitmap::Bitmap;

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
    let days = frame.column(day_column)?.as_materialized_series().i32()?;
    // Records fall on few distinct days, many records each: each day's period is found once.
    let first = days.min().unwrap_or(0);
    let last = days.max().unwrap_or(0);
    let key_of_day: Vec<i32> = (first..=last).map(|day| period_key(day, length)).collect();
    let keys = days
        .apply_values(|day| key_of_day[(day - first) as usize])
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

/// What every participant adds to each period's cells, for one period length: found once from
/// all prepared records (the first time the length is asked for), then summed for the selected
/// participants at each filter change, as the other cells are (see `scopes`).
#[derive(Debug, Clone)]
pub struct PeriodTable {
    /// The key of every period with a record or an outflow, ascending: a period's slot is its
    /// index here.
    keys: Vec<i32>,
    /// One per participant and period with records: a run of records.
    runs: Vec<Run>,
    /// Per participant (the summary's rows): the slot of their first record.
    first: Vec<u32>,
    /// Per participant: the slot of their outflow, if any.
    outflow: Vec<Option<u32>>,
}

/// The slot of period `key` among the ascending `keys`; `u32::MAX` if it is not there.
fn slot_in(keys: &[i32], key: i32) -> u32 {
    keys.binary_search(&key)
        .map_or(u32::MAX, |slot| slot as u32)
}

/// A participant's records in one period.
#[derive(Debug, Clone, Copy)]
struct Run {
    participant: u32,
    slot: u32,
    /// A record in the period shows them active.
    active: bool,
    /// Their latest rung rated in the period.
    rung: Option<i32>,
}

/// Each participant's runs of records per period of one length, found from the records
/// alone (so while the participant summary is being built); [`PeriodRuns::table`] completes
/// them with the participants' outflow periods.
pub struct PeriodRuns {
    length: PeriodLength,
    /// The key of every period with a record, ascending.
    keys: Vec<i32>,
    /// The runs, their slots in `keys`.
    runs: Vec<Run>,
    /// Per participant, the slot of their first record.
    first: Vec<u32>,
}

impl PeriodRuns {
    /// From the prepared `records` (sorted by participant and date; `POSITION` numbers them).
    /// Participants are numbered in the order of their records, as the rows of the
    /// participant summary are.
    pub fn of(records: &DataFrame, length: PeriodLength) -> PolarsResult<PeriodRuns> {
        // A participant's records in one period stand together: a run, keyed by one number
        // (participant code in the high half, period in the low).
        let runs = records.clone().lazy().select([
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
        let mut per_run = positions_per_run(
            with_period(runs, DATE, length)?
                .with_column(participant_period.alias("participant_period")),
            "participant_period",
            &[latest_rung.clone(), last_active.clone()],
            vec![col("period"), col(PARTICIPANT_ID)],
        )?;
        take_picks(&mut per_run, &[latest_rung], records)?;

        let periods = per_run.column("period")?.as_materialized_series().i32()?;
        let mut keys: Vec<i32> = periods.unique()?.iter().flatten().collect();
        keys.sort_unstable();
        let slot = |key: i32| slot_in(&keys, key);
        let codes = per_run
            .column(PARTICIPANT_ID)?
            .as_materialized_series()
            .u32()?;
        let active = per_run.column(&last_active.position_name())?.is_not_null();
        let rungs = per_run
            .column("rung")?
            .as_materialized_series()
            .cast(&DataType::Int32)?;
        let mut runs = Vec::with_capacity(per_run.height());
        let mut first = Vec::new();
        let mut previous_code = None;
        for (((code, period), active), rung) in codes
            .iter()
            .zip(periods.iter())
            .zip(active.iter())
            .zip(rungs.i32()?.iter())
        {
            let (Some(code), Some(period)) = (code, period) else {
                continue;
            };
            // A participant's runs come in order of period: the first is their first record's.
            if previous_code != Some(code) {
                previous_code = Some(code);
                first.push(slot(period));
            }
            runs.push(Run {
                participant: first.len() as u32 - 1,
                slot: slot(period),
                active: active == Some(true),
                rung,
            });
        }
        Ok(PeriodRuns {
            length,
            keys,
            runs,
            first,
        })
    }

    /// The table, with each participant's outflow period from the participant `summary` (its
    /// rows are the participants of the records these runs were found in).
    pub fn table(self, summary: &DataFrame) -> PolarsResult<PeriodTable> {
        let PeriodRuns {
            length,
            mut keys,
            mut runs,
            mut first,
        } = self;
        polars_ensure!(
            first.len() == summary.height(),
            ComputeError: "the period runs have {} participants, the summary {}", first.len(), summary.height()
        );
        let outflow_keys: Vec<Option<i32>> = summary
            .column("outflow_date")?
            .as_materialized_series()
            .i32()?
            .iter()
            .map(|day| day.map(|day| period_key(day, length)))
            .collect();
        // An outflow is dated on a record, so its period nearly always has one; where not,
        // the period is added and the runs' slots move up.
        let run_keys = keys.clone();
        keys.extend(outflow_keys.iter().flatten());
        keys.sort_unstable();
        keys.dedup();
        let slot = |key: i32| slot_in(&keys, key);
        if keys.len() != run_keys.len() {
            let moved: Vec<u32> = run_keys.iter().map(|key| slot(*key)).collect();
            for run in &mut runs {
                run.slot = moved[run.slot as usize];
            }
            for first in &mut first {
                *first = moved[*first as usize];
            }
        }
        let outflow = outflow_keys.iter().map(|key| key.map(slot)).collect();
        Ok(PeriodTable {
            keys,
            runs,
            first,
            outflow,
        })
    }
}

impl PeriodTable {
    /// From the prepared `records` (sorted by participant and date; `POSITION` numbers them)
    /// and the participant `summary`.
    pub fn of(
        records: &DataFrame,
        summary: &DataFrame,
        length: PeriodLength,
    ) -> PolarsResult<PeriodTable> {
        PeriodRuns::of(records, length)?.table(summary)
    }

    /// Cells per period of the participants `selected` keeps (a set bit each; all when
    /// `None`): a period appears if one of them has a record in it (every cell), or only an
    /// outflow (that count alone).
    pub fn cells(&self, selected: Option<&Bitmap>) -> PeriodCells {
        #[derive(Default, Clone)]
        struct Counts {
            participants: u64,
            active: u64,
            rated: u64,
            rungs: [u64; RUNG_COUNT],
            new: u64,
            outflows: u64,
        }
        let keeps = |participant: usize| super::scopes::is_selected(selected, participant);
        let mut counts = vec![Counts::default(); self.keys.len()];
        for run in &self.runs {
            if !keeps(run.participant as usize) {
                continue;
            }
            let period = &mut counts[run.slot as usize];
            period.participants += 1;
            period.active += u64::from(run.active);
            if let Some(rung) = run.rung {
                period.rated += 1;
                let index = usize::try_from(rung - *ladder::RUNGS.start()).ok();
                if let Some(count) = index.and_then(|index| period.rungs.get_mut(index)) {
                    *count += 1;
                }
            }
        }
        for (participant, slot) in self.first.iter().enumerate() {
            if keeps(participant) {
                if let Some(period) = counts.get_mut(*slot as usize) {
                    period.new += 1;
                }
            }
        }
        for (participant, slot) in self.outflow.iter().enumerate() {
            if let Some(slot) = slot.filter(|_| keeps(participant)) {
                counts[slot as usize].outflows += 1;
            }
        }
        let count = |value: u64| Some(value as f64);
        let mut cells = PeriodCells::new();
        for (key, period) in self.keys.iter().zip(counts) {
            let mut scope = ScopeCells::new();
            if period.participants > 0 {
                scope.insert("participants".to_owned(), count(period.participants));
                scope.insert("active_participants".to_owned(), count(period.active));
                scope.insert("ladder_rated".to_owned(), count(period.rated));
                for (rung, rung_count) in ladder::RUNGS.zip(period.rungs) {
                    scope.insert(ladder::rung_cell(rung), count(rung_count));
                }
                scope.insert("new_participants".to_owned(), count(period.new));
            }
            if period.participants > 0 || period.outflows > 0 {
                // A period with outflows but no record would be odd, but is kept.
                scope.insert("outflow_count".to_owned(), count(period.outflows));
                cells.insert(*key, scope);
            }
        }
        cells
    }
}

/// The number of rungs of the participatieladder.
const RUNG_COUNT: usize = (*ladder::RUNGS.end() - *ladder::RUNGS.start() + 1) as usize;
