//! The report model (DATA.md §5): figures per scope, made from the indicator cells, with
//! small numbers suppressed inside the model so that no front end can forget it.

use std::collections::BTreeMap;

use polars::prelude::PlHashMap;
use serde::{Deserialize, Serialize};

use crate::disclosure::{self, Group};
use crate::indicators::reach::{ReferenceMatching, REACH_PARTICIPANTS, TARGET_POPULATION};
use crate::indicators::{ladder, outflow, period, Cells, ScopeCells};
use crate::load::values::date_of;
use crate::settings::Settings;
use crate::validation::Validation;

/// Version of the JSON layout; raised when a key changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything Wijkwaarde shows about one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Layout version, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// What the figures rest on.
    pub input: InputSummary,
    /// The settings the figures were computed with.
    pub settings: Settings,
    /// Figures over all participants.
    pub overall: Figures,
    /// Figures per neighbourhood (of each participant's most recent record), by name.
    pub by_neighbourhood: Vec<NeighbourhoodFigures>,
    /// Per grouping column the file fills (`age_band`, `gender`, `target_group`): figures per
    /// value, of each participant's most recent record that gives one (else `unknown`).
    pub by_group: BTreeMap<String, Vec<GroupFigures>>,
    /// Per calendar period ([`Settings::period`]), in time order.
    pub by_period: Vec<PeriodFigures>,
    /// The last period against the one before it, for "change since the previous period".
    pub change: Option<PeriodChange>,
    /// Kaplan–Meier time to work over all selected participants.
    pub time_to_work: TimeToWork,
    /// Every value shown as `null` because it was suppressed.
    pub suppressed: Vec<Suppressed>,
    /// How the file was read, and every rejected row.
    pub validation: Validation,
    /// How neighbourhoods matched the reference table, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<ReferenceMatching>,
}

/// The input behind the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSummary {
    /// Data rows read.
    pub rows_read: u64,
    /// Rows used in the figures.
    pub rows_used: u64,
    /// Rows rejected (listed in the validation report).
    pub rows_rejected: u64,
    /// Distinct participants (suppressed when small, like every count).
    pub participants: Option<u64>,
    /// Date of the earliest record used.
    pub first_date: String,
    /// The dataset's end date.
    pub end_date: String,
}

/// The figures of one scope. `None` is either suppressed (then listed in
/// [`Report::suppressed`]) or not measurable (no participant has the measure).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Distinct participants.
    pub participants: Option<u64>,
    /// Participants with a record at rung 3+ or with hours of activity.
    pub active_participants: Option<u64>,
    /// Participants per rung ("1"–"6") at their latest rated record.
    pub ladder_distribution: BTreeMap<String, Option<u64>>,
    /// Share whose latest rung is above their intake rung (ratings ≥ 90 days apart).
    pub ladder_progressed_share: Option<f64>,
    /// Mean change in rung, latest − intake, over the same participants.
    pub mean_ladder_change: Option<f64>,
    /// Participants / target population (people on bijstand) from the reference table.
    pub reach: Option<f64>,
    /// Participants who flowed out to work (intake rung ≤ 4, later rung 5 or 6).
    pub outflow_count: Option<u64>,
    /// Share flowing out within 365 days, of those with intake ≤ 4 and ≥ 365 days before the end.
    pub outflow_12m_share: Option<f64>,
    /// Durable outflows / (durable + relapsed).
    pub durable_outflow_share: Option<f64>,
    /// Share lonely (score at or above the scale's cut-off) at intake.
    pub lonely_share_intake: Option<f64>,
    /// Share lonely at the latest scored record.
    pub lonely_share_latest: Option<f64>,
    /// Share severely lonely at the latest scored record.
    pub severely_lonely_share_latest: Option<f64>,
    /// Mean change in score, latest − intake, over participants scored twice or more.
    pub mean_loneliness_change: Option<f64>,
    /// Share with low income at intake.
    pub low_income_share_intake: Option<f64>,
    /// Share with low income at the latest measured record.
    pub low_income_share_latest: Option<f64>,
    /// Share with problem debts at intake.
    pub problem_debts_share_intake: Option<f64>,
    /// Share with problem debts at the latest measured record.
    pub problem_debts_share_latest: Option<f64>,
    /// Share in energy poverty at intake.
    pub energy_poverty_share_intake: Option<f64>,
    /// Share in energy poverty at the latest measured record.
    pub energy_poverty_share_latest: Option<f64>,
    /// Transitions between intake and latest rung, for the participants of the progression.
    pub ladder_transitions: Transitions,
    /// Outflow split by benefit duration at intake (`under_1y`, `1_to_2y`, `over_2y`,
    /// `no_benefit`, `unknown`).
    pub outflow_by_benefit_duration: BTreeMap<String, BandOutflow>,
    /// Benefit months saved, low end: durable outflows of participants on a benefit at intake,
    /// from outflow to the end date.
    pub benefit_months_saved_low: Option<f64>,
    /// Benefit months saved, high end: every outflow of such participants that has not relapsed.
    pub benefit_months_saved_high: Option<f64>,
    /// Hours of volunteer work recorded (hours per week until the next record).
    pub volunteer_hours: Option<f64>,
    /// Impact estimate, low end, in euros (see [`crate::settings::ImpactParameters`]).
    pub impact_eur_low: Option<f64>,
    /// Impact estimate, high end, in euros.
    pub impact_eur_high: Option<f64>,
    /// How many participants each share or mean rests on, by figure key.
    pub bases: BTreeMap<String, Option<u64>>,
}

/// The rung transition matrix: participants by intake rung (`from`) and latest rung (`to`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Transitions {
    /// `from` rung → `to` rung → participants.
    pub counts: BTreeMap<String, BTreeMap<String, Option<u64>>>,
    /// Participants per intake rung (row totals).
    pub from_totals: BTreeMap<String, Option<u64>>,
    /// Participants per latest rung (column totals).
    pub to_totals: BTreeMap<String, Option<u64>>,
}

/// Outflow figures of one benefit-duration band.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BandOutflow {
    /// Participants in the band who flowed out to work.
    pub outflow_count: Option<u64>,
    /// Share flowing out within 365 days, of the band's 12-month cohort.
    pub outflow_12m_share: Option<f64>,
    /// The band's 12-month cohort.
    pub outflow_12m_base: Option<u64>,
}

