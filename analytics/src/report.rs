//! The report model (DATA.md §5): figures per scope, made from the indicator cells, with
//! small numbers suppressed inside the model so that no front end can forget it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::disclosure::{self, Group};
use crate::indicators::reach::{ReferenceMatching, REACH_PARTICIPANTS, TARGET_POPULATION};
use crate::indicators::{ladder, Cells, ScopeCells};
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
    /// How many participants each share or mean rests on, by figure key.
    pub bases: BTreeMap<String, Option<u64>>,
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
    /// `overall` or `by_neighbourhood`.
    pub scope: String,
    /// The neighbourhood, for `by_neighbourhood`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbourhood: Option<String>,
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
];

/// Every cell in all scopes, flattened so that suppression can work across scopes.
struct CellTable {
    /// Scope 0 is overall, then neighbourhoods in name order.
    index: BTreeMap<(usize, String), usize>,
    values: Vec<f64>,
    hidden: Vec<bool>,
}

impl CellTable {
    fn new(scopes: &[&ScopeCells]) -> CellTable {
        let mut table = CellTable {
            index: BTreeMap::new(),
            values: Vec::new(),
            hidden: Vec::new(),
        };
        for (scope, cells) in scopes.iter().enumerate() {
            for (name, value) in cells.iter() {
                table
                    .index
                    .insert((scope, name.clone()), table.values.len());
                table.values.push(value.unwrap_or(0.0));
                table.hidden.push(false);
            }
        }
        table
    }

    fn cell(&self, scope: usize, name: &str) -> usize {
        self.index[&(scope, name.to_owned())]
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
            Measure::Share { base, .. } | Measure::Mean { base, .. } => {
                names.push((*base).to_owned())
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Builds the report: primary and secondary suppression over all scopes, then the figures.
pub fn build_report(
    cells: &Cells,
    validation: Validation,
    settings: &Settings,
    reference: Option<ReferenceMatching>,
) -> Report {
    let neighbourhoods: Vec<&String> = cells.by_neighbourhood.keys().collect();
    let scopes: Vec<&ScopeCells> = std::iter::once(&cells.overall)
        .chain(cells.by_neighbourhood.values())
        .collect();
    let mut table = CellTable::new(&scopes);
    let min_cell = settings.min_cell;

    // Primary: small published counts, and the numerators of shares and means on few people.
    for scope in 0..scopes.len() {
        for name in published_counts() {
            let cell = table.cell(scope, &name);
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
            } = measure
            {
                let cell = table.cell(scope, part);
                table.hidden[cell] |=
                    disclosure::rests_on_too_few(table.value(scope, base), min_cell);
            }
        }
    }

    // Groups: every cell is the sum of its neighbourhoods' cells; within each scope the
    // rungs add up to the rated participants, and durable + relapsed to the known outcomes.
    let mut groups = Vec::new();
    if !neighbourhoods.is_empty() {
        for name in cells.overall.keys() {
            groups.push(Group {
                total: table.cell(0, name),
                parts: (1..scopes.len())
                    .map(|scope| table.cell(scope, name))
                    .collect(),
            });
        }
    }
    for scope in 0..scopes.len() {
        groups.push(Group {
            total: table.cell(scope, "ladder_rated"),
            parts: ladder::RUNGS
                .map(|rung| table.cell(scope, &ladder::rung_cell(rung)))
                .collect(),
        });
        groups.push(Group {
            total: table.cell(scope, "outflow_known"),
            parts: vec![table.cell(scope, "durable"), table.cell(scope, "relapsed")],
        });
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
    let mut figures_of = |scope: usize| {
        let neighbourhood = (scope > 0).then(|| neighbourhoods[scope - 1].clone());
        let mut note = |key: String| {
            suppressed.push(Suppressed {
                scope: if scope == 0 {
                    "overall"
                } else {
                    "by_neighbourhood"
                }
                .to_owned(),
                neighbourhood: neighbourhood.clone(),
                key,
            })
        };
        scope_figures(&table, scope, &mut note)
    };
    let overall = figures_of(0);
    let by_neighbourhood = neighbourhoods
        .iter()
        .enumerate()
        .map(|(index, name)| NeighbourhoodFigures {
            neighbourhood: (*name).clone(),
            figures: figures_of(index + 1),
        })
        .collect();

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
        suppressed,
        validation,
        reference,
    }
}

/// The figures of one scope, noting each suppressed key.
fn scope_figures(table: &CellTable, scope: usize, note: &mut dyn FnMut(String)) -> Figures {
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
        }
    }
    figures
}

impl Figures {
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
            _ => unreachable!("no share or mean named {key}"),
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
        let table =
            crate::reference::load_reference(b"wijk;a_soz_wb\nNoord;50\nZuid;40\n").unwrap();
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

        // With min_cell 3 both neighbourhoods' participant counts are hidden (see above), so
        // their reach must be too: reach × 50 would give Noord's 3 back.
        let report =
            crate::analyse_with_reference(FIXTURE.as_bytes(), Some(&table), &settings(3)).unwrap();
        assert_eq!(neighbourhood(&report, "Noord").reach, None);
        assert_eq!(neighbourhood(&report, "Zuid").reach, None);
        assert_eq!(report.overall.reach, Some(5.0 / 90.0));
    }
}
