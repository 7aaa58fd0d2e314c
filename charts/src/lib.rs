//! Wijkwaarde's charts: figures from the report model in, SVG strings out (plotters).
//! Used by the dashboard and by the CLI's HTML reports, so both draw the same picture.
//! Nothing here computes a figure; suppressed values are drawn as marked gaps.

use analytics::report::{PeriodFigures, TimeToWork};
use analytics::Figures;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colour-blind-safe palette (Okabe–Ito).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
];

/// Labels a chart needs, in the reader's language.
#[derive(Debug, Clone)]
pub struct Labels {
    /// Title above the chart.
    pub title: String,
    /// Label of the x axis.
    pub x_axis: String,
    /// Label of the y axis.
    pub y_axis: String,
    /// What a suppressed bar shows instead of its height, e.g. "< 10".
    pub suppressed: String,
}

/// Bar chart of participants per rung at their latest rated record. Suppressed rungs get no
/// bar but the suppression label, so a reader never mistakes them for zero.
pub fn ladder_distribution_svg(figures: &Figures, labels: &Labels) -> Result<String, String> {
    let bars: Vec<(i32, Option<u64>)> = figures
        .ladder_distribution
        .iter()
        .map(|(rung, count)| (rung.parse().unwrap_or(0), *count))
        .collect();
    let highest = bars
        .iter()
        .filter_map(|(_, count)| *count)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
        root.fill(&WHITE).map_err(|error| error.to_string())?;
        let mut chart = framed(&root, &labels.title)?
            .build_cartesian_2d((1..6).into_segmented(), 0..(highest + highest / 8 + 1))
            .map_err(|error| error.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(&labels.x_axis)
            .y_desc(&labels.y_axis)
            .label_style(("sans-serif", 16))
            .axis_desc_style(("sans-serif", 16))
            .draw()
            .map_err(|error| error.to_string())?;
        chart
            .draw_series(bars.iter().filter_map(|(rung, count)| {
                count.map(|count| {
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(*rung), 0),
                            (SegmentValue::Exact(rung + 1), count),
                        ],
                        PALETTE[0].filled(),
                    );
                    bar.set_margin(0, 0, 8, 8);
                    bar
                })
            }))
            .map_err(|error| error.to_string())?;
        chart
            .draw_series(
                bars.iter()
                    .filter(|(_, count)| count.is_none())
                    .map(|(rung, _)| {
                        Text::new(
                            labels.suppressed.clone(),
                            (SegmentValue::CenterOf(*rung), highest / 20 + 1),
                            ("sans-serif", 16).into_font().color(&BLACK),
                        )
                    }),
            )
            .map_err(|error| error.to_string())?;
        root.present().map_err(|error| error.to_string())?;
    }
    Ok(svg)
}

fn failed(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// The title's font size and the height of its line: set, not measured. plotters measures
/// text in the browser by laying out a `<span>` in the page, which forced the page's layout
/// each time a chart with a measured title was drawn; set, the frame is also the same in the
/// browser and in the CLI.
const TITLE_SIZE: u32 = 22;
const TITLE_LINE: u32 = 26;
/// Space above and below the title's line.
const TITLE_PADDING: u32 = 5;
/// Space around the chart.
const MARGIN: u32 = 16;

/// The frame every chart shares: its title above, margins, and room for the axis labels.
fn framed<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    title: &'b str,
) -> Result<ChartBuilder<'a, 'b, DB>, String> {
    let style = TextStyle::from(("sans-serif", TITLE_SIZE).into_font())
        .pos(Pos::new(HPos::Center, VPos::Top));
    let (width, _) = area.dim_in_pixel();
    let top = (MARGIN + TITLE_PADDING) as i32;
    area.draw_text(title, &style, ((width / 2) as i32, top))
        .map_err(failed)?;
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(MARGIN)
        .margin_top(MARGIN + TITLE_PADDING + TITLE_LINE + TITLE_PADDING)
        .x_label_area_size(48)
        .y_label_area_size(64);
    Ok(builder)
}