/// The figures of one group (a value of a grouping column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    /// The value, as in the file, or `unknown`.
    pub group: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// The figures of one calendar period. Periods share participants, so they do not add up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodFigures {
    /// `2024-03`, `2024-Q1` or `2024`.
    pub period: String,
    /// Participants with a record in the period.
    pub participants: Option<u64>,
    /// Participants with a record in the period at rung 3+ or with hours of activity.
    pub active_participants: Option<u64>,
    /// Participants whose first record falls in the period.
    pub new_participants: Option<u64>,
    /// Outflows to work dated in the period.
    pub outflow_count: Option<u64>,
    /// Participants per rung at their latest rating within the period.
    pub ladder_distribution: BTreeMap<String, Option<u64>>,
    /// Participants rated in the period.
    pub ladder_rated: Option<u64>,
}

/// The change from one period to the next; `None` where either figure is suppressed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodChange {
    /// The latest period.
    pub period: String,
    /// The period before it.
    pub previous: String,
    /// Change in participants with a record in the period.
    pub participants: Option<i64>,
    /// Change in active participants.
    pub active_participants: Option<i64>,
    /// Change in outflows dated in the period.
    pub outflow_count: Option<i64>,
}

/// The Kaplan–Meier curve of time to work: participants with intake rung 4 or lower, from
/// intake to their first record at rung 5 or 6, censored at their latest record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeToWork {
    /// Participants the curve starts with.
    pub participants: Option<u64>,
    /// One point per month since intake; a point with fewer than `min_cell` at risk has
    /// `null` values (and an entry in `suppressed`).
    pub points: Vec<SurvivalPoint>,
}

/// One month of the time-to-work curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvivalPoint {
    /// Whole months since intake.
    pub month: i32,
    /// Participants still without work and followed at the start of the month.
    pub at_risk: Option<u64>,
    /// Estimated share still without work at the end of the month.
    pub without_work_share: Option<f64>,
}

/// The figures of one neighbourhood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeighbourhoodFigures {
    /// Name or CBS code, as in the file.
    pub neighbourhood: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// A value left out because it was suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    /// `overall`, `by_neighbourhood`, `by_group`, `by_period` or `time_to_work`.
    pub scope: String,
    /// The neighbourhood, for `by_neighbourhood`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbourhood: Option<String>,
    /// The grouping column and its value (`gender=v`), for `by_group`; the period, for
    /// `by_period`; the month, for `time_to_work`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// The key: a figure (`lonely_share_latest`), a rung (`ladder_distribution.3`) or a base
    /// (`bases.lonely_share_latest`).
    pub key: String,
}

/// How a figure is made from cells.
#[derive(Debug, Clone, Copy)]
enum Measure {
    /// A published count.
    Count {
        key: &'static str,
        cell: &'static str,
    },
    /// `numerator / base`.
    Share {
        key: &'static str,
        numerator: &'static str,
        base: &'static str,
    },
    /// `sum / base`.
    Mean {
        key: &'static str,
        sum: &'static str,
        base: &'static str,
    },
    /// A published sum over `base` participants.
    Sum {
        key: &'static str,
        sum: &'static str,
        base: &'static str,
    },
}

const MEASURES: &[Measure] = &[
    Measure::Count {
        key: "participants",
        cell: "participants",
    },
    Measure::Count {
        key: "active_participants",
        cell: "active_participants",
    },
    Measure::Share {
        key: "ladder_progressed_share",
        numerator: "progressed",
        base: "progression_base",
    },
    Measure::Mean {
        key: "mean_ladder_change",
        sum: "rung_change_sum",
        base: "progression_base",
    },
    Measure::Share {
        key: "reach",
        numerator: REACH_PARTICIPANTS,
        base: TARGET_POPULATION,
    },
    Measure::Count {
        key: "outflow_count",
        cell: "outflow_count",
    },
    Measure::Share {
        key: "outflow_12m_share",
        numerator: "outflow_12m",
        base: "outflow_12m_base",
    },
    Measure::Share {
        key: "durable_outflow_share",
        numerator: "durable",
        base: "outflow_known",
    },
    Measure::Share {
        key: "lonely_share_intake",
        numerator: "lonely_intake",
        base: "scored_intake",
    },
    Measure::Share {
        key: "lonely_share_latest",
        numerator: "lonely_latest",
        base: "scored_latest",
    },
    Measure::Share {
        key: "severely_lonely_share_latest",
        numerator: "severely_lonely_latest",
        base: "scored_latest",
    },
    Measure::Mean {
        key: "mean_loneliness_change",
        sum: "loneliness_change_sum",
        base: "loneliness_change_base",
    },
    Measure::Share {
        key: "low_income_share_intake",
        numerator: "low_income_intake",
        base: "low_income_intake_base",
    },
    Measure::Share {
        key: "low_income_share_latest",
        numerator: "low_income_latest",
        base: "low_income_latest_base",
    },
    Measure::Share {
        key: "problem_debts_share_intake",
        numerator: "problem_debts_intake",
        base: "problem_debts_intake_base",
    },
    Measure::Share {
        key: "problem_debts_share_latest",
        numerator: "problem_debts_latest",
        base: "problem_debts_latest_base",
    },
    Measure::Share {
        key: "energy_poverty_share_intake",
        numerator: "energy_poverty_intake",
        base: "energy_poverty_intake_base",
    },
    Measure::Share {
        key: "energy_poverty_share_latest",
        numerator: "energy_poverty_latest",
        base: "energy_poverty_latest_base",
    },
    Measure::Sum {
        key: "benefit_months_saved_low",
        sum: "benefit_months_low",
        base: "benefit_months_low_base",
    },
    Measure::Sum {
        key: "benefit_months_saved_high",
        sum: "benefit_months_high",
        base: "benefit_months_high_base",
    },
    Measure::Sum {
        key: "volunteer_hours",
        sum: "volunteer_hours",
        base: "volunteers",
    },
];

/// Every cell in all scopes, flattened so that suppression can work across scopes: a row of
/// cells per scope (0 is overall, then neighbourhoods in name order, then groups), a column per
/// cell name. One map of names serves every scope; a map per scope, ordered by name, made
/// string comparisons a third of a filter change's report in the browser.
struct CellTable {
    /// The column of each name that any scope has.
    columns: PlHashMap<String, usize>,
    /// Per scope and column: the value (0 where the scope lacks the cell), whether it is
    /// hidden, and whether the scope has the cell at all.
    values: Vec<f64>,
    hidden: Vec<bool>,
    present: Vec<bool>,
}

impl CellTable {
    fn new(scopes: &[&ScopeCells]) -> CellTable {
        let mut columns = PlHashMap::default();
        for cells in scopes {
            for name in cells.keys() {
                let next = columns.len();
                columns.entry(name.clone()).or_insert(next);
            }
        }
        let size = scopes.len() * columns.len();
        let mut table = CellTable {
            values: vec![0.0; size],
            hidden: vec![false; size],
            present: vec![false; size],
            columns,
        };
        for (scope, cells) in scopes.iter().enumerate() {
            for (name, value) in cells.iter() {
                let at = scope * table.columns.len() + table.columns[name.as_str()];
                table.values[at] = value.unwrap_or(0.0);
                table.present[at] = true;
            }
        }
        table
    }

