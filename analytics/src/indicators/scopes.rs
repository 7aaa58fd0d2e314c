//! Scopes and their cells. A scope is a set of participants whose figures are reported: all of
//! them, those of one neighbourhood, those of one group. Each participant's contribution to
//! every cell is computed once per prepared data ([`Contributions`]), and every scope's cells
//! are the sums of its selected participants' contributions ([`ScopeSums`]). A count is the
//! number of set bits the cell's bitmap shares with the selection and the scope's members, 64
//! participants at a time; an amount is added participant by participant, to the overall scope
//! and to their scope in every breakdown at once. A filter change in the dashboard only counts
//! and sums again; nothing is planned, hashed or grouped.

use std::collections::BTreeMap;

use polars::prelude::*;
use polars_arrow::bitmap::bitmask::BitMask;
use polars_arrow::bitmap::{num_intersections_with, Bitmap, MutableBitmap};

use super::{impact, ScopeCells, UNKNOWN_GROUP};
use crate::load::Labels;

/// The scopes of one participant-level column (neighbourhood, or a grouping column): one per
/// value, a participant in the scope of their value.
#[derive(Debug, Clone)]
struct Breakdown {
    column: &'static str,
    /// The value of each scope, in the order of first appearance.
    values: Vec<String>,
    /// The number of the breakdown's first scope; overall is scope 0.
    first_scope: u32,
    /// Per participant, the number of their scope.
    scope_of: Vec<u32>,
    /// Per value, its participants (a set bit each).
    members: Vec<Bitmap>,
}

/// Every participant's scopes: overall (scope 0), and one in each breakdown.
#[derive(Debug, Clone)]
pub(super) struct Scopes {
    breakdowns: Vec<Breakdown>,
    count: u32,
}

impl Scopes {
    /// Only the overall scope.
    pub(super) fn new() -> Scopes {
        Scopes {
            breakdowns: Vec::new(),
            count: 1,
        }
    }

    /// Adds the breakdown by a coded participant column (`codes`, one per participant, coded
    /// as loaded column `coded_as`). A participant without a value is in [`UNKNOWN_GROUP`];
    /// codes with the same text share a scope.
    pub(super) fn add_breakdown(
        &mut self,
        column: &'static str,
        codes: &UInt32Chunked,
        labels: &Labels,
        coded_as: &str,
    ) {
        let first_scope = self.count;
        let mut values: Vec<String> = Vec::new();
        let mut scope_of_value: PlHashMap<String, u32> = PlHashMap::new();
        let mut scope_of_code: PlHashMap<Option<u32>, u32> = PlHashMap::new();
        let scope_of = codes
            .iter()
            .map(|code| {
                *scope_of_code.entry(code).or_insert_with(|| {
                    let value = code
                        .and_then(|code| labels.text(coded_as, code))
                        .unwrap_or(UNKNOWN_GROUP);
                    *scope_of_value.entry(value.to_owned()).or_insert_with(|| {
                        values.push(value.to_owned());
                        first_scope + values.len() as u32 - 1
                    })
                })
            })
            .collect::<Vec<u32>>();
        // One pass over the participants, however many values the column has.
        let mut members = vec![MutableBitmap::from_len_zeroed(scope_of.len()); values.len()];
        for (participant, scope) in scope_of.iter().enumerate() {
            members[(scope - first_scope) as usize].set(participant, true);
        }
        let members = members.into_iter().map(Bitmap::from).collect();
        self.count += values.len() as u32;
        self.breakdowns.push(Breakdown {
            column,
            values,
            first_scope,
            scope_of,
            members,
        });
    }
}

/// One cell's contributions, one per participant.
#[derive(Debug, Clone)]
enum Contribution {
    /// Participants who count: a set bit each.
    Count(Bitmap),
    /// An amount per participant (0 where they have none).
    Amount(Vec<f64>),
}

/// Per participant, what they add to each cell.
#[derive(Debug, Clone)]
pub(super) struct Contributions {
    participants: usize,
    names: Vec<String>,
    /// Per cell, what its sum is divided by to give the figure's unit ([`impact::UNITS`]).
    units: Vec<f64>,
    columns: Vec<Contribution>,
}