/// An axis label for a share: `40%`.
fn percent(share: &f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Axis labels for segments: the name at the segment's index.
fn segment_name(names: &[String]) -> impl Fn(&SegmentValue<i32>) -> String + '_ {
    move |value| match value {
        SegmentValue::CenterOf(index) | SegmentValue::Exact(index) => {
            names.get(*index as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    }
}

/// Width in pixels of one item of the 760-pixel paired-bar chart (16 px margins and a 64 px
/// label area leave 664 for the plot).
fn segment_pixels(items: usize) -> u32 {
    664 / items.max(1) as u32
}

/// Radius of the ring that marks a period with a suppressed rung.
const SUPPRESSED_RING: i32 = 5;

/// Stacked bars of participants per rung at their latest rating within each period. A period
/// with a suppressed rung carries a ring above its bar, which the legend names with the
/// suppression label; `rung_names` label the legend ("Trede 1" …).
pub fn ladder_by_period_svg(
    periods: &[PeriodFigures],
    labels: &Labels,
    rung_names: &[String; 6],
) -> Result<String, String> {
    let stacks: Vec<[Option<u64>; 6]> = periods
        .iter()
        .map(|period| {
            let mut stack = [None; 6];
            for (rung, count) in &period.ladder_distribution {
                if let Ok(rung) = rung.parse::<usize>() {
                    if (1..=6).contains(&rung) {
                        stack[rung - 1] = *count;
                    }
                }
            }
            stack
        })
        .collect();
    let highest = stacks
        .iter()
        .map(|stack| stack.iter().flatten().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let count = periods.len().max(1) as i32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        // The legend stands to the right of the plot, where it covers no bar.
        let (plot, legend) = root.split_horizontally(740);
        let mut chart = framed(&plot, &labels.title)?
            .build_cartesian_2d(
                (0..count - 1).into_segmented(),
                0..(highest + highest / 6 + 1),
            )
            .map_err(failed)?;
        let names: Vec<String> = periods.iter().map(|period| period.period.clone()).collect();
        let period_label = segment_name(&names);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(&labels.x_axis)
            .y_desc(&labels.y_axis)
            .x_labels(periods.len().min(12))
            .x_label_formatter(&period_label)
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 16))
            .draw()
            .map_err(failed)?;
        // The legend's rows: one per rung, then the suppression ring after a little space.
        let legend_row = |row: usize| 60 + 26 * row as i32;
        for (rung, name) in rung_names.iter().enumerate() {
            let colour = PALETTE[rung % PALETTE.len()];
            chart
                .draw_series(stacks.iter().enumerate().filter_map(|(index, stack)| {
                    let below: u64 = stack[..rung].iter().flatten().sum();
                    let height = stack[rung]?;
                    let index = index as i32;
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(index), below),
                            (SegmentValue::Exact(index + 1), below + height),
                        ],
                        colour.filled(),
                    );
                    bar.set_margin(0, 0, 6, 6);
                    Some(bar)
                }))
                .map_err(failed)?;
            let y = legend_row(rung);
            legend
                .draw(&Rectangle::new([(4, y - 7), (18, y + 7)], colour.filled()))
                .map_err(failed)?;
            legend
                .draw(&Text::new(
                    name.clone(),
                    (24, y - 7),
                    ("sans-serif", 14).into_font().color(&BLACK),
                ))
                .map_err(failed)?;
        }
        // A period with a suppressed rung gets a ring above its bar, named once in the legend:
        // the word itself above every such bar overlapped its neighbours' once the periods
        // were many (quarters over a few years).
        let marked: Vec<(usize, u64)> = stacks
            .iter()
            .enumerate()
            .filter(|(_, stack)| stack.iter().any(Option::is_none))
            .map(|(index, stack)| (index, stack.iter().flatten().sum::<u64>()))
            .collect();
        chart
            .draw_series(marked.iter().map(|&(index, total)| {
                Circle::new(
                    (
                        SegmentValue::CenterOf(index as i32),
                        total + highest / 25 + 1,
                    ),
                    SUPPRESSED_RING,
                    BLACK.stroke_width(2),
                )
            }))
            .map_err(failed)?;
        if !marked.is_empty() {
            let y = legend_row(rung_names.len()) + 8;
            legend
                .draw(&Circle::new(
                    (11, y),
                    SUPPRESSED_RING,
                    BLACK.stroke_width(2),
                ))
                .map_err(failed)?;
            legend
                .draw(&Text::new(
                    labels.suppressed.clone(),
                    (24, y - 7),
                    ("sans-serif", 14).into_font().color(&BLACK),
                ))
                .map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// The Kaplan–Meier curve as steps: share still without work by months since intake. Months
/// resting on too few participants are left out, and the line breaks there.
pub fn time_to_work_svg(curve: &TimeToWork, labels: &Labels) -> Result<String, String> {
    let last_month = curve
        .points
        .last()
        .map_or(1, |point| point.month + 1)
        .max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = framed(&root, &labels.title)?
            .build_cartesian_2d(0..last_month, 0.0..1.0_f64)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_desc(&labels.x_axis)
            .y_desc(&labels.y_axis)
            .y_label_formatter(&percent)
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 16))
            .draw()
            .map_err(failed)?;
        // Each run of shown months is one stepped line, starting from 100% at month 0.
        let mut runs: Vec<Vec<(i32, f64)>> = vec![vec![(0, 1.0)]];
        for point in &curve.points {
            match point.without_work_share {
                // The share after month m holds from the end of that month on.
                Some(share) => {
                    let run = runs.last_mut().expect("there is always a run");
                    if let Some(&(_, before)) = run.last() {
                        run.push((point.month + 1, before));
                    }
                    run.push((point.month + 1, share));
                }
                None => {
                    if !runs.last().is_some_and(Vec::is_empty) {
                        runs.push(Vec::new());
                    }
                }
            }
        }
        for run in runs.into_iter().filter(|run| run.len() > 1) {
            chart
                .draw_series(LineSeries::new(run, PALETTE[0].stroke_width(3)))
                .map_err(failed)?;
        }
        if curve
            .points
            .iter()
            .any(|point| point.without_work_share.is_none())
        {
            chart
                .draw_series(std::iter::once(Text::new(
                    labels.suppressed.clone(),
                    (last_month * 3 / 4, 0.95),
                    ("sans-serif", 14).into_font().color(&BLACK),
                )))
                .map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// Paired bars of a share at intake and at the latest measurement, one pair per item (e.g.
/// lonely, low income). `moments` names the two bars in the legend.
pub fn intake_latest_svg(
    items: &[(String, Option<f64>, Option<f64>)],
    labels: &Labels,
    moments: (&str, &str),
) -> Result<String, String> {
    let count = items.len().max(1) as i32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = framed(&root, &labels.title)?
            .build_cartesian_2d((0..count - 1).into_segmented(), 0.0..1.0_f64)
            .map_err(failed)?;
        let names: Vec<String> = items.iter().map(|item| item.0.clone()).collect();
        let item_label = segment_name(&names);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(&labels.x_axis)
            .y_desc(&labels.y_axis)
            .x_label_formatter(&item_label)
            .y_label_formatter(&percent)
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 16))
            .draw()
            .map_err(failed)?;
        // Each item's segment is split in two halves: intake left, latest right.
        for (half, name) in [moments.0, moments.1].into_iter().enumerate() {
            let colour = PALETTE[if half == 0 { 1 } else { 0 }];
            chart
                .draw_series(items.iter().enumerate().filter_map(|(index, item)| {
                    let share = if half == 0 { item.1 } else { item.2 }?;
                    let index = index as i32;
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(index), 0.0),
                            (SegmentValue::Exact(index + 1), share),
                        ],
                        colour.filled(),
                    );
                    // Each bar takes 40% of its item's width: intake on the left, latest
                    // on the right, a gap between them and between items.
                    let width = segment_pixels(items.len());
                    let (edge, middle) = (width / 10, width / 2);
                    let (left, right) = if half == 0 {
                        (edge, middle)
                    } else {
                        (middle, edge)
                    };
                    bar.set_margin(0, 0, left, right);
                    Some(bar)
                }))
                .map_err(failed)?
                .label(name.to_owned())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 12, y + 6)], colour.filled())
                });
        }
        chart
            .draw_series(
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.1.is_none() || item.2.is_none())
                    .map(|(index, _)| {
                        {
                            Text::new(
                                labels.suppressed.clone(),
                                (SegmentValue::CenterOf(index as i32), 0.04),
                                ("sans-serif", 13).into_font().color(&BLACK),
                            )
                        }
                    }),
            )
            .map_err(failed)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.4))
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels {
            title: "Trede".into(),
            x_axis: "trede".into(),
            y_axis: "deelnemers".into(),
            suppressed: "< 10".into(),
        }
    }

    #[test]
    fn bars_are_drawn_for_shown_rungs_and_labels_for_suppressed_ones() {
        let mut figures = Figures::default();
        for (rung, count) in [
            (1, Some(12)),
            (2, Some(40)),
            (3, None),
            (4, Some(25)),
            (5, Some(0)),
            (6, None),
        ] {
            figures.ladder_distribution.insert(rung.to_string(), count);
        }
        let svg = ladder_distribution_svg(&figures, &labels()).unwrap();
        assert!(svg.starts_with("<svg"));
        assert_eq!(
            svg.matches("&lt; 10").count(),
            2,
            "one label per suppressed rung"
        );
        // Three bars with height (12, 40, 25) in the bar colour; the zero bar has no height.
        assert!(svg.matches("fill=\"#0072B2\"").count() >= 3);
    }

    #[test]
    fn periods_stack_their_rungs_and_mark_suppression() {
        let period = |name: &str, counts: [Option<u64>; 6]| PeriodFigures {
            period: name.to_owned(),
            ladder_distribution: (1..=6)
                .map(|rung| (rung.to_string(), counts[rung - 1]))
                .collect(),
            ..Default::default()
        };
        let periods = [
            period(
                "2024-Q1",
                [Some(12), Some(20), None, Some(15), Some(0), None],
            ),
            period("2024-Q2", [Some(10); 6]),
        ];
        let names = ["1", "2", "3", "4", "5", "6"].map(String::from);
        let svg = ladder_by_period_svg(&periods, &labels(), &names).unwrap();
        assert!(svg.contains("2024-Q1") && svg.contains("2024-Q2"));
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "a ring above the first period, and one in the legend"
        );
        assert_eq!(
            svg.matches("&lt; 10").count(),
            1,
            "named once, in the legend"
        );
        let unsuppressed = ladder_by_period_svg(&periods[1..], &labels(), &names).unwrap();
        assert!(!unsuppressed.contains("<circle") && !unsuppressed.contains("&lt; 10"));
    }

    #[test]
    fn the_curve_breaks_where_months_are_suppressed() {
        use analytics::report::SurvivalPoint;
        let point = |month, share: Option<f64>| SurvivalPoint {
            month,
            at_risk: share.map(|_| 20),
            without_work_share: share,
        };
        let curve = TimeToWork {
            participants: Some(40),
            points: vec![
                point(0, Some(0.9)),
                point(1, Some(0.8)),
                point(2, None),
                point(3, Some(0.7)),
                point(4, Some(0.6)),
            ],
        };
        let svg = time_to_work_svg(&curve, &labels()).unwrap();
        // Two runs: from the start to month 1, and months 3–4.
        let curve_lines = svg
            .lines()
            .filter(|line| line.starts_with("<polyline") && line.contains("#0072B2"))
            .count();
        assert_eq!(curve_lines, 2, "{svg}");
        assert!(svg.contains("&lt; 10"));
    }
}
