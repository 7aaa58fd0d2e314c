//! The report model as files people open: a tidy CSV of every figure (safe against
//! spreadsheet formula injection), the validation problems as CSV, Markdown, and a
//! self-contained HTML page with its chart inline that opens offline.
//! Presentation only: every figure comes from the report, suppressed ones stay suppressed.

use std::fmt::Write as _;

use analytics::{Report, Validation};
use serde_json::Value;

/// Language of labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Nederlands.
    Nl,
    /// English.
    En,
}

/// Whether a figure was shown, suppressed or could not be measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The value is shown.
    Shown,
    /// Hidden by small-number protection.
    Suppressed,
    /// Nothing in the file to measure it.
    NotMeasured,
}

impl Status {
    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Shown, _) => "",
            (Status::Suppressed, Lang::Nl) => "afgeschermd",
            (Status::Suppressed, Lang::En) => "suppressed",
            (Status::NotMeasured, Lang::Nl) => "niet gemeten",
            (Status::NotMeasured, Lang::En) => "not measured",
        }
    }
}

/// One figure of one scope, flattened: `ladder_distribution.3`, `bases.reach`,
/// `ladder_transitions.counts.2.5`.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// `overall`, `by_neighbourhood`, `by_group`, `by_period` or `time_to_work`.
    pub scope: &'static str,
    /// The neighbourhood, the group (`gender=v`), the period or the month; `None` overall.
    pub within: Option<String>,
    /// Flattened key.
    pub key: String,
    /// The value, where shown.
    pub value: Option<f64>,
    /// Shown, suppressed or not measured.
    pub status: Status,
}

impl FigureRow {
    /// Whether the row belongs to the overall figures.
    pub fn is_overall(&self) -> bool {
        self.scope == "overall"
    }

    /// Whether the row is a figure of neighbourhood `name`.
    pub fn is_of_neighbourhood(&self, name: &str) -> bool {
        self.scope == "by_neighbourhood" && self.within.as_deref() == Some(name)
    }
}

/// Every figure of the report: overall, per neighbourhood, per group, per period, and the
/// time-to-work curve, each in key order.
pub fn figure_rows(report: &Report) -> Vec<FigureRow> {
    let mut scopes: Vec<(&'static str, Option<String>, Value)> = vec![(
        "overall",
        None,
        serde_json::to_value(&report.overall).unwrap_or_default(),
    )];
    for entry in &report.by_neighbourhood {
        scopes.push((
            "by_neighbourhood",
            Some(entry.neighbourhood.clone()),
            serde_json::to_value(&entry.figures).unwrap_or_default(),
        ));
    }
    for (column, groups) in &report.by_group {
        for entry in groups {
            scopes.push((
                "by_group",
                Some(format!("{column}={}", entry.group)),
                serde_json::to_value(&entry.figures).unwrap_or_default(),
            ));
        }
    }
    for entry in &report.by_period {
        let mut value = serde_json::to_value(entry).unwrap_or_default();
        if let Value::Object(map) = &mut value {
            map.remove("period");
        }
        scopes.push(("by_period", Some(entry.period.clone()), value));
    }
    for point in &report.time_to_work.points {
        let mut value = serde_json::to_value(point).unwrap_or_default();
        if let Value::Object(map) = &mut value {
            map.remove("month");
        }
        scopes.push(("time_to_work", Some(point.month.to_string()), value));
    }

    let mut rows = Vec::new();
    for (scope, within, figures) in scopes {
        let suppressed = |key: &str| {
            report.suppressed.iter().any(|entry| {
                entry.key == key
                    && entry.scope == scope
                    && (entry.neighbourhood.as_ref().or(entry.within.as_ref()) == within.as_ref())
            })
        };
        let mut flat = Vec::new();
        flatten(String::new(), &figures, &mut flat);
        for (key, value) in flat {
            let status = match value {
                Some(_) => Status::Shown,
                None if suppressed(&key) => Status::Suppressed,
                None => Status::NotMeasured,
            };
            rows.push(FigureRow {
                scope,
                within: within.clone(),
                key,
                value,
                status,
            });
        }
    }
    rows
}