impl Contributions {
    /// From a frame of one row per participant and one column per cell: a boolean column
    /// counts its true values (a missing value counts nothing), any other column is summed
    /// (a missing value adds nothing).
    pub(super) fn of(summary: &DataFrame, contributions: Vec<Expr>) -> PolarsResult<Contributions> {
        // A few at a time: each batch is turned into bitmaps and amounts before the next is
        // computed, so the intermediate columns of all of them never stand in memory at once.
        const BATCH: usize = 16;
        let mut names = Vec::with_capacity(contributions.len());
        let mut columns = Vec::with_capacity(contributions.len());
        for batch in contributions.chunks(BATCH) {
            let frame = summary.clone().lazy().select(batch).collect()?;
            Self::add_columns(&frame, &mut names, &mut columns)?;
        }
        let units = names
            .iter()
            .map(|name| {
                impact::UNITS
                    .iter()
                    .find(|(cell, _)| cell == name)
                    .map_or(1.0, |(_, unit)| *unit)
            })
            .collect();
        Ok(Contributions {
            participants: summary.height(),
            names,
            units,
            columns,
        })
    }

    /// Adds each column of `frame` as a contribution: a boolean column as a count, any other
    /// as an amount.
    fn add_columns(
        frame: &DataFrame,
        names: &mut Vec<String>,
        columns: &mut Vec<Contribution>,
    ) -> PolarsResult<()> {
        for column in frame.get_columns() {
            let series = column.as_materialized_series();
            names.push(column.name().to_string());
            columns.push(match series.dtype() {
                DataType::Boolean => {
                    let counts = series.bool()?.rechunk();
                    let counts = counts.downcast_as_array();
                    Contribution::Count(match counts.validity() {
                        Some(known) => counts.values() & known,
                        None => counts.values().clone(),
                    })
                }
                _ => Contribution::Amount(
                    series
                        .cast(&DataType::Float64)?
                        .f64()?
                        .iter()
                        .map(|amount| amount.unwrap_or(0.0))
                        .collect(),
                ),
            });
        }
        Ok(())
    }
}

/// Whether `selected` (a set bit per selected participant; `None` for all) keeps `participant`.
pub(super) fn is_selected(selected: Option<&Bitmap>, participant: usize) -> bool {
    selected.is_none_or(|selected| selected.get_bit(participant))
}

/// How many participants two sets (a bit per participant, as many each) have in common.
fn shared(set: &Bitmap, members: &Bitmap) -> u64 {
    let ((set_bytes, 0, length), (member_bytes, 0, _)) = (set.as_slice(), members.as_slice())
    else {
        // Not starting at a byte: polars' general count, which shifts every word into place.
        return num_intersections_with(BitMask::from_bitmap(set), BitMask::from_bitmap(members))
            as u64;
    };
    // Eight bytes at a time, as little-endian words (bit i of a bitmap is bit i % 8 of byte
    // i / 8). polars' count reads words through an iterator that, in the browser's build for
    // size, took most of a filter change's counting.
    let word = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().expect("eight bytes"));
    let words = length / 64;
    let whole: u64 = set_bytes
        .chunks_exact(8)
        .zip(member_bytes.chunks_exact(8))
        .take(words)
        .map(|(set, members)| u64::from((word(set) & word(members)).count_ones()))
        .sum();
    let rest = (words * 64..length)
        .filter(|&participant| set.get_bit(participant) && members.get_bit(participant))
        .count();
    whole + rest as u64
}

/// Every cell of every scope, for the selected participants.
pub(super) struct ScopeSums<'a> {
    scopes: &'a Scopes,
    contributions: &'a Contributions,
    /// Scope-major: `sums[scope * cells + cell]`.
    sums: Vec<f64>,
    /// Selected participants per scope.
    participants: Vec<u64>,
}