    fn cell(&self, scope: usize, name: &str) -> usize {
        let at = scope * self.columns.len() + self.columns[name];
        assert!(self.present[at], "scope {scope} has no cell {name}");
        at
    }

    fn value(&self, scope: usize, name: &str) -> f64 {
        self.values[self.cell(scope, name)]
    }

    fn is_hidden(&self, scope: usize, name: &str) -> bool {
        self.hidden[self.cell(scope, name)]
    }
}

/// Names of the cells that are published as counts (counts, rungs and bases).
fn published_counts() -> Vec<String> {
    let mut names: Vec<String> = ladder::RUNGS.map(ladder::rung_cell).collect();
    names.push("ladder_rated".to_owned());
    for measure in MEASURES {
        match measure {
            Measure::Count { cell, .. } => names.push((*cell).to_owned()),
            Measure::Share { base, .. }
            | Measure::Mean { base, .. }
            | Measure::Sum { base, .. } => names.push((*base).to_owned()),
        }
    }
    for from in ladder::RUNGS {
        names.push(ladder::transitions_from_cell(from));
        names.push(ladder::transitions_to_cell(from));
        names.extend(ladder::RUNGS.map(|to| ladder::transition_cell(from, to)));
    }
    for band in outflow::BENEFIT_DURATION_BANDS {
        names.push(outflow::band_cell("outflow_count", band));
        names.push(outflow::band_cell("outflow_12m_base", band));
    }
    names.sort();
    names.dedup();
    names
}

/// Where a set of figures belongs, for the `suppressed` list.
#[derive(Debug, Clone)]
enum ScopeName {
    Overall,
    Neighbourhood(String),
    Group { column: String, value: String },
}

impl ScopeName {
    fn suppressed(&self, key: String) -> Suppressed {
        let (scope, neighbourhood, within) = match self {
            ScopeName::Overall => ("overall", None, None),
            ScopeName::Neighbourhood(name) => ("by_neighbourhood", Some(name.clone()), None),
            ScopeName::Group { column, value } => {
                ("by_group", None, Some(format!("{column}={value}")))
            }
        };
        Suppressed {
            scope: scope.to_owned(),
            neighbourhood,
            within,
            key,
        }
    }
}

/// Groups of cells that add up within every scope: rungs to the rated participants, durable
/// plus relapsed to the known outcomes, the transition matrix to its row and column totals
/// (and its upper triangle to the participants who progressed), benefit-duration bands to the
/// outflow totals.
fn within_scope_groups(table: &CellTable, scope: usize) -> Vec<Group> {
    let cell = |name: &str| table.cell(scope, name);
    let mut groups = vec![
        Group {
            total: cell("ladder_rated"),
            parts: ladder::RUNGS
                .map(|rung| cell(&ladder::rung_cell(rung)))
                .collect(),
        },
        Group {
            total: cell("outflow_known"),
            parts: vec![cell("durable"), cell("relapsed")],
        },
        Group {
            total: cell("progression_base"),
            parts: ladder::RUNGS
                .map(|from| cell(&ladder::transitions_from_cell(from)))
                .collect(),
        },
        Group {
            total: cell("progressed"),
            parts: ladder::RUNGS
                .flat_map(|from| (from + 1..=6).map(move |to| (from, to)))
                .map(|(from, to)| cell(&ladder::transition_cell(from, to)))
                .collect(),
        },
    ];
    for rung in ladder::RUNGS {
        groups.push(Group {
            total: cell(&ladder::transitions_from_cell(rung)),
            parts: ladder::RUNGS
                .map(|to| cell(&ladder::transition_cell(rung, to)))
                .collect(),
        });
        groups.push(Group {
            total: cell(&ladder::transitions_to_cell(rung)),
            parts: ladder::RUNGS
                .map(|from| cell(&ladder::transition_cell(from, rung)))
                .collect(),
        });
    }
    for name in outflow::CELLS_BY_BAND {
        groups.push(Group {
            total: cell(name),
            parts: outflow::BENEFIT_DURATION_BANDS
                .map(|band| cell(&outflow::band_cell(name, band)))
                .to_vec(),
        });
    }
    groups
}