/// Flattens nested objects into dotted keys.
fn flatten(prefix: String, value: &Value, out: &mut Vec<(String, Option<f64>)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(key, value, out);
            }
        }
        other => out.push((prefix, other.as_f64())),
    }
}

/// A CSV field, quoted where needed, with a leading `=`, `+`, `-`, `@`, tab or carriage return
/// defused by a `'` so that a spreadsheet shows it as text instead of running it.
pub fn csv_field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Every figure as a tidy CSV: `scope,within,figure,value,status` (`within` names the
/// neighbourhood, group, period or month; empty overall).
pub fn figures_csv(report: &Report, lang: Lang) -> String {
    let mut out = String::from("scope,within,figure,value,status\n");
    for row in figure_rows(report) {
        let value = row.value.map(|value| value.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            row.scope,
            csv_field(row.within.as_deref().unwrap_or("")),
            csv_field(&row.key),
            value,
            row.status.word(lang)
        );
    }
    out
}

/// Every rejected row's problem as CSV: `line,column,value,reason`.
pub fn validation_csv(validation: &Validation, lang: Lang) -> String {
    let mut out = String::from("line,column,value,reason\n");
    for problem in &validation.problems {
        let reason = match lang {
            Lang::Nl => problem.reason.message_nl(),
            Lang::En => problem.reason.message_en(),
        };
        let _ = writeln!(
            out,
            "{},{},{},{}",
            problem.line,
            csv_field(&problem.column),
            csv_field(&problem.value),
            csv_field(reason)
        );
    }
    out
}

/// The label of a figure key.
pub fn label(key: &str, lang: Lang) -> String {
    let (nl, en) = match key {
        "participants" => ("Deelnemers", "Participants"),
        "active_participants" => ("Actieve deelnemers", "Active participants"),
        "reach" => (
            "Bereik (deelnemers / bijstand)",
            "Reach (participants / on bijstand)",
        ),
        "ladder_progressed_share" => ("Gestegen op de ladder", "Climbed the ladder"),
        "mean_ladder_change" => ("Gemiddelde verandering in trede", "Mean change in rung"),
        "outflow_count" => ("Uitstroom naar werk", "Outflow to work"),
        "outflow_12m_share" => ("Uitstroom binnen 12 maanden", "Outflow within 12 months"),
        "durable_outflow_share" => ("Duurzame uitstroom", "Durable outflow"),
        "lonely_share_intake" => ("Eenzaam bij intake", "Lonely at intake"),
        "lonely_share_latest" => ("Eenzaam, laatste meting", "Lonely, latest"),
        "severely_lonely_share_latest" => {
            ("Ernstig eenzaam, laatste meting", "Severely lonely, latest")
        }
        "mean_loneliness_change" => (
            "Gemiddelde verandering eenzaamheid",
            "Mean change in loneliness",
        ),
        "low_income_share_intake" => ("Laag inkomen bij intake", "Low income at intake"),
        "low_income_share_latest" => ("Laag inkomen, laatste meting", "Low income, latest"),
        "problem_debts_share_intake" => (
            "Problematische schulden bij intake",
            "Problem debts at intake",
        ),
        "problem_debts_share_latest" => (
            "Problematische schulden, laatste meting",
            "Problem debts, latest",
        ),
        "energy_poverty_share_intake" => ("Energiearmoede bij intake", "Energy poverty at intake"),
        "energy_poverty_share_latest" => {
            ("Energiearmoede, laatste meting", "Energy poverty, latest")
        }
        "benefit_months_saved_low" => (
            "Bespaarde uitkeringsmaanden (laag)",
            "Benefit months saved (low)",
        ),
        "benefit_months_saved_high" => (
            "Bespaarde uitkeringsmaanden (hoog)",
            "Benefit months saved (high)",
        ),
        "volunteer_hours" => ("Uren vrijwilligerswerk", "Volunteer hours"),
        "impact_eur_low" => ("Maatschappelijke waarde, laag (€)", "Social value, low (€)"),
        "impact_eur_high" => (
            "Maatschappelijke waarde, hoog (€)",
            "Social value, high (€)",
        ),
        other => {
            if let Some(rest) = other.strip_prefix("outflow_by_benefit_duration.") {
                let (band, figure) = rest.split_once('.').unwrap_or((rest, ""));
                let band = match (band, lang) {
                    ("under_1y", Lang::Nl) => "uitkering < 1 jaar",
                    ("under_1y", Lang::En) => "benefit < 1 year",
                    ("1_to_2y", Lang::Nl) => "uitkering 1–2 jaar",
                    ("1_to_2y", Lang::En) => "benefit 1–2 years",
                    ("over_2y", Lang::Nl) => "uitkering > 2 jaar",
                    ("over_2y", Lang::En) => "benefit > 2 years",
                    ("no_benefit", Lang::Nl) => "geen uitkering",
                    ("no_benefit", Lang::En) => "no benefit",
                    (_, Lang::Nl) => "uitkeringsduur onbekend",
                    (_, Lang::En) => "benefit duration unknown",
                };
                let figure = match figure {
                    "outflow_12m_base" => match lang {
                        Lang::Nl => "Cohort 12 maanden".to_owned(),
                        Lang::En => "12-month cohort".to_owned(),
                    },
                    figure => label(figure, lang),
                };
                return format!("{figure}, {band}");
            }
            if let Some(rung) = other.strip_prefix("ladder_distribution.") {
                return match lang {
                    Lang::Nl => format!("Trede {rung}"),
                    Lang::En => format!("Rung {rung}"),
                };
            }
            return other.to_owned();
        }
    };
    match lang {
        Lang::Nl => nl.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// A value as people read it: counts whole, shares as percentages, means with two decimals.
pub fn format_value(key: &str, value: f64, lang: Lang) -> String {
    let text = if key.ends_with("_share")
        || key.ends_with("_share_intake")
        || key.ends_with("_share_latest")
        || key == "reach"
    {
        format!("{:.1}%", (value * 1000.0).round() / 10.0)
    } else if key.starts_with("mean_") {
        format!("{:.2}", (value * 100.0).round() / 100.0)
    } else if key.starts_with("impact_eur")
        || key.starts_with("benefit_months")
        || key == "volunteer_hours"
    {
        // Estimates, not exact figures: whole units.
        format!("{}", value.round())
    } else {
        format!("{value}")
    };
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

fn shown(row: &FigureRow, lang: Lang) -> String {
    match row.value {
        Some(value) => format_value(&row.key, value, lang),
        None => row.status.word(lang).to_owned(),
    }
}

/// Whether an overall figure gets a line of its own in the Markdown and HTML reports; the bases
/// and the transition matrix are in the JSON and CSV.
fn is_listed(key: &str) -> bool {
    !key.starts_with("bases.") && !key.starts_with("ladder_transitions.")
}

/// Headline figures, overall and per neighbourhood.
const HEADLINE: [&str; 6] = [
    "participants",
    "active_participants",
    "outflow_12m_share",
    "durable_outflow_share",
    "lonely_share_latest",
    "low_income_share_latest",
];

fn threshold_note(report: &Report, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!(
            "Afgeschermd: aantallen onder {0}, percentages op minder dan {0} deelnemers, en cijfers waaruit die terug te rekenen zijn.",
            report.settings.min_cell
        ),
        Lang::En => format!(
            "Suppressed: counts below {0}, shares on fewer than {0} participants, and figures from which those could be worked out.",
            report.settings.min_cell
        ),
    }
}

/// The report as Markdown: input, every overall figure, headline figures per neighbourhood.
pub fn markdown(report: &Report, lang: Lang) -> String {
    let rows = figure_rows(report);
    let mut out = String::from("# Wijkwaarde\n\n");
    let input = &report.input;
    let _ = writeln!(
        out,
        "{} {} – {}; {} / {} / {}: {} / {} / {}.\n",
        if lang == Lang::Nl {
            "Periode"
        } else {
            "Period"
        },
        input.first_date,
        input.end_date,
        if lang == Lang::Nl {
            "regels gelezen"
        } else {
            "rows read"
        },
        if lang == Lang::Nl { "gebruikt" } else { "used" },
        if lang == Lang::Nl {
            "afgewezen"
        } else {
            "rejected"
        },
        input.rows_read,
        input.rows_used,
        input.rows_rejected
    );
    let _ = writeln!(out, "{}\n", threshold_note(report, lang));
    out.push_str(if lang == Lang::Nl {
        "| Cijfer | Waarde |\n|---|---:|\n"
    } else {
        "| Figure | Value |\n|---|---:|\n"
    });
    for row in rows
        .iter()
        .filter(|row| row.is_overall() && is_listed(&row.key))
    {
        let _ = writeln!(out, "| {} | {} |", label(&row.key, lang), shown(row, lang));
    }
    out.push_str(if lang == Lang::Nl {
        "\n## Per wijk\n\n| Wijk |"
    } else {
        "\n## By neighbourhood\n\n| Neighbourhood |"
    });
    for key in HEADLINE {
        let _ = write!(out, " {} |", label(key, lang));
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(HEADLINE.len()));
    out.push('\n');
    for entry in &report.by_neighbourhood {
        let _ = write!(out, "| {} |", entry.neighbourhood.replace('|', "\\|"));
        for key in HEADLINE {
            let row = rows
                .iter()
                .find(|row| row.is_of_neighbourhood(&entry.neighbourhood) && row.key == key);
            let _ = write!(
                out,
                " {} |",
                row.map(|row| shown(row, lang)).unwrap_or_default()
            );
        }
        out.push('\n');
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn ladder_chart_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Deelnemers per trede",
        Lang::En => "Participants per rung",
    }
}

/// The chart of participants per rung (overall), labelled in `lang`, as SVG.
pub fn ladder_chart_svg(report: &Report, lang: Lang) -> Result<String, String> {
    let labels = charts::Labels {
        title: ladder_chart_title(lang).to_owned(),
        x_axis: if lang == Lang::Nl { "Trede" } else { "Rung" }.to_owned(),
        y_axis: label("participants", lang),
        suppressed: Status::Suppressed.word(lang).to_owned(),
    };
    charts::ladder_distribution_svg(&report.overall, &labels)
}

/// Every chart of the report with its file-name part: `ladder`, `ladder-by-period`,
/// `time-to-work`.
pub fn chart_svgs(report: &Report, lang: Lang) -> Result<Vec<(&'static str, String)>, String> {
    let nl = lang == Lang::Nl;
    let labels = |title: &str, x_axis: &str, y_axis: &str| charts::Labels {
        title: title.to_owned(),
        x_axis: x_axis.to_owned(),
        y_axis: y_axis.to_owned(),
        suppressed: Status::Suppressed.word(lang).to_owned(),
    };
    let rung = if nl { "Trede" } else { "Rung" };
    let rung_names = ["1", "2", "3", "4", "5", "6"].map(|number| format!("{rung} {number}"));
    let by_period = charts::ladder_by_period_svg(
        &report.by_period,
        &labels(
            if nl {
                "Deelnemers per trede, per periode"
            } else {
                "Participants per rung, by period"
            },
            if nl { "Periode" } else { "Period" },
            &label("participants", lang),
        ),
        &rung_names,
    )?;
    let time_to_work = charts::time_to_work_svg(
        &report.time_to_work,
        &labels(
            if nl {
                "Nog zonder werk, per maand na intake"
            } else {
                "Still without work, by month since intake"
            },
            if nl {
                "Maanden na intake"
            } else {
                "Months since intake"
            },
            if nl {
                "Nog zonder werk"
            } else {
                "Still without work"
            },
        ),
    )?;
    Ok(vec![
        ("ladder", ladder_chart_svg(report, lang)?),
        ("ladder-by-period", by_period),
        ("time-to-work", time_to_work),
    ])
}

/// The report as one HTML page with its charts inline and nothing to fetch: it opens offline.
pub fn html(report: &Report, lang: Lang) -> String {
    let rows = figure_rows(report);
    // Each chart draws its own title; the figures are in the tables below.
    let charts: String = chart_svgs(report, lang)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, svg)| format!("<figure>{svg}</figure>\n"))
        .collect();
    let code = if lang == Lang::Nl { "nl" } else { "en" };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>Wijkwaarde</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#1a1a1a}}table{{border-collapse:collapse;margin:1rem 0}}td,th{{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:right}}td:first-child,th:first-child{{text-align:left}}.note{{color:#4a4a4a}}</style></head><body>\n<h1>Wijkwaarde</h1>\n<p class=\"note\">{} {} – {}. {}</p>\n",
        if lang == Lang::Nl { "Periode" } else { "Period" },
        report.input.first_date,
        report.input.end_date,
        escape(&threshold_note(report, lang))
    );
    out.push_str(&charts);
    out.push_str("<table><tbody>\n");
    for row in rows
        .iter()
        .filter(|row| row.is_overall() && is_listed(&row.key))
    {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(&label(&row.key, lang)),
            escape(&shown(row, lang))
        );
    }
    out.push_str("</tbody></table>\n<table><thead><tr><th scope=\"col\"></th>");
    for key in HEADLINE {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&label(key, lang)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for entry in &report.by_neighbourhood {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th>",
            escape(&entry.neighbourhood)
        );
        for key in HEADLINE {
            let row = rows
                .iter()
                .find(|row| row.is_of_neighbourhood(&entry.neighbourhood) && row.key == key);
            let _ = write!(
                out,
                "<td>{}</td>",
                escape(&row.map(|row| shown(row, lang)).unwrap_or_default())
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_delimiters_quoted() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+31"), "'+31");
        assert_eq!(csv_field("-"), "'-");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("Noord, Oost"), "\"Noord, Oost\"");
        assert_eq!(csv_field("Schildersbuurt"), "Schildersbuurt");
    }

    #[test]
    fn values_read_as_people_read_them() {
        assert_eq!(format_value("outflow_12m_share", 0.7625, Lang::Nl), "76,3%");
        assert_eq!(format_value("reach", 0.05, Lang::En), "5.0%");
        assert_eq!(
            format_value("mean_loneliness_change", -0.409, Lang::Nl),
            "-0,41"
        );
        assert_eq!(format_value("participants", 900.0, Lang::Nl), "900");
    }

    fn fixture_report(min_cell: u32) -> Report {
        let bytes = include_bytes!("../../analytics/tests/fixtures/hand_computed.csv");
        analytics::analyse(
            bytes,
            &analytics::Settings {
                min_cell,
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn every_figure_is_a_row_with_its_status() {
        let report = fixture_report(3);
        let rows = figure_rows(&report);
        let find = |neighbourhood: Option<&str>, key: &str| {
            rows.iter()
                .find(|row| {
                    row.key == key
                        && match neighbourhood {
                            None => row.is_overall(),
                            Some(name) => row.is_of_neighbourhood(name),
                        }
                })
                .unwrap()
                .clone()
        };
        // Hand fixture (analytics/src/report.rs): 5 participants; with min_cell 3 Zuid's 2 is
        // hidden, and Noord's 3 with it.
        assert_eq!(find(None, "participants").value, Some(5.0));
        assert_eq!(
            find(Some("Zuid"), "participants").status,
            Status::Suppressed
        );
        assert_eq!(
            find(Some("Noord"), "participants").status,
            Status::Suppressed
        );
        assert_eq!(
            find(None, "energy_poverty_share_latest").status,
            Status::NotMeasured
        );
        // Rungs: nobody at 1 (a zero is shown), two at 6 (hidden under 3).
        assert_eq!(find(None, "ladder_distribution.1").value, Some(0.0));
        assert_eq!(
            find(None, "ladder_distribution.6").status,
            Status::Suppressed
        );
        let csv = figures_csv(&report, Lang::En);
        assert!(
            csv.contains("\nby_neighbourhood,Zuid,participants,,suppressed\n"),
            "{csv}"
        );
        assert!(csv.contains("\noverall,,participants,5,\n"), "{csv}");
        // Nested figures flatten to dotted keys; periods and the curve have rows of their own.
        assert!(
            csv.contains("\noverall,,ladder_transitions.counts.2.6,"),
            "{csv}"
        );
        assert!(
            csv.contains("\nby_period,2023-Q1,participants,4,\n"),
            "{csv}"
        );
        assert!(csv.contains("\ntime_to_work,0,at_risk,3,\n"), "{csv}");
    }

    #[test]
    fn html_stands_alone_and_shows_suppression() {
        let page = html(&fixture_report(3), Lang::Nl);
        assert!(
            page.contains("<svg") && !page.contains("src=\"http") && !page.contains("href=\"http")
        );
        assert!(page.contains("<th scope=\"row\">Zuid</th><td>afgeschermd</td>"));
    }
}
