//! Wijkwaarde's charts: figures from the report model in, SVG strings out (plotters).
//! Used by the dashboard and by the CLI's HTML reports, so both draw the same picture.
//! Nothing here computes a figure; suppressed values are drawn as marked gaps.

use analytics::Figures;
use plotters::prelude::*;

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
        let mut chart = ChartBuilder::on(&root)
            .caption(&labels.title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(64)
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
}
