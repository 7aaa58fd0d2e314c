//! The indicator pipeline of DATA.md §3. Records become one row per participant (each
//! family adds its columns), each participant's *contribution* to every cell is computed once,
//! and the contributions are summed into *cells* (counts and sums) per scope: overall, per
//! neighbourhood and per group. Figures and suppression are made from the cells in
//! [`crate::report`], so every front end shows the same numbers.

pub mod impact;
pub mod ladder;
pub mod loneliness;
pub mod outflow;
pub mod participation;
pub mod period;
pub mod poverty;
pub mod reach;
mod scopes;
pub mod time_to_work;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use polars::prelude::*;

use crate::columns::{
    ACTIVITY, AGE_BAND, BENEFIT, DATE, GENDER, LADDER, NEIGHBOURHOOD, PARTICIPANT_ID, TARGET_GROUP,
};
use crate::load::ParticipantRecords;
use crate::settings::{Filter, PeriodLength, Settings};
use scopes::{Contributions, ScopeSums, Scopes};

/// The grouping columns that get a breakdown of their own (DATA.md §1).
pub const GROUPING_COLUMNS: [&str; 3] = [AGE_BAND, GENDER, TARGET_GROUP];

/// The group of a participant whose records never give a value for a grouping column.
pub const UNKNOWN_GROUP: &str = "unknown";

/// Named counts and sums for one scope.
pub type ScopeCells = BTreeMap<String, Option<f64>>;

/// Cells for the whole dataset and for each neighbourhood.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    /// The dataset's end date (day number): the setting, else the latest record's date.
    pub end_date: i32,
    /// The earliest record's date (day number).
    pub first_date: i32,
    /// All participants.
    pub overall: ScopeCells,
    /// Per neighbourhood (of the participant's most recent record), by name.
    pub by_neighbourhood: BTreeMap<String, ScopeCells>,
    /// Per grouping column the file fills, per value (of the most recent record giving one).
    pub by_group: BTreeMap<String, BTreeMap<String, ScopeCells>>,
    /// Per calendar period, by period key.
    pub by_period: period::PeriodCells,
    /// The Kaplan–Meier curve of time to work, over all selected participants.
    pub time_to_work: Vec<time_to_work::Step>,
}

/// Column of the prepared records: each record's position, for [`Pick`]s.
const POSITION: &str = "position";

/// How a participant column is made from a participant's records (in date order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverRecords {
    /// The value on their first record.
    First,
    /// The value on their last record.
    Last,
    /// Whether any record's value is true.
    Any,
    /// How many records have a value.
    Count,
    /// The sum of the records' values, whole numbers (none: 0).
    Sum,
}

/// A participant column: `name`, made from record column `column` as `over` says. Each
/// participant's records stand together once sorted, so these are sums over runs of records
/// (`per_participant`); polars' group-by did the same work in a fifth of a 10M-row report.
#[derive(Debug, Clone, Copy)]
pub struct ParticipantColumn {
    column: &'static str,
    over: OverRecords,
    name: &'static str,
}

impl ParticipantColumn {
    /// Column `name`, from record column `column` as `over` says.
    pub const fn new(column: &'static str, over: OverRecords, name: &'static str) -> Self {
        ParticipantColumn { column, over, name }
    }
}

/// Which of a participant's records, in date order, a [`Pick`] takes its value from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The earliest record that gives a value.
    First,
    /// The most recent record that gives a value.
    Last,
}

/// A participant's value taken from one of their records: column `take` of the first or last
/// record that gives a value in column `given` (the intake rung, the latest loneliness score,
/// the date of the first rating). The record's position is found by a scan of the sorted
/// records (`positions_per_run`) and the value taken by position: the same answer as
/// `drop_nulls().first()` per group, many times faster on millions of records.
#[derive(Debug, Clone)]
pub struct Pick {
    given: &'static str,
    which: Which,
    take: &'static str,
    name: String,
}

