//! Reach (DATA.md §3): participants as a share of the target population (people on bijstand)
//! from the neighbourhood reference table, where one is given.

use serde::{Deserialize, Serialize};

use super::{Cells, ScopeCells};
use crate::reference::{KnownMeasure, ReferenceTable, RegionKey};

/// Cell: the target population of a scope (0 where unknown).
pub const TARGET_POPULATION: &str = "target_population";
/// Cell: participants, again, as the numerator of reach. It is a separate cell so that a
/// share's suppression rule cannot hide the participant count itself; the report ties the two
/// together so that they are shown or hidden as one.
pub const REACH_PARTICIPANTS: &str = "reach_participants";

/// How the participant file's neighbourhoods matched the reference table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceMatching {
    /// How the table identifies regions.
    pub key: RegionKey,
    /// Whether the table has a target population (people on bijstand).
    pub has_target_population: bool,
    /// Neighbourhood → the region it matched (code, else name).
    pub matched: Vec<(String, String)>,
    /// Neighbourhoods with no region in the table.
    pub unmatched: Vec<String>,
    /// Neighbourhoods whose name fits several regions (give CBS codes instead).
    pub ambiguous: Vec<String>,
    /// The reference table's own figures for each matched neighbourhood, for comparison.
    /// They are published figures about whole neighbourhoods, not about participants, so they
    /// are shown as they stand.
    pub context: std::collections::BTreeMap<String, NeighbourhoodContext>,
}

/// A matched neighbourhood's figures from the reference table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NeighbourhoodContext {
    /// Inhabitants.
    pub inhabitants: Option<f64>,
    /// People on bijstand.
    pub social_assistance: Option<f64>,
    /// Share of households with a low income (0–1; CBS publishes a percentage).
    pub low_income_households_share: Option<f64>,
    /// Share of adults who are lonely (0–1; RIVM publishes a percentage).
    pub lonely_share: Option<f64>,
}

/// Adds the reach cells to every scope; with a table, also matches neighbourhoods to regions
/// (by name within `municipality`, where one is given).
pub fn add_cells(
    cells: &mut Cells,
    table: Option<&ReferenceTable>,
    municipality: Option<&str>,
) -> Option<ReferenceMatching> {
    let copy_participants = |scope: &mut ScopeCells| {
        let participants = scope.get("participants").copied().flatten();
        scope.insert(REACH_PARTICIPANTS.to_owned(), participants);
    };
    copy_participants(&mut cells.overall);
    cells
        .by_neighbourhood
        .values_mut()
        .for_each(copy_participants);
    // The reference table has no figures per age band, gender or target group: no reach there.
    for scope in cells
        .by_group
        .values_mut()
        .flat_map(|values| values.values_mut())
    {
        copy_participants(scope);
        scope.insert(TARGET_POPULATION.to_owned(), None);
    }
    let Some(table) = table else {
        cells.overall.insert(TARGET_POPULATION.to_owned(), None);
        cells.by_neighbourhood.values_mut().for_each(|scope| {
            scope.insert(TARGET_POPULATION.to_owned(), None);
        });
        return None;
    };

    let mut matching = ReferenceMatching {
        key: table.key.clone(),
        has_target_population: table
            .columns
            .iter()
            .any(|c| c.measure == Some(KnownMeasure::SocialAssistance)),
        matched: Vec::new(),
        unmatched: Vec::new(),
        ambiguous: Vec::new(),
        context: std::collections::BTreeMap::new(),
    };
    let mut total = Some(0.0);
    for (neighbourhood, scope) in cells.by_neighbourhood.iter_mut() {
        let target = match table.find(neighbourhood, municipality) {
            Ok(Some(region)) => {
                let label = region
                    .code
                    .clone()
                    .or_else(|| region.name.clone())
                    .unwrap_or_default();
                matching.matched.push((neighbourhood.clone(), label));
                let share = |measure| table.value(region, measure).map(|pct| pct / 100.0);
                matching.context.insert(
                    neighbourhood.clone(),
                    NeighbourhoodContext {
                        inhabitants: table.value(region, KnownMeasure::Inhabitants),
                        social_assistance: table.value(region, KnownMeasure::SocialAssistance),
                        low_income_households_share: share(KnownMeasure::LowIncomeHouseholdsPct),
                        lonely_share: share(KnownMeasure::LonelyPct),
                    },
                );
                table.value(region, KnownMeasure::SocialAssistance)
            }
            Ok(None) => {
                matching.unmatched.push(neighbourhood.clone());
                None
            }
            Err(_) => {
                matching.ambiguous.push(neighbourhood.clone());
                None
            }
        };
        // The overall target is the sum only when every neighbourhood has one.
        total = total.zip(target).map(|(sum, value)| sum + value);
        scope.insert(TARGET_POPULATION.to_owned(), target);
    }
    cells.overall.insert(TARGET_POPULATION.to_owned(), total);
    Some(matching)
}
