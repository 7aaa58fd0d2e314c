//! The report model as files people open: a tidy CSV of every figure (safe against
//! spreadsheet formula injection), the validation problems as CSV, Markdown, and a
//! self-contained HTML page with its chart inline that opens offline.
//! Presentation only: every figure comes from the report, suppressed ones stay suppressed.

use std::fmt::Write as _;

use analytics::{Figures, Report, Validation};
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

/// One figure of one scope, flattened: `ladder_distribution.3`, `bases.reach`, `reach`.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// `None` for the overall scope.
    pub neighbourhood: Option<String>,
    /// Flattened key.
    pub key: String,
    /// The value, where shown.
    pub value: Option<f64>,
    /// Shown, suppressed or not measured.
    pub status: Status,
}

/// Every figure of the report, overall first, then per neighbourhood, in key order.
pub fn figure_rows(report: &Report) -> Vec<FigureRow> {
    let mut rows = Vec::new();
    let scopes = std::iter::once((None, &report.overall)).chain(
        report
            .by_neighbourhood
            .iter()
            .map(|entry| (Some(entry.neighbourhood.clone()), &entry.figures)),
    );
    for (neighbourhood, figures) in scopes {
        let suppressed = |key: &str| {
            report
                .suppressed
                .iter()
                .any(|entry| entry.key == key && entry.neighbourhood == neighbourhood)
        };
        let mut push = |key: String, value: &Value| {
            let status = match value.as_f64() {
                Some(_) => Status::Shown,
                None if suppressed(&key) => Status::Suppressed,
                None => Status::NotMeasured,
            };
            rows.push(FigureRow {
                neighbourhood: neighbourhood.clone(),
                key,
                value: value.as_f64(),
                status,
            });
        };
        for (key, value) in figures_map(figures) {
            match value {
                Value::Object(parts) => parts
                    .iter()
                    .for_each(|(part, value)| push(format!("{key}.{part}"), value)),
                value => push(key, &value),
            }
        }
    }
    rows
}

fn figures_map(figures: &Figures) -> serde_json::Map<String, Value> {
    match serde_json::to_value(figures) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
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

/// Every figure as a tidy CSV: `neighbourhood,figure,value,status` (empty neighbourhood = overall).
pub fn figures_csv(report: &Report, lang: Lang) -> String {
    let mut out = String::from("neighbourhood,figure,value,status\n");
    for row in figure_rows(report) {
        let value = row.value.map(|value| value.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{}",
            csv_field(row.neighbourhood.as_deref().unwrap_or("")),
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
        other => {
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
        .filter(|row| row.neighbourhood.is_none() && !row.key.starts_with("bases."))
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
            let row = rows.iter().find(|row| {
                row.neighbourhood.as_deref() == Some(entry.neighbourhood.as_str()) && row.key == key
            });
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

/// The report as one HTML page with its chart inline and nothing to fetch: it opens offline.
pub fn html(report: &Report, lang: Lang) -> String {
    let rows = figure_rows(report);
    let chart = ladder_chart_svg(report, lang).unwrap_or_default();
    let code = if lang == Lang::Nl { "nl" } else { "en" };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>Wijkwaarde</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#1a1a1a}}table{{border-collapse:collapse;margin:1rem 0}}td,th{{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:right}}td:first-child,th:first-child{{text-align:left}}.note{{color:#4a4a4a}}</style></head><body>\n<h1>Wijkwaarde</h1>\n<p class=\"note\">{} {} – {}. {}</p>\n",
        if lang == Lang::Nl { "Periode" } else { "Period" },
        report.input.first_date,
        report.input.end_date,
        escape(&threshold_note(report, lang))
    );
    let _ = write!(
        out,
        "<figure>{chart}<figcaption>{}</figcaption></figure>\n<table><tbody>\n",
        escape(ladder_chart_title(lang))
    );
    for row in rows
        .iter()
        .filter(|row| row.neighbourhood.is_none() && !row.key.starts_with("bases."))
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
            let row = rows.iter().find(|row| {
                row.neighbourhood.as_deref() == Some(entry.neighbourhood.as_str()) && row.key == key
            });
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
                .find(|row| row.neighbourhood.as_deref() == neighbourhood && row.key == key)
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
        assert!(csv.contains("\nZuid,participants,,suppressed\n"), "{csv}");
        assert!(csv.contains("\n,participants,5,\n"), "{csv}");
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