impl Pick {
    /// Column `take` of the `which` record with a value of `given`, named `name`.
    pub fn new(
        given: &'static str,
        which: Which,
        take: &'static str,
        name: impl Into<String>,
    ) -> Pick {
        Pick {
            given,
            which,
            take,
            name: name.into(),
        }
    }

    /// Picks that share `given` and `which` share the position column.
    fn position_name(&self) -> String {
        format!("{}:{:?}", self.given, self.which)
    }
}

/// What the record-level work depends on: the date window, the end date and the low-income
/// threshold. A change of anything else (neighbourhood or group filters, thresholds of
/// suppression, periods, impact parameters) reuses the [`Prepared`] records.
#[derive(Debug, Clone, PartialEq)]
pub struct PrepareKey {
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    end_date: Option<chrono::NaiveDate>,
    low_income_threshold_pct: f64,
}

impl PrepareKey {
    /// The part of `settings` that [`prepare`] depends on.
    pub fn of(settings: &Settings) -> PrepareKey {
        PrepareKey {
            from: settings.filter.from,
            to: settings.filter.to,
            end_date: settings.end_date,
            low_income_threshold_pct: settings.low_income_threshold_pct,
        }
    }
}

/// Records in the date window, sorted per participant, and the summary of every participant
/// (one row each, outflows included): the expensive part of the pipeline, kept so that a
/// filter on neighbourhood or group only sums again.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What this was prepared for.
    pub key: PrepareKey,
    records: DataFrame,
    summary: DataFrame,
    end_date: i32,
    first_date: i32,
    /// Per participant (the summary's rows), what they add to each cell.
    contributions: Contributions,
    /// Every participant's scopes: overall, their neighbourhood and their groups.
    scopes: Scopes,
    /// Per participant, their months on the time-to-work curve.
    durations: time_to_work::Durations,
    /// Per period length (month, quarter, year), made when first asked for.
    periods: [OnceLock<period::PeriodTable>; 3],
}

impl Prepared {
    /// What each participant adds to each period of `length`.
    fn periods(&self, length: PeriodLength) -> PolarsResult<&period::PeriodTable> {
        let slot = &self.periods[length as usize];
        if let Some(table) = slot.get() {
            return Ok(table);
        }
        let table = period::PeriodTable::of(&self.records, &self.summary, length)?;
        Ok(slot.get_or_init(|| table))
    }
}

/// The record-level work: window, end date, per-record and per-participant columns.
pub fn prepare(loaded: &ParticipantRecords, settings: &Settings) -> PolarsResult<Prepared> {
    prepare_frame(loaded.frame.clone(), loaded, settings)
}

