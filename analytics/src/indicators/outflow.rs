//! Outflow to work (DATA.md §3): participants who start at rung 4 or lower and later reach
//! rung 5 or 6; the share within 12 months of intake; and whether the outflow lasts.

use polars::prelude::*;

use super::{Pick, Which};

use crate::columns::{BENEFIT, BENEFIT_SINCE, DATE, LADDER, PARTICIPANT_ID};

/// Highest intake rung from which a move to rung 5 or 6 counts as outflow.
pub const HIGHEST_INTAKE_RUNG: i32 = 4;
/// Lowest rung that counts as work.
pub const WORK_RUNG: i32 = 5;
/// "Within 12 months": at most this many days after intake.
pub const WITHIN_DAYS: i32 = 365;
/// A relapse within this many days makes an outflow not durable; a rated record this many
/// days or more after it, with no relapse, makes it durable.
pub const DURABLE_DAYS: i32 = 180;

/// Benefit duration at intake, as CBS splits its bijstand-to-work cohorts, plus participants
/// without a benefit at intake and those whose benefit start is not known. Together the bands
/// hold every participant, so their figures add up to the totals.
pub const BENEFIT_DURATION_BANDS: [&str; 5] =
    ["under_1y", "1_to_2y", "over_2y", "no_benefit", "unknown"];

/// Name of the outflow cell `cell` restricted to benefit-duration band `band`.
pub fn band_cell(cell: &str, band: &str) -> String {
    format!("{cell}.{band}")
}

/// The outflow cells that are split by benefit duration.
pub const CELLS_BY_BAND: [&str; 3] = ["outflow_count", "outflow_12m_base", "outflow_12m"];

/// Per participant (records sorted by date): benefit and its start at intake (the earliest
/// record that has each).
pub fn picks() -> Vec<Pick> {
    vec![
        Pick::new(
            BENEFIT_SINCE,
            Which::First,
            BENEFIT_SINCE,
            "benefit_since_intake",
        ),
        Pick::new(BENEFIT, Which::First, BENEFIT, "benefit_intake"),
    ]
}

/// Column of the participant summary: the participant's benefit-duration band, as its
/// position in [`BENEFIT_DURATION_BANDS`] (computed once; every scope's cells compare it).
const BAND: &str = "benefit_band";

/// The benefit-duration band of a participant: days on benefit at their first rating.
fn band() -> Expr {
    let position = |name: &str| {
        let position = BENEFIT_DURATION_BANDS
            .iter()
            .position(|band| *band == name)
            .expect("a band of BENEFIT_DURATION_BANDS");
        lit(position as i32)
    };
    let days = col("rated_first_date") - col("benefit_since_intake");
    when(col("benefit_intake").eq(lit("geen")))
        .then(position("no_benefit"))
        .when(days.clone().lt(lit(365)))
        .then(position("under_1y"))
        .when(days.clone().lt_eq(lit(730)))
        .then(position("1_to_2y"))
        .when(days.is_not_null())
        .then(position("over_2y"))
        .otherwise(position("unknown"))
        .alias(BAND)
}

