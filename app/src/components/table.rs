//! A table of figures with its CSV download: every table the dashboard shows can be saved,
//! with spreadsheet formulas defused (`export::csv_field`).

use leptos::prelude::*;

use crate::download;
use crate::i18n::{t, Lang, Text};

/// One cell as shown: its text, a key for tests and tools (`data-key`), and whether it is a
/// suppression mark.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The text shown.
    pub text: String,
    /// Stable name of the figure, written as `data-key`.
    pub key: Option<String>,
}

impl Cell {
    /// A cell with text only.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            key: None,
        }
    }

    /// A cell with a `data-key`.
    pub fn keyed(text: impl Into<String>, key: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            key: Some(key.into()),
        }
    }
}

/// A table: the first cell of each row is its header.
#[derive(Debug, Clone)]
pub struct Table {
    /// Element id, also the CSV file's name.
    pub id: String,
    /// Caption: what the table shows.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The table as CSV, as it reads on screen.
    pub fn csv(&self) -> String {
        let line = |cells: Vec<&str>| {
            cells
                .into_iter()
                .map(export::csv_field)
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut out = line(self.headers.iter().map(String::as_str).collect());
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row.iter().map(|cell| cell.text.as_str()).collect()));
            out.push('\n');
        }
        out
    }

    /// The table with a caption and a CSV button.
    pub fn view(self, lang: Lang) -> impl IntoView {
        let csv = self.csv();
        let file = format!("{}.csv", self.id);
        let headers = self
            .headers
            .iter()
            .map(|header| view! { <th scope="col">{header.clone()}</th> })
            .collect_view();
        let rows = self
            .rows
            .into_iter()
            .map(|row| {
                let mut cells = row.into_iter();
                let head = cells.next().map(|cell| {
                    view! { <th scope="row" data-key=cell.key>{cell.text}</th> }
                });
                let rest = cells
                    .map(|cell| view! { <td data-key=cell.key>{cell.text}</td> })
                    .collect_view();
                view! { <tr>{head}{rest}</tr> }
            })
            .collect_view();
        view! {
            <div class="table-block">
                <table id=self.id.clone()>
                    <caption>{self.caption.clone()}</caption>
                    <thead><tr>{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <button class="export" data-export="csv" on:click=move |_| download::text(&file, "text/csv;charset=utf-8", &csv)>
                    {t(lang, Text::DownloadCsv)}
                </button>
            </div>
        }
    }
}
