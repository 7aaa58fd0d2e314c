//! Participation (DATA.md §3): participants, and active participants (a record at rung 3 or
//! higher, or with hours of activity).

use polars::prelude::*;

use super::{OverRecords, ParticipantColumn};

use crate::columns::{DATE, HOURS_PER_WEEK, LADDER, NEIGHBOURHOOD, PARTICIPANT_ID};

/// Per record: whether it shows the participant active.
pub fn record_columns() -> Vec<Expr> {
    vec![col(LADDER)
        .gt_eq(lit(3))
        .fill_null(lit(false))
        .or(col(HOURS_PER_WEEK).gt(lit(0.0)).fill_null(lit(false)))
        .alias("active_record")]
}

/// Per participant (records sorted by date): the neighbourhood of the most recent record,
/// the first and last dates, and whether any record shows them active.
pub fn participant_columns() -> Vec<ParticipantColumn> {
    vec![
        ParticipantColumn::new(NEIGHBOURHOOD, OverRecords::Last, NEIGHBOURHOOD),
        ParticipantColumn::new(DATE, OverRecords::First, "first_date"),
        ParticipantColumn::new(DATE, OverRecords::Last, "last_date"),
        ParticipantColumn::new("active_record", OverRecords::Any, "active"),
    ]
}

/// Per participant, what they add to the cells (see [`super::Cells`]): participants and
/// active participants.
pub fn contributions() -> Vec<Expr> {
    vec![
        col(PARTICIPANT_ID).is_not_null().alias("participants"),
        col("active").alias("active_participants"),
    ]
}