/// [`prepare`] with the records' frame given apart: when the caller gives up its own copy,
/// the frame is let go as it is sorted, a few columns at a time, before the participant
/// summary is built (the peak memory of a report). `loaded` gives the labels and validation;
/// its frame is unused.
pub fn prepare_frame(
    records: DataFrame,
    loaded: &ParticipantRecords,
    settings: &Settings,
) -> PolarsResult<Prepared> {
    let filter = &settings.filter;
    // A filter copies every column, so only the bounds that are set are applied.
    let day = crate::load::values::day_number;
    let window = [
        filter.from.map(|from| col(DATE).gt_eq(lit(day(from)))),
        filter.to.map(|to| col(DATE).lt_eq(lit(day(to)))),
    ]
    .into_iter()
    .flatten()
    .reduce(Expr::and);
    let windowed = match window {
        Some(window) => records.lazy().filter(window).collect()?,
        None => records,
    };
    let dates = windowed.column(DATE)?.as_materialized_series().i32()?;
    let latest = dates.max().unwrap_or(0);
    let first_date = dates.min().unwrap_or(0);
    let end_date = settings
        .end_date
        .map(crate::load::values::day_number)
        .unwrap_or(latest);
    let grouping: Vec<&'static str> = GROUPING_COLUMNS
        .into_iter()
        .filter(|name| {
            windowed
                .column(name)
                .is_ok_and(|column| column.null_count() < column.len())
        })
        .collect();

    let mut record_columns = participation::record_columns();
    record_columns.extend(poverty::record_columns(settings.low_income_threshold_pct));
    let mut windowed = windowed.lazy();
    if end_date < latest {
        windowed = windowed.filter(col(DATE).lt_eq(lit(end_date)));
    }
    let unsorted = windowed.with_columns(record_columns).collect()?;
    // In a block, so that only `prepared` holds the records' columns: it is let go after the
    // picks, a report's peak memory, and a second frame kept them all (a seventh more memory).
    let prepared = {
        let mut sorted = sorted_by_participant_and_date(unsorted)?;
        let minutes = impact::record_minutes(
            &sorted,
            loaded.labels.code_of(ACTIVITY, impact::VOLUNTEER_ACTIVITY),
        )?;
        sorted.with_column(minutes)?;
        sorted.with_row_index(PlSmallStr::from_static(POSITION), None)?
    };

    // Later work needs only these record columns (outflows, periods).
    let records = prepared.select([PARTICIPANT_ID, DATE, LADDER, "active_record", POSITION])?;
    // The breakdown by the period asked for needs the records alone, so it is found on a
    // core of its own while the participant summary is built.
    let (participants, period_runs) = crate::cores::alongside(
        || summarise_participants(prepared, &records, loaded, &grouping, end_date),
        || period::PeriodRuns::of(&records, settings.period),
    );
    let Participants {
        summary,
        contributions,
        scopes,
        durations,
    } = participants?;
    let periods: [OnceLock<period::PeriodTable>; 3] = Default::default();
    let table = period_runs?.table(&summary)?;
    periods[settings.period as usize]
        .set(table)
        .expect("no period table is made before this one");
    Ok(Prepared {
        key: PrepareKey::of(settings),
        records,
        summary,
        end_date,
        first_date,
        contributions,
        scopes,
        durations,
        periods,
    })
}

/// The participant summary and what each participant adds to the cells.
struct Participants {
    summary: DataFrame,
    contributions: Contributions,
    scopes: Scopes,
    durations: time_to_work::Durations,
}