impl<'a> ScopeSums<'a> {
    /// Sums the contributions of the participants `selected` keeps (a set bit each; all when
    /// `None`). The sums run in participant order, so they are the same wherever they run;
    /// every contribution but a change of loneliness score is a whole number, summed exactly.
    pub(super) fn of(
        contributions: &'a Contributions,
        scopes: &'a Scopes,
        selected: Option<&Bitmap>,
    ) -> ScopeSums<'a> {
        let cells = contributions.names.len();
        let mut sums = vec![0.0; scopes.count as usize * cells];
        let mut participants = vec![0_u64; scopes.count as usize];
        participants[0] = selected.map_or(contributions.participants, Bitmap::set_bits) as u64;
        // The scopes of the breakdowns that have selected participants (the others are left
        // out of the report), with their members.
        let mut live: Vec<(usize, &Bitmap)> = Vec::new();
        for breakdown in &scopes.breakdowns {
            for (scope, members) in (breakdown.first_scope as usize..).zip(&breakdown.members) {
                participants[scope] = match selected {
                    Some(selected) => shared(selected, members),
                    None => members.set_bits() as u64,
                };
                if participants[scope] > 0 {
                    live.push((scope, members));
                }
            }
        }
        for (cell, column) in contributions.columns.iter().enumerate() {
            match column {
                // Whole numbers: counted, not added one by one, and exactly the same.
                Contribution::Count(counts) => {
                    let counted = match selected {
                        Some(selected) => counts & selected,
                        None => counts.clone(),
                    };
                    sums[cell] = counted.set_bits() as f64;
                    for (scope, members) in &live {
                        sums[scope * cells + cell] = shared(&counted, members) as f64;
                    }
                }
                // Added in participant order, so that the sums are the same wherever they run.
                Contribution::Amount(amounts) => {
                    let mut add = |participant: usize| {
                        let amount = amounts[participant];
                        sums[cell] += amount;
                        for breakdown in &scopes.breakdowns {
                            let scope = breakdown.scope_of[participant] as usize;
                            sums[scope * cells + cell] += amount;
                        }
                    };
                    match selected {
                        Some(selected) => selected.true_idx_iter().for_each(&mut add),
                        None => (0..contributions.participants).for_each(&mut add),
                    }
                }
            }
        }
        ScopeSums {
            scopes,
            contributions,
            sums,
            participants,
        }
    }

    /// The cells of the overall scope.
    pub(super) fn overall(&self) -> ScopeCells {
        self.scope(0)
    }

    /// Per breakdown (by column), the cells of each value with selected participants.
    pub(super) fn breakdowns(
        &self,
    ) -> impl Iterator<Item = (&'static str, BTreeMap<String, ScopeCells>)> + '_ {
        self.scopes.breakdowns.iter().map(|breakdown| {
            let cells = (breakdown.first_scope..)
                .zip(&breakdown.values)
                .filter(|(scope, _)| self.participants[*scope as usize] > 0)
                .map(|(scope, value)| (value.clone(), self.scope(scope as usize)))
                .collect();
            (breakdown.column, cells)
        })
    }

    /// The cells of one scope, in the units of the figures.
    fn scope(&self, scope: usize) -> ScopeCells {
        let Contributions { names, units, .. } = self.contributions;
        let sums = &self.sums[scope * names.len()..(scope + 1) * names.len()];
        names
            .iter()
            .zip(units)
            .zip(sums)
            .map(|((name, unit), sum)| (name.clone(), Some(sum / unit)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes() -> Scopes {
        let names = ["Noord", "Zuid"].map(Box::from).into_iter().collect();
        let labels = Labels::new(BTreeMap::from([("neighbourhood", names)]));
        let mut scopes = Scopes::new();
        // Four participants: in Noord, Zuid, Noord, and one without a neighbourhood.
        let codes = UInt32Chunked::from_iter([Some(0), Some(1), Some(0), None]);
        scopes.add_breakdown("neighbourhood", &codes, &labels, "neighbourhood");
        scopes
    }

    fn contributions() -> Contributions {
        let frame = df!(
            "lonely" => [Some(true), Some(false), None, Some(true)],
            "volunteer_hours" => [Some(90_i64), None, Some(30), Some(60)],
        )
        .unwrap();
        Contributions::of(&frame, vec![col("lonely"), col("volunteer_hours")]).unwrap()
    }

    #[test]
    fn contributions_keep_their_order_across_batches() {
        let frame = df!("hours" => [1.0, 2.0]).unwrap();
        let expressions = (0..40)
            .map(|index| (col("hours") * lit(f64::from(index))).alias(format!("c{index}")))
            .collect();
        let contributions = Contributions::of(&frame, expressions).unwrap();
        let expected: Vec<String> = (0..40).map(|index| format!("c{index}")).collect();
        assert_eq!(contributions.names, expected);
        match &contributions.columns[39] {
            Contribution::Amount(amounts) => assert_eq!(amounts, &vec![39.0, 78.0]),
            Contribution::Count(_) => panic!("an amount was read as a count"),
        }
    }

    fn cell(cells: &ScopeCells, name: &str) -> f64 {
        cells[name].unwrap()
    }

    #[test]
    fn cells_sum_the_contributions_of_each_scope() {
        let (scopes, contributions) = (scopes(), contributions());
        let sums = ScopeSums::of(&contributions, &scopes, None);
        // Lonely: participants 1 and 4; hours: (90 + 30 + 60) minutes / 60.
        assert_eq!(cell(&sums.overall(), "lonely"), 2.0);
        assert_eq!(cell(&sums.overall(), "volunteer_hours"), 3.0);
        let (column, by_neighbourhood) = sums.breakdowns().next().unwrap();
        assert_eq!(column, "neighbourhood");
        let names: Vec<&str> = by_neighbourhood.keys().map(String::as_str).collect();
        assert_eq!(names, ["Noord", "Zuid", UNKNOWN_GROUP]);
        // Noord: participants 1 and 3, one lonely (3's is missing), (90 + 30) / 60 hours.
        assert_eq!(cell(&by_neighbourhood["Noord"], "lonely"), 1.0);
        assert_eq!(cell(&by_neighbourhood["Noord"], "volunteer_hours"), 2.0);
        assert_eq!(cell(&by_neighbourhood["Zuid"], "lonely"), 0.0);
        assert_eq!(cell(&by_neighbourhood["Zuid"], "volunteer_hours"), 0.0);
        assert_eq!(
            cell(&by_neighbourhood[UNKNOWN_GROUP], "volunteer_hours"),
            1.0
        );
    }

    /// Counting shared bits, 64 participants at a time, gives what counting participant by
    /// participant gives: across word boundaries, and for selections that start at a byte
    /// inside the bitmap or inside a byte (sliced bitmaps).
    #[test]
    fn counts_by_shared_bits_equal_counts_one_by_one() {
        let participants = 200;
        let neighbourhood_of = |i: usize| (i % 7 != 0).then_some((i * 5 % 3) as u32);
        let flag_of = |i: usize| match i % 5 {
            0 => None,
            1 | 3 => Some(true),
            _ => Some(i % 11 == 0),
        };
        let names = ["Noord", "Zuid", "West"]
            .map(Box::from)
            .into_iter()
            .collect();
        let labels = Labels::new(BTreeMap::from([("neighbourhood", names)]));
        let mut scopes = Scopes::new();
        let codes = UInt32Chunked::from_iter((0..participants).map(neighbourhood_of));
        scopes.add_breakdown("neighbourhood", &codes, &labels, "neighbourhood");
        let frame = df!("flag" => (0..participants).map(flag_of).collect::<Vec<_>>()).unwrap();
        let contributions = Contributions::of(&frame, vec![col("flag")]).unwrap();
        let keeps = |i: usize| i % 4 != 1;
        let counted = |scope: Option<Option<u32>>| {
            (0..participants)
                .filter(|&i| keeps(i) && flag_of(i) == Some(true))
                .filter(|&i| scope.is_none_or(|scope| neighbourhood_of(i) == scope))
                .count() as f64
        };
        assert!(counted(None) > 20.0, "the fixture counts enough to tell");
        for offset in [0, 3, 8] {
            let selected = Bitmap::from_iter(
                (0..participants + offset).map(|i| i >= offset && keeps(i - offset)),
            )
            .sliced(offset, participants);
            let sums = ScopeSums::of(&contributions, &scopes, Some(&selected));
            assert_eq!(
                cell(&sums.overall(), "flag"),
                counted(None),
                "offset {offset}"
            );
            let (_, by_neighbourhood) = sums.breakdowns().next().unwrap();
            for (name, code) in [("Noord", Some(0)), ("Zuid", Some(1)), ("West", Some(2))] {
                let shown = cell(&by_neighbourhood[name], "flag");
                assert_eq!(shown, counted(Some(code)), "{name}, offset {offset}");
            }
            let unknown = cell(&by_neighbourhood[UNKNOWN_GROUP], "flag");
            assert_eq!(unknown, counted(Some(None)), "offset {offset}");
        }
    }

    #[test]
    fn only_selected_participants_count_and_empty_scopes_are_left_out() {
        let (scopes, contributions) = (scopes(), contributions());
        // Participants 2 and 3 only.
        let selected = Bitmap::from_iter([false, true, true, false]);
        let sums = ScopeSums::of(&contributions, &scopes, Some(&selected));
        assert_eq!(cell(&sums.overall(), "lonely"), 0.0);
        assert_eq!(cell(&sums.overall(), "volunteer_hours"), 0.5);
        let (_, by_neighbourhood) = sums.breakdowns().next().unwrap();
        let names: Vec<&str> = by_neighbourhood.keys().map(String::as_str).collect();
        assert_eq!(names, ["Noord", "Zuid"]);
        assert_eq!(cell(&by_neighbourhood["Noord"], "volunteer_hours"), 0.5);
    }
}