/// Adds to the participant summary the outflow date, and whether that outflow relapsed or
/// proved durable. `records` are the prepared records, sorted by participant and then date;
/// `summary` has one row per participant, in the same order, with the ladder columns.
/// One scan of each participant's records: joining the records with the summary and grouping
/// them twice, as this did before, took a fifth of the first report's time in the browser.
pub fn with_outflows(records: &DataFrame, mut summary: DataFrame) -> PolarsResult<DataFrame> {
    let ints = |frame: &DataFrame, name: &str| -> PolarsResult<Int32Chunked> {
        Ok(frame
            .column(name)?
            .as_materialized_series()
            .i32()?
            .rechunk()
            .into_owned())
    };
    let participants = records
        .column(PARTICIPANT_ID)?
        .as_materialized_series()
        .u32()?
        .rechunk();
    let participants = participants.cont_slice()?;
    let dates = ints(records, DATE)?;
    let dates = dates.cont_slice()?;
    let rungs = ints(records, LADDER)?;
    let rungs = rungs.downcast_as_array();
    let rung_at = |record: usize| {
        rungs
            .validity()
            .is_none_or(|valid| valid.get_bit(record))
            .then(|| rungs.values()[record])
    };
    let summary_participants = summary
        .column(PARTICIPANT_ID)?
        .as_materialized_series()
        .u32()?;
    let intake_rungs = ints(&summary, "rung_intake")?;
    let first_rated = ints(&summary, "rated_first_date")?;

    let mut outflow_dates: Vec<Option<i32>> = Vec::with_capacity(summary.height());
    let mut relapsed = Vec::with_capacity(summary.height());
    let mut durable = Vec::with_capacity(summary.height());
    let mut begins = 0;
    for (row, participant) in summary_participants.iter().enumerate() {
        let length = participants[begins..]
            .iter()
            .take_while(|&&code| Some(code) == participant)
            .count();
        polars_ensure!(
            length > 0,
            ComputeError: "participants in a different order in the summary and the records"
        );
        let run = begins..begins + length;
        begins += length;
        // The earliest record at work after the first rating, for those who started at rung 4
        // or lower.
        let outflow = match (intake_rungs.get(row), first_rated.get(row)) {
            (Some(intake), Some(first)) if intake <= HIGHEST_INTAKE_RUNG => run
                .clone()
                .find(|&record| {
                    dates[record] > first && rung_at(record).is_some_and(|rung| rung >= WORK_RUNG)
                })
                .map(|record| dates[record]),
            _ => None,
        };
        // The rated records after it: a relapse to rung 4 or lower within the horizon, or a
        // rating at or after the horizon.
        let (relapse, followed_up) = outflow.map_or((false, false), |outflow| {
            let horizon = outflow + DURABLE_DAYS;
            run.filter(|&record| dates[record] > outflow)
                .filter_map(|record| Some((dates[record], rung_at(record)?)))
                .fold((false, false), |(relapse, followed_up), (date, rung)| {
                    (
                        relapse || (rung <= HIGHEST_INTAKE_RUNG && date <= horizon),
                        followed_up || date >= horizon,
                    )
                })
        });
        outflow_dates.push(outflow);
        relapsed.push(relapse);
        durable.push(!relapse && followed_up);
    }
    polars_ensure!(
        begins == participants.len(),
        ComputeError: "records of participants the summary does not have"
    );
    summary.with_column(Int32Chunked::from_iter_options(
        PlSmallStr::from_static("outflow_date"),
        outflow_dates.into_iter(),
    ))?;
    summary.with_column(BooleanChunked::from_slice(
        PlSmallStr::from_static("relapsed"),
        &relapsed,
    ))?;
    summary.with_column(BooleanChunked::from_slice(
        PlSmallStr::from_static("durable"),
        &durable,
    ))?;
    summary.lazy().with_columns([band()]).collect()
}

/// Per participant, what they add to the cells: outflow count, the 12-month cohort and its
/// outflows (in all and per benefit duration band), durable and relapsed.
pub fn contributions(end_date: i32) -> Vec<Expr> {
    let in_cohort = col("rung_intake")
        .lt_eq(lit(HIGHEST_INTAKE_RUNG))
        .and((lit(end_date) - col("rated_first_date")).gt_eq(lit(WITHIN_DAYS)))
        .fill_null(lit(false));
    let within = (col("outflow_date") - col("rated_first_date"))
        .lt_eq(lit(WITHIN_DAYS))
        .fill_null(lit(false));
    let totals = [
        ("outflow_count", col("outflow_date").is_not_null()),
        ("outflow_12m_base", in_cohort.clone()),
        ("outflow_12m", in_cohort.and(within)),
    ];
    let mut cells: Vec<Expr> = totals
        .iter()
        .flat_map(|(name, condition)| {
            (0..)
                .zip(BENEFIT_DURATION_BANDS)
                .map(|(position, name_of_band)| {
                    condition
                        .clone()
                        .and(col(BAND).eq(lit(position)))
                        .alias(band_cell(name, name_of_band))
                })
        })
        .collect();
    cells.extend(totals.map(|(name, condition)| condition.alias(name)));
    cells.extend([
        col("durable").alias("durable"),
        col("relapsed").alias("relapsed"),
        col("durable").or(col("relapsed")).alias("outflow_known"),
    ]);
    cells
}