/// One row per participant from the sorted, numbered records (`prepared`, let go once the
/// picks are taken: a report's peak memory), with their scopes and contributions.
/// `records` holds the record columns the outflows need.
fn summarise_participants(
    prepared: DataFrame,
    records: &DataFrame,
    loaded: &ParticipantRecords,
    grouping: &[&'static str],
    end_date: i32,
) -> PolarsResult<Participants> {
    let mut picks = ladder::picks();
    picks.extend(loneliness::picks());
    picks.extend(poverty::picks());
    picks.extend(outflow::picks());
    picks.extend(
        grouping
            .iter()
            .map(|name| Pick::new(name, Which::Last, name, *name)),
    );
    let mut participant_columns = participation::participant_columns();
    participant_columns.extend(loneliness::participant_columns());
    participant_columns.extend(impact::participant_columns());
    let mut summary = per_participant(&prepared, &participant_columns)?;
    let positions = positions_per_run(prepared.clone().lazy(), PARTICIPANT_ID, &picks, vec![])?;
    polars_ensure!(
        positions.column(PARTICIPANT_ID)? == summary.column(PARTICIPANT_ID)?,
        ComputeError: "participants in a different order in the summary and the positions"
    );
    let positions = positions.drop(PARTICIPANT_ID)?;
    let position_names = positions.get_column_names_owned();
    summary.hstack_mut(positions.get_columns())?;
    drop(positions);
    take_picks(&mut summary, &picks, &prepared)?;
    drop(prepared);
    let mut summary = summary.drop_many(position_names);
    // Texts back from codes, now that there is one row per participant.
    // (column, coded as, text for a missing value, whether it is a breakdown of the cells)
    let mut texts = vec![
        (NEIGHBOURHOOD, NEIGHBOURHOOD, None, true),
        ("benefit_intake", BENEFIT, None, false),
    ];
    texts.extend(
        grouping
            .iter()
            .map(|name| (*name, *name, Some(UNKNOWN_GROUP), true)),
    );
    let codes = texts
        .iter()
        .map(|(name, ..)| {
            Ok(summary
                .column(name)?
                .as_materialized_series()
                .u32()?
                .clone())
        })
        .collect::<PolarsResult<Vec<UInt32Chunked>>>()?;
    let mut scopes = Scopes::new();
    for ((name, coded_as, _, is_breakdown), codes) in texts.iter().zip(&codes) {
        if *is_breakdown {
            scopes.add_breakdown(name, codes, &loaded.labels, coded_as);
        }
    }
    let coded: Vec<_> = texts.iter().zip(&codes).collect();
    let columns = crate::cores::each(&coded, |((name, coded_as, missing, _), codes)| {
        loaded.labels.texts(coded_as, codes, name, *missing)
    });
    for column in columns {
        summary.with_column(column)?;
    }
    let summary = outflow::with_outflows(records, summary)?;
    let mut contributions = participation::contributions();
    contributions.extend(ladder::contributions());
    contributions.extend(outflow::contributions(end_date));
    contributions.extend(loneliness::contributions(
        loaded.validation.loneliness_scale,
    ));
    contributions.extend(poverty::contributions());
    contributions.extend(impact::contributions(end_date));
    let durations = time_to_work::Durations::of(&summary)?;
    let contributions = Contributions::of(&summary, contributions)?;
    Ok(Participants {
        summary,
        contributions,
        scopes,
        durations,
    })
}

/// The records sorted by participant, then date; ties on one date keep file order, so "most
/// recent record" is the later line. Sorted on one key (participant code in the high half,
/// date in the low), then gathered a few columns at a time, each batch's originals let go once
/// gathered: at the peak the records are held once and a few columns twice, where a sort of the
/// whole frame would hold them twice and its working memory besides. Exports mostly list each
/// participant's records together and in date order already: such records are kept as they
/// are (the gather took a fifth of the first report's time on a 1M-row file in the browser).
fn sorted_by_participant_and_date(mut records: DataFrame) -> PolarsResult<DataFrame> {
    let participants = records
        .column(PARTICIPANT_ID)?
        .as_materialized_series()
        .u32()?;
    let dates = records.column(DATE)?.as_materialized_series().i32()?;
    // The loader rejects a record without either, so a missing one here is a bug.
    polars_ensure!(
        participants.null_count() == 0 && dates.null_count() == 0,
        ComputeError: "a record without participant or date reached the sort"
    );
    // Flipping the sign bit keeps the dates' order in an unsigned number.
    let key: UInt64Chunked = participants
        .into_no_null_iter()
        .zip(dates.into_no_null_iter())
        .map(|(participant, date)| {
            (u64::from(participant) << 32) | u64::from(date as u32 ^ 0x8000_0000)
        })
        .collect_ca(PlSmallStr::EMPTY);
    if key.into_no_null_iter().is_sorted() {
        drop(key);
        records.apply(PARTICIPANT_ID, |column| {
            let mut column = column.clone();
            column.set_sorted_flag(polars::series::IsSorted::Ascending);
            column
        })?;
        return Ok(records);
    }
    let order = key.arg_sort(SortOptions::default().with_maintain_order(true));
    drop(key);
    let height = records.height();
    // A few columns at a time, one per core, gathered side by side.
    let at_once = crate::cores::available();
    let mut unsorted = records.take_columns().into_iter();
    let mut columns = Vec::with_capacity(unsorted.len());
    loop {
        let batch: Vec<Column> = unsorted.by_ref().take(at_once).collect();
        if batch.is_empty() {
            break;
        }
        columns.extend(
            DataFrame::new_with_height(height, batch)?
                .take(&order)?
                .take_columns(),
        );
    }
    for column in &mut columns {
        // As polars' own sort does: later group-bys and joins on the participant then find
        // runs instead of hashing every record.
        if column.name() == PARTICIPANT_ID {
            column.set_sorted_flag(polars::series::IsSorted::Ascending);
        }
    }
    DataFrame::new_with_height(order.len(), columns)
}

/// The last record of each run of equal `keys`.
fn run_ends<T: PartialEq>(keys: &[T]) -> Vec<IdxSize> {
    (0..keys.len())
        .filter(|&record| keys.get(record + 1) != Some(&keys[record]))
        .map(|record| record as IdxSize)
        .collect()
}

/// The records of each run, from the runs' last records: a run begins just after the one
/// before ends.
fn runs(ends: &[IdxSize]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    ends.iter().scan(0, |begins, &end| {
        let run = *begins..end as usize + 1;
        *begins = end as usize + 1;
        Some(run)
    })
}

/// One row per participant of the sorted `records`, in record order: their code and each of
/// `columns`.
fn per_participant(records: &DataFrame, columns: &[ParticipantColumn]) -> PolarsResult<DataFrame> {
    let codes = records
        .column(PARTICIPANT_ID)?
        .as_materialized_series()
        .u32()?
        .rechunk();
    let ends = run_ends(codes.cont_slice()?);
    let starts: Vec<IdxSize> = runs(&ends).map(|run| run.start as IdxSize).collect();
    let at = |positions: &[IdxSize]| IdxCa::from_vec(PlSmallStr::EMPTY, positions.to_vec());
    let mut made = vec![records.column(PARTICIPANT_ID)?.take(&at(&ends))?];
    made.extend(
        crate::cores::each(columns, |made| -> PolarsResult<Column> {
            let values = records.column(made.column)?.as_materialized_series();
            let name = PlSmallStr::from_static(made.name);
            let column = match made.over {
                OverRecords::First => values.take(&at(&starts))?.into_column(),
                OverRecords::Last => values.take(&at(&ends))?.into_column(),
                OverRecords::Any => {
                    let values = values.bool()?.rechunk();
                    let values = values.downcast_as_array();
                    let any: BooleanChunked = runs(&ends)
                        .map(|mut run| run.any(|record| values.get(record) == Some(true)))
                        .collect_ca(PlSmallStr::EMPTY);
                    any.into_column()
                }
                OverRecords::Count => {
                    let given = values.is_not_null();
                    let given = given.rechunk();
                    let given = given.downcast_as_array().values();
                    let counts: IdxCa = runs(&ends)
                        .map(|run| run.filter(|&record| given.get_bit(record)).count() as IdxSize)
                        .collect_ca(PlSmallStr::EMPTY);
                    counts.into_column()
                }
                OverRecords::Sum => {
                    let values = values.cast(&DataType::Int64)?;
                    let values = values.i64()?.rechunk();
                    let values = values.downcast_as_array();
                    let sums: Int64Chunked = runs(&ends)
                        .map(|run| run.filter_map(|record| values.get(record)).sum::<i64>())
                        .collect_ca(PlSmallStr::EMPTY);
                    sums.into_column()
                }
            };
            Ok(column.with_name(name))
        })
        .into_iter()
        .collect::<PolarsResult<Vec<Column>>>()?,
    );
    DataFrame::new_with_height(ends.len(), made)
}

/// One row per run of records that share `key` (the records are sorted so that each key's
/// records stand together, in date order), in record order: the key, `at_end` (expressions
/// read at a run's last record), and the `POSITION` of every pick's record: the run's first or
/// last record with a value in the pick's `given` column. Each run is scanned from the end the
/// pick reads from, up to the first record with a value, which is nearly always the first
/// record looked at. No hashing and no per-group work, which is what makes the participant
/// summary fast on millions of records. (Polars' forward and backward fills of positions, which
/// did this before, were a third of the first report's time in the browser.)
fn positions_per_run(
    records: LazyFrame,
    key: &str,
    picks: &[Pick],
    at_end: Vec<Expr>,
) -> PolarsResult<DataFrame> {
    let given_name = |given: &str| format!("given:{given}");
    let mut givens: Vec<&'static str> = picks.iter().map(|pick| pick.given).collect();
    givens.sort_unstable();
    givens.dedup();
    let read_at_end = at_end.len();
    let mut columns = vec![col(key)];
    columns.extend(at_end);
    columns.push(col(POSITION));
    columns.extend(
        givens
            .iter()
            .map(|given| col(*given).is_not_null().alias(given_name(given))),
    );
    let frame = records.select(columns).collect()?;

    let keys = frame.column(key)?.cast(&DataType::UInt64)?;
    let keys = keys.as_materialized_series().u64()?.rechunk();
    let keys = keys.cont_slice()?;
    let positions = frame
        .column(POSITION)?
        .as_materialized_series()
        .idx()?
        .rechunk();
    let positions = positions.cont_slice()?;
    let ends = run_ends(keys);

    let mut per_run = frame
        .select_by_range(0..=read_at_end)?
        .take(&IdxCa::from_vec(PlSmallStr::EMPTY, ends.clone()))?;
    let mut named = std::collections::BTreeSet::new();
    let distinct: Vec<&Pick> = picks
        .iter()
        .filter(|pick| named.insert(pick.position_name()))
        .collect();
    let found = crate::cores::each(&distinct, |pick| -> PolarsResult<Column> {
        let has_value = frame
            .column(&given_name(pick.given))?
            .as_materialized_series()
            .bool()?
            .rechunk();
        let has_value = has_value.downcast_as_array().values();
        let found: IdxCa = runs(&ends)
            .map(|mut run| {
                let record = match pick.which {
                    Which::First => run.find(|&record| has_value.get_bit(record)),
                    Which::Last => run.rfind(|&record| has_value.get_bit(record)),
                };
                record.map(|record| positions[record])
            })
            .collect_ca(PlSmallStr::from_string(pick.position_name()));
        Ok(found.into_column())
    });
    for column in found {
        per_run.with_column(column?)?;
    }
    Ok(per_run)
}

/// Adds to `grouped` the value of each pick, from `records` at the position found per group.
fn take_picks(grouped: &mut DataFrame, picks: &[Pick], records: &DataFrame) -> PolarsResult<()> {
    let taken = crate::cores::each(picks, |pick| -> PolarsResult<Series> {
        let at = grouped
            .column(&pick.position_name())?
            .as_materialized_series()
            .idx()?;
        let values = records
            .column(pick.take)?
            .as_materialized_series()
            .take(at)?;
        Ok(values.with_name(PlSmallStr::from_str(&pick.name)))
    });
    for values in taken {
        grouped.with_column(values?)?;
    }
    Ok(())
}

/// The cells of the participants `settings.filter` selects, from prepared records.
pub fn cells_of(prepared: &Prepared, settings: &Settings) -> PolarsResult<Cells> {
    let filter = &settings.filter;
    let selects_participants = !filter.neighbourhoods.is_empty()
        || filter.groups.values().any(|values| !values.is_empty());
    // A bit per participant (the summary's rows), as their contributions are kept (`scopes`).
    let selected = if selects_participants {
        let selected = prepared
            .summary
            .clone()
            .lazy()
            .select([selected_participants(filter).fill_null(lit(false))])
            .collect()?;
        let selected = selected.get_columns()[0]
            .as_materialized_series()
            .bool()?
            .rechunk();
        Some(selected.downcast_as_array().values().clone())
    } else {
        None
    };
    let sums = ScopeSums::of(&prepared.contributions, &prepared.scopes, selected.as_ref());
    let mut by_group: BTreeMap<String, BTreeMap<String, ScopeCells>> = sums
        .breakdowns()
        .map(|(column, cells)| (column.to_owned(), cells))
        .collect();
    let by_neighbourhood = by_group.remove(NEIGHBOURHOOD).unwrap_or_default();
    Ok(Cells {
        end_date: prepared.end_date,
        first_date: prepared.first_date,
        overall: sums.overall(),
        by_neighbourhood,
        by_group,
        by_period: prepared.periods(settings.period)?.cells(selected.as_ref()),
        time_to_work: prepared.durations.curve(selected.as_ref()),
    })
}

/// The participants a filter keeps, as a condition on the participant summary.
fn selected_participants(filter: &Filter) -> Expr {
    let one_of = |column: &str, values: &[String]| {
        values.iter().fold(lit(false), |any, value| {
            any.or(col(column).eq(lit(value.as_str())))
        })
    };
    let mut condition = lit(true);
    if !filter.neighbourhoods.is_empty() {
        condition = condition.and(one_of(NEIGHBOURHOOD, &filter.neighbourhoods));
    }
    for (column, values) in &filter.groups {
        if !values.is_empty() && GROUPING_COLUMNS.contains(&column.as_str()) {
            condition = condition.and(one_of(column, values));
        }
    }
    condition
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Participant columns made over runs of records equal polars' group-by of the same
    /// records (the independent route), nulls and one-record participants included.
    #[test]
    fn participant_columns_equal_a_group_by() {
        let records = df! {
            // Participants: 7 (records 0-2), 3 (3-4), 9 (5), 4 (6-8).
            PARTICIPANT_ID => [7_u32, 7, 7, 3, 3, 9, 4, 4, 4],
            "day" => [10_i32, 11, 12, 13, 14, 15, 16, 17, 18],
            "active" => [None, Some(false), Some(true), Some(false), None, None, Some(false), Some(false), Some(true)],
            "score" => [Some(2.5), None, Some(1.0), None, None, Some(4.0), Some(1.0), Some(2.0), None],
            "minutes" => [Some(5_i64), None, Some(7), None, None, None, Some(1), Some(2), Some(3)],
        }
        .unwrap();
        let columns = [
            ParticipantColumn::new("day", OverRecords::First, "first_day"),
            ParticipantColumn::new("score", OverRecords::Last, "last_score"),
            ParticipantColumn::new("active", OverRecords::Any, "any_active"),
            ParticipantColumn::new("score", OverRecords::Count, "scores"),
            ParticipantColumn::new("minutes", OverRecords::Sum, "minutes_sum"),
        ];
        let made = per_participant(&records, &columns).unwrap();
        let grouped = records
            .lazy()
            .group_by_stable([col(PARTICIPANT_ID)])
            .agg([
                col("day").first().alias("first_day"),
                col("score").last().alias("last_score"),
                col("active").any(true).alias("any_active"),
                col("score").count().alias("scores"),
                col("minutes").sum().alias("minutes_sum"),
            ])
            .collect()
            .unwrap();
        assert_eq!(made, grouped);
        // By hand, for participant 7: first day 10, last score 1.0, active, two scores, 12
        // minutes; participant 9 has no minutes: a sum of 0.
        let row = |name: &str| made.column(name).unwrap().get(0).unwrap().into_static();
        assert_eq!(row("first_day"), AnyValue::Int32(10));
        assert_eq!(row("last_score"), AnyValue::Float64(1.0));
        assert_eq!(row("any_active"), AnyValue::Boolean(true));
        assert_eq!(row("scores"), AnyValue::UInt32(2));
        assert_eq!(row("minutes_sum"), AnyValue::Int64(12));
        assert_eq!(
            made.column("minutes_sum").unwrap().get(2).unwrap(),
            AnyValue::Int64(0)
        );
    }

    /// Picks read the first or the last record with a value inside each run, never a record of
    /// the run before or after, and give no position where a run has no value at all.
    #[test]
    fn picks_find_the_first_and_last_value_inside_each_run() {
        let records = df! {
            // Runs: participant 7 (records 0-2), 3 (3-4), 9 (5), 4 (6-8).
            PARTICIPANT_ID => [7_u32, 7, 7, 3, 3, 9, 4, 4, 4],
            POSITION => [0 as IdxSize, 1, 2, 3, 4, 5, 6, 7, 8],
            "rung" => [None, Some(2), Some(3), None, None, Some(5), Some(1), None, None],
            "week" => [10_i32, 11, 12, 13, 14, 15, 16, 17, 18],
        }
        .unwrap();
        let picks = [
            Pick::new("rung", Which::First, "rung", "rung_intake"),
            Pick::new("rung", Which::Last, "rung", "rung_latest"),
            Pick::new("rung", Which::Last, "rung", "same position as rung_latest"),
        ];
        let runs =
            positions_per_run(records.lazy(), PARTICIPANT_ID, &picks, vec![col("week")]).unwrap();
        let column = |name: &str| -> Vec<Option<u32>> {
            let column = runs.column(name).unwrap().cast(&DataType::UInt32).unwrap();
            column.u32().unwrap().into_iter().collect()
        };
        assert_eq!(
            runs.get_column_names(),
            [PARTICIPANT_ID, "week", "rung:First", "rung:Last"]
        );
        assert_eq!(column(PARTICIPANT_ID), [Some(7), Some(3), Some(9), Some(4)]);
        // Read at each run's last record.
        assert_eq!(column("week"), [Some(12), Some(14), Some(15), Some(18)]);
        // Participant 7: first value at record 1, last at 2. Participant 3 has none (record 2
        // before it and record 5 after it have values). 9: its one record. 4: only record 6.
        assert_eq!(column("rung:First"), [Some(1), None, Some(5), Some(6)]);
        assert_eq!(column("rung:Last"), [Some(2), None, Some(5), Some(6)]);
    }

    /// The one-key sort gives polars' own two-column stable sort: participants in code order,
    /// dates ascending (also before 1970, where the day number is negative), and records on
    /// one date in file order. The participant column comes out flagged sorted.
    #[test]
    fn records_sort_as_polars_sorts_them() {
        let records = df! {
            PARTICIPANT_ID => [2_u32, 0, 2, 1, 0, 2, 0, 1],
            DATE => [5_i32, -3, 5, 9, 7, -1, -3, 9],
            "line" => [1_u32, 2, 3, 4, 5, 6, 7, 8],
            "flag" => [Some(true), None, Some(false), Some(true), None, Some(false), Some(true), None],
        }
        .unwrap();
        let by_polars = records
            .sort(
                [PARTICIPANT_ID, DATE],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .unwrap();
        let sorted = sorted_by_participant_and_date(records).unwrap();
        assert_eq!(sorted, by_polars);
        let lines: Vec<u32> = sorted
            .column("line")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        // Participant 0: -3 (lines 2, 7, in file order), 7; participant 1: 9, 9; then 2.
        assert_eq!(lines, [2, 7, 5, 4, 8, 6, 1, 3]);
        assert_eq!(
            sorted.column(PARTICIPANT_ID).unwrap().is_sorted_flag(),
            polars::series::IsSorted::Ascending
        );
        // Records already in order (as most exports list them) come back as they are, flagged.
        let mut in_order = sorted.clone();
        in_order
            .apply(PARTICIPANT_ID, |column| {
                let mut column = column.clone();
                column.set_sorted_flag(polars::series::IsSorted::Not);
                column
            })
            .unwrap();
        let again = sorted_by_participant_and_date(in_order).unwrap();
        assert_eq!(again, sorted);
        assert_eq!(
            again.column(PARTICIPANT_ID).unwrap().is_sorted_flag(),
            polars::series::IsSorted::Ascending
        );
    }
}
