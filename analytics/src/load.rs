//! The participant-record loader (DATA.md §1): bytes in, a typed polars frame plus a
//! validation report out. Rows that break a rule are rejected whole and listed; the file is
//! refused only when it cannot be read at all or lacks a required column.

mod decode;
pub mod values;

use polars::prelude::*;

use crate::columns::{self, ColumnKind, ColumnSpec, LonelinessScale, COLUMNS};
use crate::indicators::loneliness::{self, ItemScores};
use crate::settings::Settings;
use crate::validation::{ColumnUse, ProblemKind, RowProblem, Validation};
use crate::LoadError;
use values::Answer;

pub use decode::decode;

/// Derived column: emotional-loneliness subscale (negative items), from item answers only.
pub const LONELINESS_EMOTIONAL: &str = "loneliness_emotional";
/// Derived column: social-loneliness subscale (positive items), from item answers only.
pub const LONELINESS_SOCIAL: &str = "loneliness_social";

/// Participant records that passed validation, and the report on those that did not.
#[derive(Debug, Clone)]
pub struct ParticipantRecords {
    /// One row per accepted record, every canonical column present (all-null where the file
    /// lacks it), dates as day numbers, plus the derived loneliness columns.
    pub frame: DataFrame,
    /// What was read and what was rejected.
    pub validation: Validation,
}

