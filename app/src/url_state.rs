//! What the page shows, kept in the URL fragment so that a link reproduces the view: view,
//! language, filters, thresholds, impact parameters and presentation mode. A fragment never
//! reaches a server, so nothing about the selection ends up in a log.

use std::collections::BTreeMap;

use analytics::settings::{Filter, ImpactParameters, PeriodLength};
use analytics::Settings;
use chrono::NaiveDate;

use crate::i18n::Lang;

/// The views of the dashboard, one per indicator family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Key figures, the ladder and the neighbourhoods.
    #[default]
    Overview,
    /// Participants, activity and reach.
    Participation,
    /// The participatieladder.
    Ladder,
    /// Outflow to work.
    Outflow,
    /// Loneliness and poverty.
    Wellbeing,
    /// The impact estimate.
    Impact,
    /// The file: validation, column mapping, reference table, settings.
    Data,
}

impl View {
    /// Every view, in menu order.
    pub const ALL: [View; 7] = [
        View::Overview,
        View::Participation,
        View::Ladder,
        View::Outflow,
        View::Wellbeing,
        View::Impact,
        View::Data,
    ];

    /// The view's name in URLs and element ids.
    pub fn key(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Participation => "participation",
            View::Ladder => "ladder",
            View::Outflow => "outflow",
            View::Wellbeing => "wellbeing",
            View::Impact => "impact",
            View::Data => "data",
        }
    }

    /// The view named `key`.
    pub fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|view| view.key() == key)
    }
}

/// Everything the URL fragment holds.
#[derive(Debug, Clone, PartialEq)]
pub struct UiState {
    /// The view shown.
    pub view: View,
    /// The language.
    pub lang: Lang,
    /// Neighbourhood filter (one neighbourhood, or all).
    pub neighbourhood: Option<String>,
    /// Records from this date.
    pub from: Option<NaiveDate>,
    /// Records up to this date.
    pub to: Option<NaiveDate>,
    /// Group filters: grouping column → value.
    pub groups: BTreeMap<String, String>,
    /// Period length of the breakdown by period.
    pub period: PeriodLength,
    /// Suppression threshold.
    pub min_cell: u32,
    /// Low-income threshold, % of the social minimum.
    pub low_income_threshold_pct: f64,
    /// Municipality the reference table's names are matched within.
    pub municipality: Option<String>,
    /// Impact estimate parameters.
    pub impact: ImpactParameters,
    /// Presentation mode: large type, the views of `sequence` one after another.
    pub present: bool,
    /// The views a presentation shows, in order (all when empty).
    pub sequence: Vec<View>,
    /// Seconds per view in a presentation; 0 advances by keyboard only.
    pub interval_seconds: u32,
}

impl Default for UiState {
    fn default() -> Self {
        let settings = Settings::default();
        UiState {
            view: View::default(),
            lang: Lang::default(),
            neighbourhood: None,
            from: None,
            to: None,
            groups: BTreeMap::new(),
            period: settings.period,
            min_cell: settings.min_cell,
            low_income_threshold_pct: settings.low_income_threshold_pct,
            municipality: None,
            impact: settings.impact,
            present: false,
            sequence: Vec::new(),
            interval_seconds: 0,
        }
    }
}

fn period_key(period: PeriodLength) -> &'static str {
    match period {
        PeriodLength::Month => "month",
        PeriodLength::Quarter => "quarter",
        PeriodLength::Year => "year",
    }
}

impl UiState {
    /// The fragment (without `#`); values at their defaults are left out.
    pub fn to_fragment(&self) -> String {
        let defaults = UiState::default();
        let mut out = form_urlencoded::Serializer::new(String::new());
        if self.view != defaults.view {
            out.append_pair("view", self.view.key());
        }
        if self.lang != defaults.lang {
            out.append_pair("lang", self.lang.code());
        }
        if let Some(neighbourhood) = &self.neighbourhood {
            out.append_pair("wijk", neighbourhood);
        }
        if let Some(from) = self.from {
            out.append_pair("from", &from.to_string());
        }
        if let Some(to) = self.to {
            out.append_pair("to", &to.to_string());
        }
        for (column, value) in &self.groups {
            out.append_pair(column, value);
        }
        if self.period != defaults.period {
            out.append_pair("period", period_key(self.period));
        }
        if self.min_cell != defaults.min_cell {
            out.append_pair("min_cell", &self.min_cell.to_string());
        }
        if self.low_income_threshold_pct != defaults.low_income_threshold_pct {
            out.append_pair("low_income", &self.low_income_threshold_pct.to_string());
        }
        if let Some(municipality) = &self.municipality {
            out.append_pair("gemeente", municipality);
        }
        let impact = [
            (
                "benefit_month",
                self.impact.monthly_benefit_cost_eur,
                defaults.impact.monthly_benefit_cost_eur,
            ),
            (
                "hour_value",
                self.impact.volunteer_hour_value_eur,
                defaults.impact.volunteer_hour_value_eur,
            ),
            (
                "attribution_low",
                self.impact.attribution_low,
                defaults.impact.attribution_low,
            ),
            (
                "attribution_high",
                self.impact.attribution_high,
                defaults.impact.attribution_high,
            ),
        ];
        for (key, value, default) in impact {
            if value != default {
                out.append_pair(key, &value.to_string());
            }
        }
        if self.present {
            out.append_pair("present", "1");
        }
        if !self.sequence.is_empty() {
            let views: Vec<&str> = self.sequence.iter().map(|view| view.key()).collect();
            out.append_pair("views", &views.join(","));
        }
        if self.interval_seconds > 0 {
            out.append_pair("interval", &self.interval_seconds.to_string());
        }
        out.finish()
    }