/// Builds the report: primary and secondary suppression over all scopes, then the figures.
pub fn build_report(
    cells: &Cells,
    validation: Validation,
    settings: &Settings,
    reference: Option<ReferenceMatching>,
) -> Report {
    let mut names = vec![ScopeName::Overall];
    let mut scopes: Vec<&ScopeCells> = vec![&cells.overall];
    // Each breakdown: the scopes that partition all participants, whose cells add up to overall.
    let mut breakdowns: Vec<std::ops::Range<usize>> = Vec::new();
    let first = scopes.len();
    for (name, neighbourhood_cells) in &cells.by_neighbourhood {
        names.push(ScopeName::Neighbourhood(name.clone()));
        scopes.push(neighbourhood_cells);
    }
    breakdowns.push(first..scopes.len());
    for (column, values) in &cells.by_group {
        let first = scopes.len();
        for (value, group_cells) in values {
            names.push(ScopeName::Group {
                column: column.clone(),
                value: value.clone(),
            });
            scopes.push(group_cells);
        }
        breakdowns.push(first..scopes.len());
    }
    let mut table = CellTable::new(&scopes);
    let min_cell = settings.min_cell;

    // Primary: small published counts, and the numerators of shares, means and sums on few
    // people.
    let counts = published_counts();
    for scope in 0..scopes.len() {
        for name in &counts {
            let cell = table.cell(scope, name);
            table.hidden[cell] = disclosure::is_small_count(table.values[cell], min_cell);
        }
        for measure in MEASURES {
            if let Measure::Share {
                numerator: part,
                base,
                ..
            }
            | Measure::Mean {
                sum: part, base, ..
            }
            | Measure::Sum {
                sum: part, base, ..
            } = measure
            {
                let cell = table.cell(scope, part);
                table.hidden[cell] |=
                    disclosure::rests_on_too_few(table.value(scope, base), min_cell);
            }
        }
        for band in outflow::BENEFIT_DURATION_BANDS {
            let cell = table.cell(scope, &outflow::band_cell("outflow_12m", band));
            let base = table.value(scope, &outflow::band_cell("outflow_12m_base", band));
            table.hidden[cell] |= disclosure::rests_on_too_few(base, min_cell);
        }
    }

    let mut groups = Vec::new();
    for (index, breakdown) in breakdowns.iter().enumerate() {
        if breakdown.is_empty() {
            continue;
        }
        // Only neighbourhoods (the first breakdown) carry a target population.
        let adds_up = |name: &&String| index == 0 || name.as_str() != TARGET_POPULATION;
        for name in cells.overall.keys().filter(adds_up) {
            groups.push(Group {
                total: table.cell(0, name),
                parts: breakdown
                    .clone()
                    .map(|scope| table.cell(scope, name))
                    .collect(),
            });
        }
    }
    for scope in 0..scopes.len() {
        groups.extend(within_scope_groups(&table, scope));
    }
    // Reach × target population = participants: reach may be shown only where the
    // participant count is. Suppressing more can call for more companions, so repeat.
    loop {
        disclosure::suppress_secondary(&table.values, &mut table.hidden, &groups);
        let mut changed = false;
        for scope in 0..scopes.len() {
            let participants = table.cell(scope, "participants");
            let numerator = table.cell(scope, REACH_PARTICIPANTS);
            if table.hidden[participants] && !table.hidden[numerator] {
                table.hidden[numerator] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    let mut suppressed = Vec::new();
    let all_figures: Vec<Figures> = names
        .iter()
        .enumerate()
        .map(|(scope, name)| {
            let mut note = |key: String| suppressed.push(name.suppressed(key));
            scope_figures(&table, scope, settings, &mut note)
        })
        .collect();
    let mut by_neighbourhood = Vec::new();
    let mut by_group: BTreeMap<String, Vec<GroupFigures>> = BTreeMap::new();
    let mut all_figures = all_figures.into_iter();
    let overall = all_figures.next().unwrap_or_default();
    for (name, figures) in names.iter().skip(1).zip(all_figures) {
        match name {
            ScopeName::Neighbourhood(neighbourhood) => {
                by_neighbourhood.push(NeighbourhoodFigures {
                    neighbourhood: neighbourhood.clone(),
                    figures,
                })
            }
            ScopeName::Group { column, value } => {
                by_group
                    .entry(column.clone())
                    .or_default()
                    .push(GroupFigures {
                        group: value.clone(),
                        figures,
                    })
            }
            ScopeName::Overall => unreachable!("overall is the first scope"),
        }
    }
    let by_period = period_figures(&cells.by_period, settings, &mut suppressed);
    let change = match by_period.as_slice() {
        [.., previous, latest] => {
            let difference = |pick: fn(&PeriodFigures) -> Option<u64>| {
                Some(pick(latest)? as i64 - pick(previous)? as i64)
            };
            Some(PeriodChange {
                period: latest.period.clone(),
                previous: previous.period.clone(),
                participants: difference(|period| period.participants),
                active_participants: difference(|period| period.active_participants),
                outflow_count: difference(|period| period.outflow_count),
            })
        }
        _ => None,
    };
    let time_to_work = time_to_work_figures(&cells.time_to_work, min_cell, &mut suppressed);

    Report {
        schema_version: SCHEMA_VERSION,
        input: InputSummary {
            rows_read: validation.rows_read,
            rows_used: validation.rows_used,
            rows_rejected: validation.rows_rejected,
            participants: overall.participants,
            first_date: date_of(cells.first_date).to_string(),
            end_date: date_of(cells.end_date).to_string(),
        },
        settings: settings.clone(),
        overall,
        by_neighbourhood,
        by_group,
        by_period,
        change,
        time_to_work,
        suppressed,
        validation,
        reference,
    }
}

/// Figures per period: primary suppression of each count, and the rungs of a period against
/// its rated participants.
fn period_figures(
    cells: &period::PeriodCells,
    settings: &Settings,
    suppressed: &mut Vec<Suppressed>,
) -> Vec<PeriodFigures> {
    let min_cell = settings.min_cell;
    cells
        .iter()
        .map(|(&key, period_cells)| {
            let label = period::label(key, settings.period);
            let rung_names: Vec<String> = ladder::RUNGS.map(ladder::rung_cell).collect();
            let mut names = vec![
                "participants".to_owned(),
                "active_participants".to_owned(),
                "new_participants".to_owned(),
                "outflow_count".to_owned(),
                "ladder_rated".to_owned(),
            ];
            names.extend(rung_names.iter().cloned());
            let values: Vec<f64> = names
                .iter()
                .map(|name| period_cells.get(name).copied().flatten().unwrap_or(0.0))
                .collect();
            let mut hidden: Vec<bool> = values
                .iter()
                .map(|&value| disclosure::is_small_count(value, min_cell))
                .collect();
            let rated = 4;
            disclosure::suppress_secondary(
                &values,
                &mut hidden,
                &[Group {
                    total: rated,
                    parts: (rated + 1..names.len()).collect(),
                }],
            );
            let mut value = |index: usize| {
                if hidden[index] {
                    suppressed.push(Suppressed {
                        scope: "by_period".to_owned(),
                        neighbourhood: None,
                        within: Some(label.clone()),
                        key: names[index].clone(),
                    });
                    None
                } else {
                    Some(values[index] as u64)
                }
            };
            PeriodFigures {
                period: label.clone(),
                participants: value(0),
                active_participants: value(1),
                new_participants: value(2),
                outflow_count: value(3),
                ladder_rated: value(4),
                ladder_distribution: ladder::RUNGS
                    .zip(5..)
                    .map(|(rung, index)| (rung.to_string(), value(index)))
                    .collect(),
            }
        })
        .collect()
}

/// The curve, with each month whose participants at risk are fewer than `min_cell` hidden: a
/// step there would rest on few people.
fn time_to_work_figures(
    steps: &[crate::indicators::time_to_work::Step],
    min_cell: u32,
    suppressed: &mut Vec<Suppressed>,
) -> TimeToWork {
    let start = steps.first().map_or(0, |step| step.at_risk);
    let participants = if disclosure::is_small_count(start as f64, min_cell) {
        suppressed.push(Suppressed {
            scope: "time_to_work".to_owned(),
            neighbourhood: None,
            within: None,
            key: "participants".to_owned(),
        });
        None
    } else {
        Some(start)
    };
    let points = steps
        .iter()
        .map(|step| {
            if disclosure::rests_on_too_few(step.at_risk as f64, min_cell) {
                suppressed.push(Suppressed {
                    scope: "time_to_work".to_owned(),
                    neighbourhood: None,
                    within: Some(step.month.to_string()),
                    key: "without_work_share".to_owned(),
                });
                SurvivalPoint {
                    month: step.month,
                    at_risk: None,
                    without_work_share: None,
                }
            } else {
                SurvivalPoint {
                    month: step.month,
                    at_risk: Some(step.at_risk),
                    without_work_share: Some(step.survival),
                }
            }
        })
        .collect();
    TimeToWork {
        participants,
        points,
    }
}

/// The figures of one scope, noting each suppressed key.
fn scope_figures(
    table: &CellTable,
    scope: usize,
    settings: &Settings,
    note: &mut dyn FnMut(String),
) -> Figures {
    let count = |key: String, cell: &str, note: &mut dyn FnMut(String)| -> Option<u64> {
        if table.is_hidden(scope, cell) {
            note(key);
            None
        } else {
            Some(table.value(scope, cell) as u64)
        }
    };
    let mut figures = Figures::default();
    for rung in ladder::RUNGS {
        let value = count(
            format!("ladder_distribution.{rung}"),
            &ladder::rung_cell(rung),
            note,
        );
        figures.ladder_distribution.insert(rung.to_string(), value);
    }
    let rated = count("bases.ladder_distribution".to_owned(), "ladder_rated", note);
    figures
        .bases
        .insert("ladder_distribution".to_owned(), rated);
    for measure in MEASURES {
        match *measure {
            Measure::Count { key, cell } => {
                *figures.count_mut(key) = count(key.to_owned(), cell, note);
            }
            Measure::Share {
                key,
                numerator: part,
                base,
            }
            | Measure::Mean {
                key,
                sum: part,
                base,
            } => {
                figures
                    .bases
                    .insert(key.to_owned(), count(format!("bases.{key}"), base, note));
                let base_value = table.value(scope, base);
                *figures.ratio_mut(key) = if table.is_hidden(scope, part) {
                    note(key.to_owned());
                    None
                } else if base_value == 0.0 {
                    None
                } else {
                    Some(table.value(scope, part) / base_value)
                };
            }
            Measure::Sum { key, sum, base } => {
                figures
                    .bases
                    .insert(key.to_owned(), count(format!("bases.{key}"), base, note));
                *figures.ratio_mut(key) = if table.is_hidden(scope, sum) {
                    note(key.to_owned());
                    None
                } else {
                    Some(table.value(scope, sum))
                };
            }
        }
    }
    for from in ladder::RUNGS {
        let row = figures
            .ladder_transitions
            .counts
            .entry(from.to_string())
            .or_default();
        for to in ladder::RUNGS {
            let key = format!("ladder_transitions.{from}.{to}");
            row.insert(
                to.to_string(),
                count(key, &ladder::transition_cell(from, to), note),
            );
        }
        figures.ladder_transitions.from_totals.insert(
            from.to_string(),
            count(
                format!("ladder_transitions.from.{from}"),
                &ladder::transitions_from_cell(from),
                note,
            ),
        );
        figures.ladder_transitions.to_totals.insert(
            from.to_string(),
            count(
                format!("ladder_transitions.to.{from}"),
                &ladder::transitions_to_cell(from),
                note,
            ),
        );
    }
    for band in outflow::BENEFIT_DURATION_BANDS {
        let key = |cell: &str| format!("outflow_by_benefit_duration.{band}.{cell}");
        let numerator = outflow::band_cell("outflow_12m", band);
        let base = outflow::band_cell("outflow_12m_base", band);
        let base_value = table.value(scope, &base);
        let share = if table.is_hidden(scope, &numerator) {
            note(key("outflow_12m_share"));
            None
        } else {
            (base_value > 0.0).then(|| table.value(scope, &numerator) / base_value)
        };
        figures.outflow_by_benefit_duration.insert(
            band.to_owned(),
            BandOutflow {
                outflow_count: count(
                    key("outflow_count"),
                    &outflow::band_cell("outflow_count", band),
                    note,
                ),
                outflow_12m_share: share,
                outflow_12m_base: count(key("outflow_12m_base"), &base, note),
            },
        );
    }
    let impact = &settings.impact;
    let hours_value = figures
        .volunteer_hours
        .map(|hours| hours * impact.volunteer_hour_value_eur);
    let euros = |months: Option<f64>, attribution: f64| {
        Some(months? * impact.monthly_benefit_cost_eur * attribution + hours_value?)
    };
    figures.impact_eur_low = euros(figures.benefit_months_saved_low, impact.attribution_low);
    figures.impact_eur_high = euros(figures.benefit_months_saved_high, impact.attribution_high);
    figures
}

impl Figures {
    /// The number of participants the figure `key` rests on (`None` when suppressed or absent).
    pub fn base(&self, key: &str) -> Option<u64> {
        self.bases.get(key).copied().flatten()
    }

    fn count_mut(&mut self, key: &str) -> &mut Option<u64> {
        match key {
            "participants" => &mut self.participants,
            "active_participants" => &mut self.active_participants,
            "outflow_count" => &mut self.outflow_count,
            _ => unreachable!("no count named {key}"),
        }
    }

    fn ratio_mut(&mut self, key: &str) -> &mut Option<f64> {
        match key {
            "ladder_progressed_share" => &mut self.ladder_progressed_share,
            "mean_ladder_change" => &mut self.mean_ladder_change,
            "reach" => &mut self.reach,
            "outflow_12m_share" => &mut self.outflow_12m_share,
            "durable_outflow_share" => &mut self.durable_outflow_share,
            "lonely_share_intake" => &mut self.lonely_share_intake,
            "lonely_share_latest" => &mut self.lonely_share_latest,
            "severely_lonely_share_latest" => &mut self.severely_lonely_share_latest,
            "mean_loneliness_change" => &mut self.mean_loneliness_change,
            "low_income_share_intake" => &mut self.low_income_share_intake,
            "low_income_share_latest" => &mut self.low_income_share_latest,
            "problem_debts_share_intake" => &mut self.problem_debts_share_intake,
            "problem_debts_share_latest" => &mut self.problem_debts_share_latest,
            "energy_poverty_share_intake" => &mut self.energy_poverty_share_intake,
            "energy_poverty_share_latest" => &mut self.energy_poverty_share_latest,
            "benefit_months_saved_low" => &mut self.benefit_months_saved_low,
            "benefit_months_saved_high" => &mut self.benefit_months_saved_high,
            "volunteer_hours" => &mut self.volunteer_hours,
            _ => unreachable!("no share, mean or sum named {key}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five participants in two neighbourhoods; every expected figure below was worked out by
    /// hand from the file's rows (end date = latest record, 2024-10-01).
    const FIXTURE: &str = include_str!("../tests/fixtures/hand_computed.csv");

    fn report_with_min_cell(min_cell: u32) -> Report {
        crate::analyse(
            FIXTURE.as_bytes(),
            &Settings {
                min_cell,
                ..Settings::default()
            },
        )
        .unwrap()
    }

    fn neighbourhood<'a>(report: &'a Report, name: &str) -> &'a Figures {
        &report
            .by_neighbourhood
            .iter()
            .find(|n| n.neighbourhood == name)
            .unwrap()
            .figures
    }

    #[test]
    fn figures_match_the_hand_computation() {
        let report = report_with_min_cell(1);
        let overall = &report.overall;
        assert_eq!(report.input.rows_used, 12);
        assert_eq!(report.input.first_date, "2023-01-01");
        assert_eq!(report.input.end_date, "2024-10-01");
        assert_eq!(overall.participants, Some(5));
        // Active: P1 (hours, rung 3+), P2 (rung 5), P3 (rung 4), P4 (rung 6); not P5.
        assert_eq!(overall.active_participants, Some(4));
        // Latest rungs: P1 6, P2 4, P3 4, P4 6; P5 never rated.
        let distribution: Vec<Option<u64>> =
            overall.ladder_distribution.values().copied().collect();
        assert_eq!(
            distribution,
            [Some(0), Some(0), Some(0), Some(2), Some(0), Some(2)]
        );
        // Ratings ≥ 90 days apart: P1 (2 -> 6) and P4 (6 -> 6); P2 spans 89 days, P3 31.
        assert_eq!(overall.bases["ladder_progressed_share"], Some(2));
        assert_eq!(overall.ladder_progressed_share, Some(0.5));
        assert_eq!(overall.mean_ladder_change, Some(2.0));
        // Outflow: P1 on 2024-03-01 (425 days after intake), P2 on 2023-03-01 (28 days).
        assert_eq!(overall.outflow_count, Some(2));
        // 12-month cohort: P1, P2, P3 (intake ≤ 4, ≥ 365 days before the end); only P2 within.
        assert_eq!(overall.bases["outflow_12m_share"], Some(3));
        assert_eq!(overall.outflow_12m_share, Some(1.0 / 3.0));
        // P1 rated 214 days after outflow, no relapse: durable. P2 back at 4 after 61 days.
        assert_eq!(overall.durable_outflow_share, Some(0.5));
        // Scores: P1 5 then 2, P2 10, P5 3. Lonely at 3+, severely at 9+.
        assert_eq!(overall.lonely_share_intake, Some(1.0));
        assert_eq!(overall.lonely_share_latest, Some(2.0 / 3.0));
        assert_eq!(overall.severely_lonely_share_latest, Some(1.0 / 3.0));
        assert_eq!(overall.mean_loneliness_change, Some(-3.0));
        // Income 110% then 130% of the social minimum, threshold 120; debts ja then nee.
        assert_eq!(overall.low_income_share_intake, Some(1.0));
        assert_eq!(overall.low_income_share_latest, Some(0.0));
        assert_eq!(overall.problem_debts_share_intake, Some(1.0));
        assert_eq!(overall.problem_debts_share_latest, Some(0.0));
        assert_eq!(overall.energy_poverty_share_latest, None);

        // P4 moved from Zuid to Noord: they count in Noord, their most recent neighbourhood.
        let noord = neighbourhood(&report, "Noord");
        assert_eq!(
            (
                noord.participants,
                noord.active_participants,
                noord.outflow_count
            ),
            (Some(3), Some(3), Some(2))
        );
        assert_eq!(noord.ladder_distribution["4"], Some(1));
        assert_eq!(noord.ladder_distribution["6"], Some(2));
        let zuid = neighbourhood(&report, "Zuid");
        assert_eq!(
            (
                zuid.participants,
                zuid.active_participants,
                zuid.outflow_count
            ),
            (Some(2), Some(1), Some(0))
        );
        assert!(report.suppressed.is_empty());
    }

    #[test]
    fn small_neighbourhoods_are_suppressed_with_a_companion() {
        let report = report_with_min_cell(3);
        // Zuid has 2 participants (< 3): hidden. Overall 5 = Noord + Zuid, so Noord's 3 must go too.
        assert_eq!(report.overall.participants, Some(5));
        assert_eq!(neighbourhood(&report, "Zuid").participants, None);
        assert_eq!(neighbourhood(&report, "Noord").participants, None);
        let hidden = |name: &str, key: &str| {
            report
                .suppressed
                .iter()
                .any(|s| s.neighbourhood.as_deref() == Some(name) && s.key == key)
        };
        assert!(hidden("Zuid", "participants") && hidden("Noord", "participants"));
        // The overall progression share rests on 2 participants (< 3): hidden.
        assert_eq!(report.overall.ladder_progressed_share, None);
        assert!(report
            .suppressed
            .iter()
            .any(|s| s.scope == "overall" && s.key == "ladder_progressed_share"));
        // Every null count in the JSON has an entry in `suppressed`.
        let json = serde_json::to_value(&report).unwrap();
        assert!(json["by_neighbourhood"][0]["participants"].is_null());
    }

    #[test]
    fn reach_divides_participants_by_the_reference_target_population() {
        let table = crate::reference::load_reference(
            b"wijk;a_soz_wb;p_laaginkhh\nNoord;50;12,5\nZuid;40;8\n",
        )
        .unwrap();
        let settings = |min_cell| Settings {
            min_cell,
            ..Settings::default()
        };
        let report =
            crate::analyse_with_reference(FIXTURE.as_bytes(), Some(&table), &settings(1)).unwrap();
        // Noord 3 participants of 50 on bijstand, Zuid 2 of 40, overall 5 of 90.
        assert_eq!(neighbourhood(&report, "Noord").reach, Some(3.0 / 50.0));
        assert_eq!(neighbourhood(&report, "Zuid").reach, Some(2.0 / 40.0));
        assert_eq!(report.overall.reach, Some(5.0 / 90.0));
        assert_eq!(report.overall.bases["reach"], Some(90));
        let matching = report.reference.as_ref().unwrap();
        assert!(matching.unmatched.is_empty() && matching.has_target_population);
        // The report crosses from the browser's worker to the page as JSON: unchanged.
        let text = serde_json::to_string(&report).unwrap();
        assert_eq!(serde_json::from_str::<Report>(&text).unwrap(), report);
        // The table's own figures come along for comparison, percentages as shares.
        let noord = &matching.context["Noord"];
        assert_eq!(noord.social_assistance, Some(50.0));
        assert_eq!(noord.low_income_households_share, Some(0.125));

        // With min_cell 3 both neighbourhoods' participant counts are hidden (see above), so
        // their reach must be too: reach × 50 would give Noord's 3 back.
        let report =
            crate::analyse_with_reference(FIXTURE.as_bytes(), Some(&table), &settings(3)).unwrap();
        assert_eq!(neighbourhood(&report, "Noord").reach, None);
        assert_eq!(neighbourhood(&report, "Zuid").reach, None);
        assert_eq!(report.overall.reach, Some(5.0 / 90.0));
    }

    #[test]
    fn transitions_time_to_work_and_periods_match_the_hand_computation() {
        let report = report_with_min_cell(1);
        let transitions = &report.overall.ladder_transitions;
        // The progression participants: P1 2 -> 6, P4 6 -> 6.
        assert_eq!(transitions.counts["2"]["6"], Some(1));
        assert_eq!(transitions.counts["6"]["6"], Some(1));
        let all: u64 = transitions
            .counts
            .values()
            .flat_map(|row| row.values())
            .map(|count| count.unwrap())
            .sum();
        assert_eq!(all, 2);
        assert_eq!(transitions.from_totals["2"], Some(1));
        assert_eq!(transitions.to_totals["6"], Some(2));

        // Intake rung ≤ 4: P1 (work after 425 days = month 13), P2 (28 days, month 0),
        // P3 (censored after 31 days, month 1).
        let curve = &report.time_to_work;
        assert_eq!(curve.participants, Some(3));
        let point = |month: usize| {
            let point = &curve.points[month];
            assert_eq!(point.month, month as i32);
            (point.at_risk, point.without_work_share)
        };
        // S = 1 − 1/3 after month 0, computed as the estimator does (1.0 − 1/3).
        let two_thirds = Some(1.0 - 1.0 / 3.0);
        assert_eq!(point(0), (Some(3), two_thirds));
        assert_eq!(point(1), (Some(2), two_thirds));
        assert_eq!(point(12), (Some(1), two_thirds));
        assert_eq!(point(13), (Some(1), Some(0.0)));
        assert_eq!(curve.points.len(), 14);

        // Quarters with records: 2023-Q1 P1 (rung 2), P2 (1 then 5), P3 (4), P4 (6).
        let periods: Vec<&str> = report.by_period.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(
            periods,
            ["2023-Q1", "2023-Q2", "2023-Q3", "2024-Q1", "2024-Q4"]
        );
        let q1 = &report.by_period[0];
        assert_eq!(
            (
                q1.participants,
                q1.active_participants,
                q1.new_participants,
                q1.outflow_count,
                q1.ladder_rated
            ),
            (Some(4), Some(3), Some(4), Some(1), Some(4))
        );
        assert_eq!(q1.ladder_distribution["5"], Some(1));
        assert_eq!(q1.ladder_distribution["1"], Some(0));
        // 2023-Q2: P1 (rung 3, 8 hours), P2 (rung 4), P5 (no rung, 0 hours; new).
        let q2 = &report.by_period[1];
        assert_eq!(
            (q2.participants, q2.active_participants, q2.new_participants),
            (Some(3), Some(2), Some(1))
        );
        assert_eq!(report.by_period[3].outflow_count, Some(1));
        // The last two periods, 2024-Q1 and 2024-Q4, each have P1 only, active, and one
        // outflow in Q1: no change in participants, one outflow fewer.
        let change = report.change.as_ref().unwrap();
        assert_eq!(
            (change.previous.as_str(), change.period.as_str()),
            ("2024-Q1", "2024-Q4")
        );
        assert_eq!(change.participants, Some(0));
        assert_eq!(change.outflow_count, Some(-1));
    }

    const OUTFLOW_FIXTURE: &str = include_str!("../tests/fixtures/hand_computed_outflow.csv");

    fn outflow_report(settings: Settings) -> Report {
        crate::analyse(OUTFLOW_FIXTURE.as_bytes(), &settings).unwrap()
    }

    #[test]
    fn benefit_duration_bands_and_impact_match_the_hand_computation() {
        let report = outflow_report(Settings {
            min_cell: 1,
            ..Settings::default()
        });
        let overall = &report.overall;
        assert_eq!(report.input.end_date, "2024-01-01");
        // A: on bijstand 214 days at intake, work after 42 days, durable (rated 201 days on).
        // B: 1,096 days, work after 59 days, back at rung 3 after 61: relapsed.
        // C: on ww for exactly 365 days: the 1–2 year band; no outflow.
        assert_eq!(overall.outflow_count, Some(2));
        assert_eq!(overall.outflow_12m_share, Some(2.0 / 3.0));
        let band = |name: &str| &overall.outflow_by_benefit_duration[name];
        assert_eq!(band("under_1y").outflow_count, Some(1));
        assert_eq!(band("under_1y").outflow_12m_share, Some(1.0));
        assert_eq!(band("over_2y").outflow_count, Some(1));
        assert_eq!(band("1_to_2y").outflow_12m_base, Some(1));
        assert_eq!(band("1_to_2y").outflow_12m_share, Some(0.0));
        assert_eq!(band("no_benefit").outflow_12m_share, None);

        // Only A's outflow is durable and unrelapsed: 2023-02-12 to 2024-01-01 is 323 days.
        let months = 323.0 / 30.4375;
        assert_eq!(overall.benefit_months_saved_low, Some(months));
        assert_eq!(overall.benefit_months_saved_high, Some(months));
        // A volunteered 10 h/week for 2 weeks, then 20 h/week for 4 weeks; C's hours are not
        // volunteer work.
        assert_eq!(overall.volunteer_hours, Some(100.0));
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-9;
        assert!(close(
            overall.impact_eur_low,
            months * 1167.0 * 0.25 + 1500.0
        ));
        assert!(close(
            overall.impact_eur_high,
            months * 1167.0 * 0.75 + 1500.0
        ));

        // Transitions over ratings ≥ 90 days apart: A 3 -> 5, B 2 -> 3, C 4 -> 4.
        let counts = &overall.ladder_transitions.counts;
        assert_eq!(
            (counts["3"]["5"], counts["2"]["3"], counts["4"]["4"]),
            (Some(1), Some(1), Some(1))
        );

        // Time to work: A and B in month 1, C censored in month 11.
        let curve = &report.time_to_work;
        assert_eq!(curve.points[0].without_work_share, Some(1.0));
        assert_eq!(curve.points[1].at_risk, Some(3));
        assert_eq!(curve.points[1].without_work_share, Some(1.0 - 2.0 / 3.0));
        assert_eq!(curve.points.last().unwrap().month, 11);

        // Gender: A v, B m, C without a value.
        let genders: Vec<(&str, Option<u64>)> = report.by_group["gender"]
            .iter()
            .map(|g| (g.group.as_str(), g.figures.participants))
            .collect();
        assert_eq!(
            genders,
            [("m", Some(1)), ("unknown", Some(1)), ("v", Some(1))]
        );
    }

    #[test]
    fn filters_select_participants_and_records() {
        let with = |filter: crate::settings::Filter| {
            outflow_report(Settings {
                min_cell: 1,
                filter,
                ..Settings::default()
            })
        };
        let zuid = with(crate::settings::Filter {
            neighbourhoods: vec!["Zuid".into()],
            ..Default::default()
        });
        assert_eq!(zuid.overall.participants, Some(2));
        assert_eq!(zuid.overall.outflow_count, Some(1));
        assert_eq!(zuid.by_neighbourhood.len(), 1);

        let women = with(crate::settings::Filter {
            groups: [("gender".to_owned(), vec!["v".to_owned()])].into(),
            ..Default::default()
        });
        assert_eq!(women.overall.participants, Some(1));
        assert_eq!(women.overall.volunteer_hours, Some(100.0));

        // Records up to 1 February 2023: the end date becomes the latest of those (15 January),
        // and no outflow has happened yet.
        let january = with(crate::settings::Filter {
            to: chrono::NaiveDate::from_ymd_opt(2023, 2, 1),
            ..Default::default()
        });
        assert_eq!(january.input.end_date, "2023-01-15");
        assert_eq!(january.overall.participants, Some(3));
        assert_eq!(january.overall.outflow_count, Some(0));
    }

    #[test]
    fn reusing_prepared_records_gives_the_same_reports() {
        let records =
            crate::load::load_participants(OUTFLOW_FIXTURE.as_bytes(), &Settings::default())
                .unwrap();
        let mut analysis = crate::Analysis::new(records.clone());
        let zuid = crate::settings::Filter {
            neighbourhoods: vec!["Zuid".into()],
            ..Default::default()
        };
        let early = crate::settings::Filter {
            to: chrono::NaiveDate::from_ymd_opt(2023, 2, 1),
            ..zuid.clone()
        };
        // Filters that reuse the prepared records, then one that cannot, then back.
        for (min_cell, filter) in [
            (1, Default::default()),
            (1, zuid.clone()),
            (2, zuid),
            (1, early),
            (1, Default::default()),
        ] {
            let settings = Settings {
                min_cell,
                filter,
                ..Settings::default()
            };
            assert_eq!(
                analysis.report(None, &settings).unwrap(),
                crate::report_for(&records, None, &settings).unwrap()
            );
        }
    }

    #[test]
    fn small_groups_are_suppressed_against_the_overall_figure() {
        let report = outflow_report(Settings {
            min_cell: 2,
            ..Settings::default()
        });
        // Three groups of one participant each: all hidden, the total of 3 shown.
        assert_eq!(report.overall.participants, Some(3));
        assert!(report.by_group["gender"]
            .iter()
            .all(|group| group.figures.participants.is_none()));
        assert!(report
            .suppressed
            .iter()
            .any(|s| s.scope == "by_group" && s.within.as_deref() == Some("gender=v")));
        // The curve's later months rest on one participant: hidden.
        assert_eq!(report.time_to_work.points.last().unwrap().at_risk, None);
    }

    /// Invariants over generated datasets of any size and threshold: shares in [0, 1], visible
    /// parts never above their totals, and no published group with exactly one hidden member.
    #[cfg(not(target_arch = "wasm32"))]
    mod invariants {
        use super::*;
        use generator::{generate, Options, Style};

        fn hidden_members(total: Option<u64>, parts: &[Option<u64>]) -> usize {
            usize::from(total.is_none()) + parts.iter().filter(|part| part.is_none()).count()
        }

        fn check(figures: &Figures) -> Result<(), proptest::test_runner::TestCaseError> {
            for (key, share) in [
                ("ladder_progressed_share", figures.ladder_progressed_share),
                ("outflow_12m_share", figures.outflow_12m_share),
                ("durable_outflow_share", figures.durable_outflow_share),
                ("lonely_share_latest", figures.lonely_share_latest),
                ("low_income_share_latest", figures.low_income_share_latest),
                (
                    "problem_debts_share_latest",
                    figures.problem_debts_share_latest,
                ),
            ] {
                if let Some(share) = share {
                    proptest::prop_assert!((0.0..=1.0).contains(&share), "{key} = {share}");
                }
            }
            let rungs: Vec<Option<u64>> = figures.ladder_distribution.values().copied().collect();
            let rated = figures.bases["ladder_distribution"];
            proptest::prop_assert_ne!(hidden_members(rated, &rungs), 1);
            if let Some(rated) = rated {
                proptest::prop_assert!(rungs.iter().flatten().sum::<u64>() <= rated);
                if rungs.iter().all(Option::is_some) {
                    proptest::prop_assert_eq!(rungs.iter().flatten().sum::<u64>(), rated);
                }
            }
            let transitions = &figures.ladder_transitions;
            for (from, row) in &transitions.counts {
                let row: Vec<Option<u64>> = row.values().copied().collect();
                proptest::prop_assert_ne!(hidden_members(transitions.from_totals[from], &row), 1);
            }
            let bands: Vec<Option<u64>> = figures
                .outflow_by_benefit_duration
                .values()
                .map(|band| band.outflow_count)
                .collect();
            proptest::prop_assert_ne!(hidden_members(figures.outflow_count, &bands), 1);
            Ok(())
        }

        proptest::proptest! {
            #![proptest_config(proptest::test_runner::Config::with_cases(12))]
            #[test]
            fn hold_for_any_generated_file(
                participants in 5_usize..120,
                seed in 0_u64..1000,
                min_cell in 1_u32..15,
            ) {
                let bytes = generate(&Options { participants, seed, style: Style::Tidy });
                let report = crate::analyse(&bytes, &Settings { min_cell, ..Settings::default() }).unwrap();
                check(&report.overall)?;
                for neighbourhood in &report.by_neighbourhood {
                    check(&neighbourhood.figures)?;
                }
                for group in report.by_group.values().flatten() {
                    check(&group.figures)?;
                }
                let parts: Vec<Option<u64>> =
                    report.by_neighbourhood.iter().map(|n| n.figures.participants).collect();
                proptest::prop_assert_ne!(hidden_members(report.overall.participants, &parts), 1);
                for groups in report.by_group.values() {
                    let parts: Vec<Option<u64>> = groups.iter().map(|g| g.figures.participants).collect();
                    proptest::prop_assert_ne!(hidden_members(report.overall.participants, &parts), 1);
                }
                for point in &report.time_to_work.points {
                    if let Some(share) = point.without_work_share {
                        proptest::prop_assert!((0.0..=1.0).contains(&share));
                    }
                }
            }
        }
    }
}