/// What a column of the file is read as.
#[derive(Debug, Clone, Copy)]
enum Role {
    Known(&'static ColumnSpec),
    Item(usize),
    Ignored,
}

/// A parsed cell, kept until the whole row has passed.
#[derive(Debug, Clone)]
enum Cell {
    Missing,
    Text(String),
    Whole(i32),
    Number(f64),
    Flag(bool),
}

/// Reads participant records from the bytes of a CSV export.
pub fn load_participants(
    bytes: &[u8],
    settings: &Settings,
) -> Result<ParticipantRecords, LoadError> {
    let decoded = decode(bytes)?;
    let delimiter = decode::sniff_delimiter(&decoded.text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|error| LoadError::Csv(error.to_string()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let (roles, scale) = assign_roles(&headers, settings)?;

    let known: Vec<(usize, &'static ColumnSpec)> = roles
        .iter()
        .enumerate()
        .filter_map(|(index, role)| match role {
            Role::Known(spec) => Some((index, *spec)),
            _ => None,
        })
        .collect();
    let items: Vec<(usize, usize)> = roles
        .iter()
        .enumerate()
        .filter_map(|(index, role)| match role {
            Role::Item(item) => Some((index, *item)),
            _ => None,
        })
        .collect();
    let score_position = known
        .iter()
        .position(|(_, spec)| spec.name == columns::LONELINESS_SCORE);

    let mut columns_out: Vec<Vec<Cell>> = vec![Vec::new(); known.len()];
    let mut loneliness_out: Vec<ItemScores> = Vec::new();
    let mut missing_counts = vec![0_u64; headers.len()];
    let mut validation = Validation {
        encoding: decoded.encoding.to_owned(),
        delimiter: (delimiter as char).to_string(),
        rows_read: 0,
        rows_used: 0,
        rows_rejected: 0,
        blank_rows_skipped: 0,
        problems: Vec::new(),
        columns: Vec::new(),
        loneliness_scale: scale,
    };

    let mut record = csv::StringRecord::new();
    let mut row_cells: Vec<Cell> = Vec::with_capacity(known.len());
    let mut answers: Vec<Option<Answer>> = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(LoadError::Csv(error.to_string())),
        }
        if record.iter().all(|field| field.trim().is_empty()) {
            validation.blank_rows_skipped += 1;
            continue;
        }
        validation.rows_read += 1;
        let line = record.position().map_or(0, |position| position.line());
        for (index, field) in record.iter().enumerate().take(headers.len()) {
            missing_counts[index] += u64::from(values::is_missing(field));
        }
        if record.len() != headers.len() {
            validation.rows_rejected += 1;
            validation.problems.push(RowProblem {
                line,
                column: String::new(),
                value: format!("{} / {}", record.len(), headers.len()),
                reason: ProblemKind::WrongFieldCount,
            });
            continue;
        }

        let problems_before = validation.problems.len();
        let mut report = |index: usize, reason: ProblemKind| {
            validation.problems.push(RowProblem {
                line,
                column: headers[index].clone(),
                value: record[index].to_owned(),
                reason,
            });
        };
        row_cells.clear();
        for &(index, spec) in &known {
            let raw = &record[index];
            let cell = match parse_cell(spec.kind, raw) {
                Ok(Cell::Missing) if spec.required => {
                    report(index, ProblemKind::MissingRequired);
                    Cell::Missing
                }
                Ok(cell) => cell,
                Err(reason) => {
                    report(index, reason);
                    Cell::Missing
                }
            };
            row_cells.push(cell);
        }
        answers.clear();
        if let Some(scale) = scale {
            answers.resize(scale.items(), None);
            for &(index, item) in &items {
                match values::parse_answer(&record[index]) {
                    Ok(answer) => answers[item - 1] = answer,
                    Err(reason) => report(index, reason),
                }
            }
        }
        if validation.problems.len() > problems_before {
            validation.rows_rejected += 1;
            continue;
        }

        let precomputed = score_position.and_then(|position| match row_cells[position] {
            Cell::Whole(score) => Some(score),
            _ => None,
        });
        loneliness_out.push(match scale {
            Some(scale) => loneliness::score_items(scale, &answers).or_precomputed(precomputed),
            None => ItemScores::default(),
        });
        for (column, cell) in columns_out.iter_mut().zip(row_cells.drain(..)) {
            column.push(cell);
        }
        validation.rows_used += 1;
    }

    validation.columns = headers
        .iter()
        .zip(&roles)
        .zip(&missing_counts)
        .map(|((header, role), missing)| ColumnUse {
            header: header.clone(),
            read_as: match role {
                Role::Known(spec) => Some(spec.name.to_owned()),
                Role::Item(item) => Some(match scale {
                    Some(LonelinessScale::Short6) => format!("djg6_{item}"),
                    _ => format!("djg_{item}"),
                }),
                Role::Ignored => None,
            },
            missing_share: if validation.rows_read == 0 {
                0.0
            } else {
                *missing as f64 / validation.rows_read as f64
            },
        })
        .collect();

    if validation.rows_read == 0 {
        return Err(LoadError::NoDataRows);
    }
    let frame = build_frame(
        &known,
        columns_out,
        &loneliness_out,
        validation.rows_used as usize,
    )?;
    Ok(ParticipantRecords { frame, validation })
}

/// Decides what each header is read as: a hand mapping first, then names and synonyms, then
/// De Jong Gierveld items. Refuses a file that lacks a required column or mixes scales.
fn assign_roles(
    headers: &[String],
    settings: &Settings,
) -> Result<(Vec<Role>, Option<LonelinessScale>), LoadError> {
    let mut roles = vec![Role::Ignored; headers.len()];
    for (column, header) in &settings.column_mapping {
        let spec = columns::spec_of(column)
            .ok_or_else(|| LoadError::UnknownMappedColumn(column.clone()))?;
        let wanted = columns::normalise_header(header);
        let index = headers
            .iter()
            .position(|found| {
                found.trim() == header.trim() || columns::normalise_header(found) == wanted
            })
            .ok_or_else(|| LoadError::MappedHeaderNotFound {
                column: column.clone(),
                header: header.clone(),
            })?;
        roles[index] = Role::Known(spec);
    }
    let is_taken = |roles: &[Role], name: &str| {
        roles
            .iter()
            .any(|role| matches!(role, Role::Known(spec) if spec.name == name))
    };
    let mut long_items = Vec::new();
    let mut short_items = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        if !matches!(roles[index], Role::Ignored) {
            continue;
        }
        if let Some(spec) = columns::column_for_header(header) {
            if !is_taken(&roles, spec.name) {
                roles[index] = Role::Known(spec);
            }
        } else if let Some((scale, item)) = columns::djg_item(header) {
            match scale {
                LonelinessScale::Long11 => long_items.push((index, item)),
                LonelinessScale::Short6 => short_items.push((index, item)),
            }
        }
    }

    let missing: Vec<&'static ColumnSpec> = COLUMNS
        .iter()
        .filter(|spec| spec.required && !is_taken(&roles, spec.name))
        .collect();
    if !missing.is_empty() {
        return Err(LoadError::MissingColumns {
            missing: missing
                .iter()
                .map(|spec| crate::MissingColumn {
                    column: spec.name.to_owned(),
                    would_match: std::iter::once(spec.name)
                        .chain(spec.synonyms.iter().copied())
                        .map(str::to_owned)
                        .collect(),
                })
                .collect(),
            found: headers.to_vec(),
        });
    }

    let has_score = is_taken(&roles, columns::LONELINESS_SCORE);
    let scale = match (long_items.is_empty() && !has_score, short_items.is_empty()) {
        (true, true) => None,
        (false, true) => Some(LonelinessScale::Long11),
        (true, false) => Some(LonelinessScale::Short6),
        (false, false) => return Err(LoadError::MixedLonelinessScales),
    };
    for (index, item) in long_items.into_iter().chain(short_items) {
        roles[index] = Role::Item(item);
    }
    Ok((roles, scale))
}

fn parse_cell(kind: ColumnKind, raw: &str) -> Result<Cell, ProblemKind> {
    let cell = match kind {
        ColumnKind::Text => (!values::is_missing(raw)).then(|| Cell::Text(raw.trim().to_owned())),
        ColumnKind::Date => values::parse_date(raw)?.map(Cell::Whole),
        ColumnKind::Rung => values::parse_rung(raw)?.map(Cell::Whole),
        ColumnKind::NonNegativeNumber => values::parse_non_negative(raw)?.map(Cell::Number),
        ColumnKind::Boolean => values::parse_boolean(raw)?.map(Cell::Flag),
        ColumnKind::Benefit => {
            values::parse_benefit(raw)?.map(|benefit| Cell::Text(benefit.to_owned()))
        }
        ColumnKind::LonelinessScore => values::parse_loneliness_score(raw)?.map(Cell::Whole),
        ColumnKind::LonelinessAnswer => {
            unreachable!("answers are parsed per item, not as a column kind")
        }
    };
    Ok(cell.unwrap_or(Cell::Missing))
}

/// Builds the typed frame: every canonical column, all-null where the file lacks it.
fn build_frame(
    known: &[(usize, &'static ColumnSpec)],
    mut cells: Vec<Vec<Cell>>,
    loneliness: &[ItemScores],
    rows: usize,
) -> Result<DataFrame, LoadError> {
    let mut frame_columns: Vec<Column> = Vec::with_capacity(COLUMNS.len() + 3);
    for spec in COLUMNS {
        let found = known
            .iter()
            .position(|(_, known_spec)| known_spec.name == spec.name);
        let column_cells = found.map(|position| std::mem::take(&mut cells[position]));
        let cell_at = |row: usize| {
            column_cells
                .as_ref()
                .map_or(&Cell::Missing, |cells| &cells[row])
        };
        let name = PlSmallStr::from_static(spec.name);
        let series = match spec.kind {
            ColumnKind::Text | ColumnKind::Benefit => Series::new(
                name,
                (0..rows)
                    .map(|row| match cell_at(row) {
                        Cell::Text(text) => Some(text.as_str()),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            ColumnKind::Date | ColumnKind::Rung | ColumnKind::LonelinessScore => Series::new(
                name,
                (0..rows)
                    .map(|row| match cell_at(row) {
                        Cell::Whole(value) => Some(*value),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            ColumnKind::NonNegativeNumber => Series::new(
                name,
                (0..rows)
                    .map(|row| match cell_at(row) {
                        Cell::Number(value) => Some(*value),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            ColumnKind::Boolean => Series::new(
                name,
                (0..rows)
                    .map(|row| match cell_at(row) {
                        Cell::Flag(value) => Some(*value),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            ColumnKind::LonelinessAnswer => unreachable!("no canonical column holds answers"),
        };
        frame_columns.push(series.into());
    }
    for (name, pick) in [
        (
            columns::LONELINESS,
            (|scores: &ItemScores| scores.total) as fn(&ItemScores) -> Option<i32>,
        ),
        (LONELINESS_EMOTIONAL, |scores: &ItemScores| scores.emotional),
        (LONELINESS_SOCIAL, |scores: &ItemScores| scores.social),
    ] {
        let values: Vec<Option<i32>> = loneliness.iter().map(pick).collect();
        frame_columns.push(Series::new(PlSmallStr::from_static(name), values).into());
    }
    DataFrame::new(frame_columns).map_err(|error| LoadError::Frame(error.to_string()))
}