    /// Reads a fragment (with or without `#`); what it does not say, or says wrongly, keeps
    /// its default.
    pub fn from_fragment(fragment: &str) -> UiState {
        let mut state = UiState::default();
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        for (key, value) in form_urlencoded::parse(fragment.as_bytes()) {
            let value = value.into_owned();
            match key.as_ref() {
                "view" => state.view = View::from_key(&value).unwrap_or_default(),
                "lang" => state.lang = if value == "en" { Lang::En } else { Lang::Nl },
                "wijk" if !value.is_empty() => state.neighbourhood = Some(value),
                "gemeente" if !value.is_empty() => state.municipality = Some(value),
                "from" => state.from = value.parse().ok(),
                "to" => state.to = value.parse().ok(),
                "age_band" | "gender" | "target_group" if !value.is_empty() => {
                    state.groups.insert(key.into_owned(), value);
                }
                "period" => {
                    state.period = match value.as_str() {
                        "month" => PeriodLength::Month,
                        "year" => PeriodLength::Year,
                        _ => PeriodLength::Quarter,
                    }
                }
                "min_cell" => {
                    state.min_cell = value
                        .parse()
                        .ok()
                        .filter(|&n| n >= 1)
                        .unwrap_or(state.min_cell)
                }
                "low_income" => {
                    state.low_income_threshold_pct =
                        value.parse().unwrap_or(state.low_income_threshold_pct)
                }
                "benefit_month" => {
                    state.impact.monthly_benefit_cost_eur = value
                        .parse()
                        .unwrap_or(state.impact.monthly_benefit_cost_eur)
                }
                "hour_value" => {
                    state.impact.volunteer_hour_value_eur = value
                        .parse()
                        .unwrap_or(state.impact.volunteer_hour_value_eur)
                }
                "attribution_low" => {
                    state.impact.attribution_low =
                        value.parse().unwrap_or(state.impact.attribution_low)
                }
                "attribution_high" => {
                    state.impact.attribution_high =
                        value.parse().unwrap_or(state.impact.attribution_high)
                }
                "present" => state.present = value != "0",
                "views" => state.sequence = value.split(',').filter_map(View::from_key).collect(),
                "interval" => state.interval_seconds = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        state
    }

    /// The settings the report is computed with. `filtered: false` leaves the filters out
    /// (for the choices the filters offer).
    pub fn settings(&self, filtered: bool) -> Settings {
        let filter = if filtered {
            Filter {
                neighbourhoods: self.neighbourhood.iter().cloned().collect(),
                from: self.from,
                to: self.to,
                groups: self
                    .groups
                    .iter()
                    .map(|(column, value)| (column.clone(), vec![value.clone()]))
                    .collect(),
            }
        } else {
            Filter::default()
        };
        Settings {
            min_cell: self.min_cell,
            low_income_threshold_pct: self.low_income_threshold_pct,
            municipality: self.municipality.clone(),
            period: self.period,
            impact: self.impact.clone(),
            filter,
            ..Settings::default()
        }
    }

    /// Whether any filter is set.
    pub fn is_filtered(&self) -> bool {
        !self.settings(true).filter.is_empty()
    }

    /// The views a presentation steps through.
    pub fn presented_views(&self) -> Vec<View> {
        if self.sequence.is_empty() {
            View::ALL
                .into_iter()
                .filter(|view| *view != View::Data)
                .collect()
        } else {
            self.sequence.clone()
        }
    }
}
