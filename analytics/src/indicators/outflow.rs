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
/// proved durable. `records` are the prepared records; `summary` has the ladder columns.
pub fn with_outflows(records: LazyFrame, summary: LazyFrame) -> LazyFrame {
    let by_participant = || [col(PARTICIPANT_ID)];
    let outflows = records
        .clone()
        .join(
            summary.clone().select([
                col(PARTICIPANT_ID),
                col("rung_intake"),
                col("rated_first_date"),
            ]),
            by_participant(),
            by_participant(),
            JoinArgs::new(JoinType::Inner),
        )
        .group_by(by_participant())
        // The condition filters inside the aggregation rather than before the group-by: a
        // plain `min` on a plain key is "partitionable", and polars 0.52 then wants its
        // streaming engine (feature `new_streaming`), which does not build for wasm32.
        .agg([col(DATE)
            .filter(
                col("rung_intake")
                    .lt_eq(lit(HIGHEST_INTAKE_RUNG))
                    .and(col(LADDER).gt_eq(lit(WORK_RUNG)))
                    .and(col(DATE).gt(col("rated_first_date"))),
            )
            .min()
            .alias("outflow_date")])
        .filter(col("outflow_date").is_not_null());
    let horizon = || col("outflow_date") + lit(DURABLE_DAYS);
    let follow_up = records
        .join(
            outflows.clone(),
            by_participant(),
            by_participant(),
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col(LADDER)
                .is_not_null()
                .and(col(DATE).gt(col("outflow_date"))),
        )
        .group_by(by_participant())
        .agg([
            col(LADDER)
                .lt_eq(lit(HIGHEST_INTAKE_RUNG))
                .and(col(DATE).lt_eq(horizon()))
                .any(true)
                .alias("relapsed"),
            col(DATE).gt_eq(horizon()).any(true).alias("followed_up"),
        ]);
    summary
        .left_join(outflows, col(PARTICIPANT_ID), col(PARTICIPANT_ID))
        .left_join(follow_up, col(PARTICIPANT_ID), col(PARTICIPANT_ID))
        .with_columns([
            col("relapsed").fill_null(lit(false)).alias("relapsed"),
            col("relapsed")
                .fill_null(lit(false))
                .not()
                .and(col("followed_up").fill_null(lit(false)))
                .alias("durable"),
            band(),
        ])
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
