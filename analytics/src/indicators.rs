//! The indicator pipeline of DATA.md §3. Records become one row per participant (each
//! family adds its columns), and that table is summed into *cells* (counts and sums) per
//! scope: overall and per neighbourhood. Figures and suppression are made from the cells
//! in [`crate::report`], so every front end shows the same numbers.

pub mod ladder;
pub mod loneliness;
pub mod outflow;
pub mod participation;
pub mod poverty;
pub mod reach;

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::columns::{LonelinessScale, DATE, NEIGHBOURHOOD, PARTICIPANT_ID};
use crate::settings::Settings;

/// Named counts and sums for one scope; `None` where a sum has nothing to add up.
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
}

/// Computes every cell from validated records (see [`crate::load::ParticipantRecords`]).
pub fn compute_cells(
    records: &DataFrame,
    settings: &Settings,
    scale: Option<LonelinessScale>,
) -> PolarsResult<Cells> {
    let dates = records.column(DATE)?.as_materialized_series().i32()?;
    let latest = dates.max().unwrap_or(0);
    let end_date = settings
        .end_date
        .map(crate::load::values::day_number)
        .unwrap_or(latest);

    let mut record_columns = participation::record_columns();
    record_columns.extend(poverty::record_columns(settings.low_income_threshold_pct));
    // Ties on one date keep file order, so "most recent record" is the later line.
    let prepared = records
        .clone()
        .lazy()
        .filter(col(DATE).lt_eq(lit(end_date)))
        .with_columns(record_columns)
        .sort(
            [PARTICIPANT_ID, DATE],
            SortMultipleOptions::default().with_maintain_order(true),
        );

    let mut participant_columns = participation::participant_columns();
    participant_columns.extend(ladder::participant_columns());
    participant_columns.extend(loneliness::participant_columns());
    participant_columns.extend(poverty::participant_columns());
    let summary = prepared
        .clone()
        .group_by([col(PARTICIPANT_ID)])
        .agg(participant_columns);
    // Collected once: both the overall and the per-neighbourhood cells read it.
    let summary = outflow::with_outflows(prepared, summary).collect()?.lazy();

    let mut cells = participation::cells();
    cells.extend(ladder::cells());
    cells.extend(outflow::cells(end_date));
    cells.extend(loneliness::cells(scale));
    cells.extend(poverty::cells());
    let cells: Vec<Expr> = cells
        .into_iter()
        .map(|cell| cell.cast(DataType::Float64))
        .collect();

    let overall_frame = summary.clone().select(cells.clone()).collect()?;
    let neighbourhood_frame = summary
        .group_by([col(NEIGHBOURHOOD)])
        .agg(cells)
        .sort([NEIGHBOURHOOD], SortMultipleOptions::default())
        .collect()?;

    let overall = scope_cells(&overall_frame, 0)?;
    let names = neighbourhood_frame
        .column(NEIGHBOURHOOD)?
        .as_materialized_series()
        .str()?
        .clone();
    let mut by_neighbourhood = BTreeMap::new();
    for (row, name) in names.into_iter().enumerate() {
        by_neighbourhood.insert(
            name.unwrap_or_default().to_owned(),
            scope_cells(&neighbourhood_frame, row)?,
        );
    }
    Ok(Cells {
        end_date,
        first_date: dates.min().unwrap_or(0),
        overall,
        by_neighbourhood,
    })
}

fn scope_cells(frame: &DataFrame, row: usize) -> PolarsResult<ScopeCells> {
    let mut cells = ScopeCells::new();
    for column in frame.get_columns() {
        if column.name().as_str() == NEIGHBOURHOOD {
            continue;
        }
        let value = column.as_materialized_series().f64()?.get(row);
        cells.insert(column.name().to_string(), value);
    }
    Ok(cells)
}
