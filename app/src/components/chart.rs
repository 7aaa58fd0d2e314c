//! A chart as a figure: the plotters SVG, a caption saying what it shows and on how many
//! participants, its figures as a table (the text alternative), and SVG/PNG downloads.

use leptos::prelude::*;

use super::Table;
use crate::download;
use crate::i18n::{t, Lang, Text};

/// The figure for one chart. `id` names the element and the downloaded files.
pub fn chart_figure(
    lang: Lang,
    id: &str,
    title: &str,
    svg: String,
    caption: String,
    table: Table,
) -> impl IntoView {
    let (svg_file, png_file) = (format!("{id}.svg"), format!("{id}.png"));
    let for_svg = svg.clone();
    let for_png = svg.clone();
    view! {
        <figure id=id.to_owned() class="chart">
            <div class="chart-image" role="img" aria-label=format!("{} {title}", t(lang, Text::ChartOf)) inner_html=svg></div>
            <figcaption>{caption}</figcaption>
            <div class="export-buttons">
                <button class="export" data-export="svg" on:click=move |_| download::text(&svg_file, "image/svg+xml", &for_svg)>
                    {t(lang, Text::DownloadSvg)}
                </button>
                <button class="export" data-export="png" on:click=move |_| download::png(&png_file, &for_png)>
                    {t(lang, Text::DownloadPng)}
                </button>
            </div>
            {table.view(lang)}
        </figure>
    }
}
