//! The participant-record loader (DATA.md §1): bytes in, a typed polars frame plus a
//! validation report out. Rows that break a rule are rejected whole and listed; the file is
//! refused only when it cannot be read at all or lacks a required column.

pub(crate) mod decode;
mod fields;
pub mod labels;
mod stretch;
pub mod values;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{Read, Seek};

use polars::prelude::*;

use crate::columns::{self, ColumnKind, ColumnSpec, LonelinessScale, COLUMNS};
use crate::cores::{self, alongside};
use crate::indicators::loneliness::{self, ItemScores};
use crate::settings::Settings;
use crate::validation::{ColumnUse, ProblemKind, RowProblem, Validation};
use crate::LoadError;
use fields::{Fields, PlainRecords};
use labels::CodeBuilder;
pub use labels::Labels;
pub use stretch::Stretch;
use stretch::StretchColumn;
use values::Answer;

pub use decode::decode;

/// Derived column: emotional-loneliness subscale (negative items), from item answers only.
pub const LONELINESS_EMOTIONAL: &str = "loneliness_emotional";
/// Derived column: social-loneliness subscale (positive items), from item answers only.
pub const LONELINESS_SOCIAL: &str = "loneliness_social";

/// The derived loneliness columns, in the order they follow the canonical ones.
const LONELINESS_COLUMNS: [&str; 3] =
    [columns::LONELINESS, LONELINESS_EMOTIONAL, LONELINESS_SOCIAL];

/// Participant records that passed validation, and the report on those that did not.
#[derive(Debug, Clone)]
pub struct ParticipantRecords {
    /// One row per accepted record, every canonical column present (all-null where the file
    /// lacks it), dates as day numbers, plus the derived loneliness columns.
    pub frame: DataFrame,
    /// What was read and what was rejected.
    pub validation: Validation,
    /// The texts of the coded text columns (every text column is stored as codes).
    pub labels: Labels,
}

/// The values a user can filter on: neighbourhoods, groups and the dates the records span.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Choices {
    /// Neighbourhoods of the participants' most recent records, in name order.
    pub neighbourhoods: Vec<String>,
    /// Per grouping column the file fills, its values in order (`unknown` included where some
    /// participant has none).
    pub groups: std::collections::BTreeMap<String, Vec<String>>,
    /// Earliest record date.
    pub first_date: Option<chrono::NaiveDate>,
    /// Latest record date.
    pub last_date: Option<chrono::NaiveDate>,
}

impl Choices {
    /// The choices of a report computed without a filter: its neighbourhoods, groups and dates.
    pub fn of(report: &crate::Report) -> Choices {
        Choices {
            neighbourhoods: report
                .by_neighbourhood
                .iter()
                .map(|entry| entry.neighbourhood.clone())
                .collect(),
            groups: report
                .by_group
                .iter()
                .map(|(column, groups)| {
                    (
                        column.clone(),
                        groups.iter().map(|group| group.group.clone()).collect(),
                    )
                })
                .collect(),
            first_date: report.input.first_date.parse().ok(),
            last_date: report.input.end_date.parse().ok(),
        }
    }
}

/// What a column of the file is read as.
#[derive(Debug, Clone, Copy)]
enum Role {
    Known(&'static ColumnSpec),
    Item(usize),
    Ignored,
}

/// A parsed cell, on its way to its column. Text stays in the record, so a row costs no
/// allocation. Sixteen bytes, so a parsed cell comes back in registers.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Missing,
    Text,
    Category,
    /// The benefit category, as its place in [`values::BENEFITS`].
    Benefit(u8),
    Whole(i32),
    Number(f64),
    Flag(bool),
}

const _: () = assert!(std::mem::size_of::<Result<Cell, ProblemKind>>() == 16);

/// How the file's columns are read: fixed once the header is known, shared by every chunk.
struct ReadPlan {
    delimiter: u8,
    headers: Vec<String>,
    roles: Vec<Role>,
    /// Positions in the file of the columns read as canonical ones.
    known: Vec<(usize, &'static ColumnSpec)>,
    /// Positions of De Jong Gierveld item columns, with their item number.
    items: Vec<(usize, usize)>,
    /// Where in `known` the precomputed loneliness score stands.
    score_position: Option<usize>,
    scale: Option<LonelinessScale>,
}

/// Reads participant records from the bytes of a CSV export.
pub fn load_participants(
    bytes: &[u8],
    settings: &Settings,
) -> Result<ParticipantRecords, LoadError> {
    load_in_parts(bytes, settings, None)
}

/// Reads participant records from a file (or any reader) a block at a time, so that the
/// file is never in memory whole: the CLI's large extracts. The records, problems and line
/// numbers are those [`load_participants`] gives for the same bytes (tests compare them).
pub fn load_participants_from(
    reader: impl Read + Seek + Send,
    settings: &Settings,
) -> Result<ParticipantRecords, LoadError> {
    load_in_blocks(reader, settings, BLOCK_BYTES, None)
}

/// Bytes read at a time by [`load_participants_from`]: large enough that a block keeps every
/// core busy, small beside the records it becomes.
const BLOCK_BYTES: usize = 32 << 20;

/// [`load_participants`], cutting the records into `parts` stretches when given (tests check
/// that the cut changes nothing), else into one per core for large files.
fn load_in_parts(
    bytes: &[u8],
    settings: &Settings,
    parts: Option<usize>,
) -> Result<ParticipantRecords, LoadError> {
    let decoded = decode(bytes)?;
    let text = decoded.text.as_ref();
    let delimiter = decode::sniff_delimiter(text);
    let (plan, body_start) = ReadPlan::of(text, delimiter, settings)?;
    let parts = parts.unwrap_or_else(|| parts_for(text.len() - body_start));
    let bounds = record_boundaries(text.as_bytes(), body_start, parts, delimiter, true)
        .unwrap_or_else(|| vec![body_start, text.len()]);
    let mut assembly = Assembly::new(&plan);
    for outcome in read_body(text, &bounds, &plan, 0)? {
        assembly.add(&plan, outcome)?;
    }
    assembly.finish(&plan, decoded.encoding)
}

/// A file cut into stretches to be read in different places: the browser's workers, which
/// share no memory. The first stretch is read here ([`Split::read_first`]); each other one by
/// [`read_stretch`] from its [`StretchJob`], and it comes back as bytes ([`Stretch::to_bytes`],
/// [`Split::stretch_from_bytes`]) to be put together with the rest ([`Split::assemble`]). The
/// records are those [`load_participants`] gives (a test checks).
pub struct Split<'a> {
    text: &'a str,
    /// Where `text` begins in the file's bytes (after a byte-order mark).
    text_start: usize,
    plan: ReadPlan,
    body_start: usize,
    bounds: Vec<usize>,
    encoding: &'static str,
}

/// What a helper needs to read one stretch of a file: where the header and the stretch stand
/// in the file's bytes, how the file is read, and how many lines come before the stretch.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StretchJob {
    /// Byte range of the header line(s).
    pub header: (usize, usize),
    /// Byte range of the stretch's records.
    pub records: (usize, usize),
    /// The file's delimiter, as sniffed from its beginning.
    pub delimiter: u8,
    /// Lines of the file before the stretch, so that problems name the file's lines.
    pub lines_before: u64,
    /// The settings the file is read with (the column mapping).
    pub settings: Settings,
}

/// The share of a [`Split`] file read where the file is, in thousandths; the helpers share
/// the rest equally. Measured on a 1M-row file with one helper: at half each, the worker
/// waited 0.1-0.25 s for the helper.
const FIRST_STRETCH_PER_MILLE: usize = 550;

/// Files from this size on are worth reading in several stretches at once.
pub const PARALLEL_FROM_BYTES: usize = 4 * 1024 * 1024;

impl<'a> Split<'a> {
    /// `bytes` cut into up to `parts` stretches. `None` where a file is not read as it stands
    /// (not UTF-8: its text's offsets are not its bytes'), or where records cannot be told
    /// apart without reading them (a quote inside an unquoted field): read it whole.
    pub fn of(
        bytes: &'a [u8],
        settings: &Settings,
        parts: usize,
    ) -> Result<Option<Split<'a>>, LoadError> {
        let decoded = decode(bytes)?;
        let Cow::Borrowed(text) = decoded.text else {
            return Ok(None);
        };
        let text_start = bytes.len() - text.len();
        let delimiter = decode::sniff_delimiter(text);
        let (plan, body_start) = ReadPlan::of(text, delimiter, settings)?;
        // The first stretch, read here, is the larger: the helpers start later (once sent their
        // bytes) and send what they read back, which is to be taken in here.
        let helpers = parts.saturating_sub(1);
        let first = FIRST_STRETCH_PER_MILLE * helpers;
        let cuts: Vec<(usize, usize)> = (0..helpers)
            .map(|helper| {
                (
                    first + (1000 - FIRST_STRETCH_PER_MILLE) * helper,
                    1000 * helpers,
                )
            })
            .collect();
        let Some(bounds) =
            record_boundaries_near(text.as_bytes(), body_start, &cuts, delimiter, true)
        else {
            return Ok(None);
        };
        Ok(Some(Split {
            text,
            text_start,
            plan,
            body_start,
            bounds,
            encoding: decoded.encoding,
        }))
    }

    /// The stretches after the first, to be read elsewhere.
    pub fn jobs(&self, settings: &Settings) -> Vec<StretchJob> {
        let mut lines_before = 0;
        let mut counted_to = 0;
        self.bounds[1..]
            .windows(2)
            .map(|pair| {
                let bytes = &self.text.as_bytes()[counted_to..pair[0]];
                lines_before += memchr::memchr_iter(b'\n', bytes).count() as u64;
                counted_to = pair[0];
                StretchJob {
                    header: (self.text_start, self.text_start + self.body_start),
                    records: (self.text_start + pair[0], self.text_start + pair[1]),
                    delimiter: self.plan.delimiter,
                    lines_before,
                    settings: settings.clone(),
                }
            })
            .collect()
    }

    /// Reads the first stretch.
    pub fn read_first(&self) -> Result<Stretch, LoadError> {
        read_chunk(self.text, self.bounds[0], self.bounds[1], &self.plan, 0)
    }

    /// A stretch that [`read_stretch`] gave, from its bytes.
    pub fn stretch_from_bytes(&self, bytes: &[u8]) -> Result<Stretch, LoadError> {
        let names: Vec<&'static str> = self.plan.known.iter().map(|(_, spec)| spec.name).collect();
        Stretch::from_bytes(bytes, &names)
    }

    /// The records of the file, from all its stretches in file order.
    pub fn assemble(self, stretches: Vec<Stretch>) -> Result<ParticipantRecords, LoadError> {
        let mut assembly = Assembly::new(&self.plan);
        for stretch in stretches {
            assembly.add(&self.plan, stretch)?;
        }
        assembly.finish(&self.plan, self.encoding)
    }
}

/// Reads the stretch of a file that `job` names, given the bytes of its header and of the
/// stretch itself.
pub fn read_stretch(header: &[u8], records: &[u8], job: &StretchJob) -> Result<Stretch, LoadError> {
    let header = std::str::from_utf8(header).map_err(|_| LoadError::NotText)?;
    let records = std::str::from_utf8(records).map_err(|_| LoadError::NotText)?;
    let (plan, _) = ReadPlan::of(header, job.delimiter, &job.settings)?;
    read_chunk(records, 0, records.len(), &plan, job.lines_before)
}

/// How [`load_in_blocks`] decodes blocks of a file without a byte-order mark: as UTF-8 until
/// a block is not, then the whole file again as Windows-1252 (as [`decode`] decides for a
/// whole file).
#[derive(Debug, Clone, Copy, PartialEq)]
enum BlockEncoding {
    Utf8 { after_bom: bool },
    Windows1252,
}

/// [`load_participants_from`] with blocks of `block_bytes` (tests use small ones), each cut
/// into `parts` stretches when given, as in [`load_in_parts`].
fn load_in_blocks<R: Read + Seek + Send>(
    mut reader: R,
    settings: &Settings,
    block_bytes: usize,
    parts: Option<usize>,
) -> Result<ParticipantRecords, LoadError> {
    let mut buffer = Vec::new();
    let at_end = fill(&mut reader, &mut buffer, block_bytes)?;
    // A file of one block is read as a whole, and so is UTF-16 (rare, and twice the size of
    // its text anyway).
    if at_end || buffer.starts_with(b"\xFF\xFE") || buffer.starts_with(b"\xFE\xFF") {
        reader.read_to_end(&mut buffer).map_err(read_error)?;
        return load_in_parts(&buffer, settings, parts);
    }
    // The first lines tell whether this is text at all, its delimiter, and whether it can
    // be UTF-8.
    let head_end = memchr::memrchr(b'\n', &buffer).map_or(buffer.len(), |end| end + 1);
    let head = decode(&buffer[..head_end])?;
    let delimiter = decode::sniff_delimiter(&head.text);
    let encoding = if head.encoding == decode::WINDOWS_1252 {
        BlockEncoding::Windows1252
    } else {
        BlockEncoding::Utf8 {
            after_bom: buffer.starts_with(decode::UTF_8_BOM),
        }
    };
    drop(head);
    let blocks = Blocks {
        delimiter,
        settings,
        block_bytes,
        parts,
    };
    if let Some(records) = blocks.read(&mut reader, buffer, encoding)? {
        return Ok(records);
    }
    // A later block was not UTF-8, so neither is the file: all of it is Windows-1252.
    reader.rewind().map_err(read_error)?;
    let mut buffer = Vec::new();
    fill(&mut reader, &mut buffer, block_bytes)?;
    let records = blocks.read(&mut reader, buffer, BlockEncoding::Windows1252)?;
    Ok(records.expect("Windows-1252 decodes any bytes"))
}

/// How [`load_in_blocks`] reads a file's blocks.
struct Blocks<'a> {
    delimiter: u8,
    settings: &'a Settings,
    block_bytes: usize,
    parts: Option<usize>,
}

impl Blocks<'_> {
    /// Reads the records block by block, `buffer` holding the first. `None` when a block is not
    /// UTF-8 though `encoding` says it is (without a byte-order mark: the caller starts again).
    fn read(
        &self,
        reader: &mut (impl Read + Send),
        mut buffer: Vec<u8>,
        encoding: BlockEncoding,
    ) -> Result<Option<ParticipantRecords>, LoadError> {
        let Blocks {
            delimiter,
            settings,
            block_bytes,
            parts: fixed_parts,
        } = *self;
        let mut layout: Option<(ReadPlan, Assembly)> = None;
        // The stretches of the block read last: added to the records while the next is read.
        let mut pending: Vec<Stretch> = Vec::new();
        // Where the next block is read to while this one is parsed; the two buffers take
        // turns, as fresh ones cost a second of page faults on a 10M-row file.
        let mut spare: Vec<u8> = Vec::new();
        let mut lines_before = 0_u64;
        let mut at_end = false;
        loop {
            let start = match encoding {
                BlockEncoding::Utf8 { after_bom: true } if layout.is_none() => {
                    decode::UTF_8_BOM.len()
                }
                _ => 0,
            };
            // UTF-8 text has the offsets of its bytes, so the stretches for the cores are cut in
            // the same pass that finds the block's last whole record.
            let parts = match encoding {
                BlockEncoding::Utf8 { .. } => {
                    fixed_parts.unwrap_or_else(|| parts_for(buffer.len() - start))
                }
                BlockEncoding::Windows1252 => 1,
            };
            let bounds = match record_boundaries(&buffer, start, parts, delimiter, at_end) {
                Some(bounds) => bounds,
                None if at_end => vec![start, buffer.len()],
                // A stray quote: where records end cannot be told, so the rest is read in one.
                None => {
                    reader.read_to_end(&mut buffer).map_err(read_error)?;
                    at_end = true;
                    continue;
                }
            };
            let cut = *bounds.last().expect("bounds begin with the start");
            if cut == start && !at_end {
                // Not one whole record in the buffer yet.
                at_end = fill(reader, &mut buffer, block_bytes)?;
                continue;
            }
            let block = &buffer[start..cut];
            let text: Cow<'_, str> = match encoding {
                BlockEncoding::Windows1252 => Cow::Owned(decode::windows_1252(block)),
                BlockEncoding::Utf8 { after_bom } => match std::str::from_utf8(block) {
                    Ok(text) => Cow::Borrowed(text),
                    Err(_) if after_bom => return Err(LoadError::NotText),
                    Err(_) => return Ok(None),
                },
            };
            let body_start = match &layout {
                Some(_) => 0,
                None => {
                    let (plan, body_start) = ReadPlan::of(&text, delimiter, settings)?;
                    let assembly = Assembly::new(&plan);
                    layout = Some((plan, assembly));
                    body_start
                }
            };
            let (plan, assembly) = layout.as_mut().expect("set just above");
            let plan: &ReadPlan = plan;
            let text_bounds = match encoding {
                BlockEncoding::Utf8 { .. } => {
                    let mut bounds: Vec<usize> = bounds
                        .iter()
                        .map(|bound| bound - start)
                        .filter(|&bound| bound > body_start)
                        .collect();
                    bounds.insert(0, body_start);
                    bounds
                }
                BlockEncoding::Windows1252 => {
                    let parts = fixed_parts.unwrap_or_else(|| parts_for(text.len() - body_start));
                    record_boundaries(text.as_bytes(), body_start, parts, delimiter, true)
                        .unwrap_or_else(|| vec![body_start, text.len()])
                }
            };
            let last = at_end && cut == buffer.len();
            // While the cores read this block's records, the block before is added to the
            // records and the next block is read from the file: one after the other, that
            // work left a core idle for a fifth of the time.
            let previous = std::mem::take(&mut pending);
            let rest = &buffer[cut..];
            let mut next = std::mem::take(&mut spare);
            let behind = || -> Result<Option<(Vec<u8>, bool)>, LoadError> {
                for outcome in previous {
                    assembly.add(plan, outcome)?;
                }
                if last {
                    return Ok(None);
                }
                next.clear();
                next.extend_from_slice(rest);
                let next_at_end = at_end || fill(reader, &mut next, block_bytes)?;
                Ok(Some((next, next_at_end)))
            };
            let read = || read_body(&text, &text_bounds, plan, lines_before);
            let (outcomes, next) = alongside(read, behind);
            pending = outcomes?;
            lines_before += memchr::memchr_iter(b'\n', block).count() as u64;
            let Some((next, next_at_end)) = next? else {
                break;
            };
            drop(text);
            spare = std::mem::replace(&mut buffer, next);
            at_end = next_at_end;
        }
        let (plan, mut assembly) = layout.ok_or(LoadError::NoDataRows)?;
        for outcome in pending {
            assembly.add(&plan, outcome)?;
        }
        let name = match encoding {
            BlockEncoding::Utf8 { .. } => decode::UTF_8,
            BlockEncoding::Windows1252 => decode::WINDOWS_1252,
        };
        assembly.finish(&plan, name).map(Some)
    }
}

/// Reads from `reader` until `buffer` has grown by `bytes`, or the reader is at its end
/// (then `true`).
fn fill(reader: &mut impl Read, buffer: &mut Vec<u8>, bytes: usize) -> Result<bool, LoadError> {
    let wanted = buffer.len() + bytes;
    buffer.reserve(bytes);
    while buffer.len() < wanted {
        let read = reader
            .by_ref()
            .take((wanted - buffer.len()) as u64)
            .read_to_end(buffer)
            .map_err(read_error)?;
        if read == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

fn read_error(error: std::io::Error) -> LoadError {
    LoadError::Read(error.to_string())
}

/// Stretches to read a text of `bytes` in: one per core for a large text, else one.
fn parts_for(bytes: usize) -> usize {
    if bytes >= PARALLEL_FROM_BYTES {
        cores::available()
    } else {
        1
    }
}

impl ReadPlan {
    /// The plan for a file whose text begins with `text`: its header, and what each column is
    /// read as. Also gives where the records after the header begin.
    fn of(text: &str, delimiter: u8, settings: &Settings) -> Result<(ReadPlan, usize), LoadError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|error| LoadError::Csv(error.to_string()))?
            .iter()
            .map(str::to_owned)
            .collect();
        let body_start = (reader.position().byte() as usize).min(text.len());
        let (roles, scale) = assign_roles(&headers, settings)?;
        let mut known: Vec<(usize, &'static ColumnSpec)> = Vec::new();
        let mut items: Vec<(usize, usize)> = Vec::new();
        for (index, role) in roles.iter().enumerate() {
            match role {
                Role::Known(spec) => known.push((index, *spec)),
                Role::Item(item) => items.push((index, *item)),
                Role::Ignored => {}
            }
        }
        let score_position = known
            .iter()
            .position(|(_, spec)| spec.name == columns::LONELINESS_SCORE);
        let plan = ReadPlan {
            delimiter,
            headers,
            roles,
            known,
            items,
            score_position,
            scale,
        };
        Ok((plan, body_start))
    }
}

/// The records of a file as its stretches are read: counts, problems, codes and the frame.
struct Assembly {
    validation: Validation,
    missing_counts: Vec<u64>,
    labels: BTreeMap<&'static str, PlIndexSet<Box<str>>>,
    frame: Option<DataFrame>,
}

impl Assembly {
    fn new(plan: &ReadPlan) -> Assembly {
        Assembly {
            validation: Validation {
                encoding: String::new(),
                delimiter: (plan.delimiter as char).to_string(),
                rows_read: 0,
                rows_used: 0,
                rows_rejected: 0,
                blank_rows_skipped: 0,
                problems: Vec::new(),
                columns: Vec::new(),
                loneliness_scale: plan.scale,
            },
            missing_counts: vec![0; plan.headers.len()],
            labels: BTreeMap::new(),
            frame: None,
        }
    }

    /// Adds the next stretch of records, in file order.
    fn add(&mut self, plan: &ReadPlan, outcome: Stretch) -> Result<(), LoadError> {
        let validation = &mut self.validation;
        validation.rows_read += outcome.rows_read;
        validation.rows_used += outcome.rows_used;
        validation.rows_rejected += outcome.rows_rejected;
        validation.blank_rows_skipped += outcome.blank_rows_skipped;
        validation.problems.extend(outcome.problems);
        for (total, count) in self.missing_counts.iter_mut().zip(&outcome.missing_counts) {
            *total += count;
        }
        let part = build_frame(
            &plan.known,
            outcome.columns,
            outcome.loneliness,
            outcome.rows_used as usize,
            &mut self.labels,
        )?;
        self.frame = Some(match self.frame.take() {
            None => part,
            Some(mut whole) => {
                whole
                    .vstack_mut_owned(part)
                    .map_err(|error| LoadError::Frame(error.to_string()))?;
                whole
            }
        });
        Ok(())
    }

    /// The records, with the file's `encoding` named in their validation report.
    fn finish(self, plan: &ReadPlan, encoding: &str) -> Result<ParticipantRecords, LoadError> {
        let Assembly {
            mut validation,
            missing_counts,
            mut labels,
            frame,
        } = self;
        validation.encoding = encoding.to_owned();
        validation.columns = plan
            .headers
            .iter()
            .zip(&plan.roles)
            .zip(&missing_counts)
            .map(|((header, role), missing)| ColumnUse {
                header: header.clone(),
                read_as: match role {
                    Role::Known(spec) => Some(spec.name.to_owned()),
                    Role::Item(item) => Some(match plan.scale {
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
        let frame = frame.ok_or(LoadError::NoDataRows)?;
        // Identifiers are only told apart; their texts would only take memory.
        labels.remove(columns::PARTICIPANT_ID);
        Ok(ParticipantRecords {
            frame,
            validation,
            labels: Labels::new(labels),
        })
    }
}

/// Reads the records of `text` in the stretches between `bounds` (each beginning at a
/// record), side by side, one per core for a large text. In the browser threads cannot share
/// memory, so there is one stretch here; [`Split`] cuts a file for the browser's workers.
/// `lines_before` is the count of lines in the file before `text`.
fn read_body(
    text: &str,
    bounds: &[usize],
    plan: &ReadPlan,
    lines_before: u64,
) -> Result<Vec<Stretch>, LoadError> {
    let read = |pair: &[usize]| read_chunk(text, pair[0], pair[1], plan, lines_before);
    let pairs: Vec<&[usize]> = bounds.windows(2).collect();
    cores::each(&pairs, |pair| read(pair)).into_iter().collect()
}

/// Cuts `text[start..]` into up to `parts` stretches that each begin at the start of a record:
/// just after a line end that is not inside a quoted field. Returns the cut offsets, first
/// `start`. When `text` runs to the end of the file (`to_end`), the last offset is its end;
/// otherwise it is the end of the last whole record, and what follows waits for more of the
/// file. Quote parity tells what is inside a quoted field only when every quote stands at the
/// edge of a field; where one does not (`12"` for inches), gives `None`, rather than risk
/// cutting a record in two.
fn record_boundaries(
    text: &[u8],
    start: usize,
    parts: usize,
    delimiter: u8,
    to_end: bool,
) -> Option<Vec<usize>> {
    let cuts: Vec<(usize, usize)> = (1..parts).map(|part| (part, parts)).collect();
    record_boundaries_near(text, start, &cuts, delimiter, to_end)
}

/// [`record_boundaries`] with the stretches cut near the fractions `cuts` (numerator,
/// denominator; ascending) of the text instead of into equal parts.
fn record_boundaries_near(
    text: &[u8],
    start: usize,
    cuts: &[(usize, usize)],
    delimiter: u8,
    to_end: bool,
) -> Option<Vec<usize>> {
    if to_end && (cuts.is_empty() || start >= text.len()) {
        return Some(vec![start, text.len()]);
    }
    let length = text.len().saturating_sub(start);
    let mut targets = cuts
        .iter()
        // In u64: on wasm32 a file's length times a numerator in thousandths overflows usize.
        .map(|&(numerator, denominator)| {
            start + (length as u64 * numerator as u64 / denominator as u64) as usize
        })
        .peekable();
    let mut bounds = vec![start];
    let mut last_record_end = start;
    let mut in_quotes = false;
    let at_field_edge = |byte: Option<&u8>| {
        byte.is_none_or(|&byte| matches!(byte, b'"' | b'\n' | b'\r') || byte == delimiter)
    };
    for position in memchr::memchr2_iter(b'"', b'\n', &text[start..]) {
        let position = start + position;
        if text[position] == b'"' {
            // A record starts at `start`, so a quote there stands at the edge of a field
            // (whatever the byte before, a byte-order mark say). At the end of a block the
            // byte after is not known yet; the quote is then in the unread rest anyway.
            let before = (position > start).then(|| &text[position - 1]);
            if !at_field_edge(before) && !at_field_edge(text.get(position + 1)) {
                return None;
            }
            in_quotes = !in_quotes;
            continue;
        }
        if in_quotes {
            continue;
        }
        last_record_end = position + 1;
        if targets.peek().is_some_and(|&target| position >= target) {
            if position + 1 < text.len() {
                bounds.push(position + 1);
            }
            while targets.peek().is_some_and(|&target| target <= position) {
                targets.next();
            }
        }
    }
    if to_end {
        bounds.push(text.len());
    } else {
        // Stretches end at the last whole record; the last target may have fallen after it.
        let kept = bounds
            .partition_point(|&bound| bound < last_record_end)
            .max(1);
        bounds.truncate(kept);
        if last_record_end > start {
            bounds.push(last_record_end);
        }
    }
    Some(bounds)
}

/// Reads the records in `text[start..end]`, which begins at a record boundary.
fn read_chunk(
    text: &str,
    start: usize,
    end: usize,
    plan: &ReadPlan,
    lines_before: u64,
) -> Result<Stretch, LoadError> {
    let chunk = &text[start..end];
    let mut rows = RowReader::new(
        plan,
        chunk,
        LineCounter::new(text.as_bytes(), start, lines_before),
    );
    if fields::splits_plainly(chunk.as_bytes(), plan.delimiter) {
        let mut records = PlainRecords::new(chunk, plan.delimiter);
        while let Some((record, begins)) = records.next_record() {
            rows.take(&record, start + begins);
        }
    } else {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(plan.delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(chunk.as_bytes());
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => return Err(LoadError::Csv(error.to_string())),
            }
            let begins = record
                .position()
                .map_or(0, |position| position.byte() as usize);
            rows.take(&record, start + begins);
        }
    }
    Ok(rows.finish())
}

/// Validates and takes a stretch's records one by one, building its columns as they pass.
struct RowReader<'a> {
    plan: &'a ReadPlan,
    lines: LineCounter<'a>,
    builders: Vec<ColumnBuilder>,
    loneliness: [PrimitiveChunkedBuilder<Int32Type>; 3],
    missing_counts: Vec<u64>,
    /// Whether each field of the current row is missing: told once, for the count and the
    /// parsers both (most fields of a follow-up record are empty).
    missing: Vec<bool>,
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    blank_rows_skipped: u64,
    problems: Vec<RowProblem>,
    /// Which rows in the columns (those used and those rejected after their field count)
    /// were rejected, to be taken out at the end.
    rejected_in_columns: Vec<usize>,
    answers: Vec<Option<Answer>>,
}

impl<'a> RowReader<'a> {
    fn new(plan: &'a ReadPlan, chunk: &str, lines: LineCounter<'a>) -> Self {
        // Every record ends with a line end (the last may not), so this bounds the rows from
        // above, close enough to size the builders once: a builder keeps the room it was
        // given, and a guess from the bytes alone gave twice to three times the room needed.
        let expected_rows = memchr::memchr_iter(b'\n', chunk.as_bytes()).count() + 1;
        RowReader {
            plan,
            lines,
            builders: plan
                .known
                .iter()
                .map(|(_, spec)| ColumnBuilder::new(spec, expected_rows))
                .collect(),
            loneliness: LONELINESS_COLUMNS.map(|name| {
                PrimitiveChunkedBuilder::new(PlSmallStr::from_static(name), expected_rows)
            }),
            missing_counts: vec![0; plan.headers.len()],
            missing: vec![false; plan.headers.len()],
            rows_read: 0,
            rows_used: 0,
            rows_rejected: 0,
            blank_rows_skipped: 0,
            problems: Vec::new(),
            rejected_in_columns: Vec::new(),
            answers: Vec::new(),
        }
    }

    /// Takes the record that begins at byte `begins` of the text: skipped when blank, rejected
    /// with its problems listed, or added to the columns.
    fn take(&mut self, record: &impl Fields, begins: usize) {
        let (plan, headers) = (self.plan, &self.plan.headers);
        let field_count = record.count();
        let fields = || (0..field_count).map(|index| record.field(index));
        let mut all_missing = true;
        for (field, missing) in fields().zip(&mut self.missing) {
            *missing = values::is_missing(field);
            all_missing &= *missing;
        }
        // Only a row with every field missing can be blank: the fields are read again only then.
        if all_missing && fields().all(|field| values::trimmed(field).is_empty()) {
            self.blank_rows_skipped += 1;
            return;
        }
        self.rows_read += 1;
        let told = field_count.min(headers.len());
        for (count, &missing) in self.missing_counts.iter_mut().zip(&self.missing[..told]) {
            *count += u64::from(missing);
        }
        // The file line is counted only for a row with a problem: counting it for every row
        // read the whole file once more.
        let lines = &mut self.lines;
        let mut line = None;
        let mut line = || *line.get_or_insert_with(|| lines.line_at(begins));
        if field_count != headers.len() {
            self.rows_rejected += 1;
            self.problems.push(RowProblem {
                line: line(),
                column: String::new(),
                value: format!("{} / {}", field_count, headers.len()),
                reason: ProblemKind::WrongFieldCount,
            });
            return;
        }

        let problems = &mut self.problems;
        let problems_before = problems.len();
        let mut report = |index: usize, reason: ProblemKind| {
            problems.push(RowProblem {
                line: line(),
                column: headers[index].clone(),
                value: record.field(index).to_owned(),
                reason,
            });
        };
        // Each cell goes to its column as soon as it is parsed, even in a row that turns out to
        // have a problem: such rows are rare, and are taken out when the stretch is finished.
        // Holding a row's parsed cells until it had passed cost a copy of every cell through
        // memory, which the processor could not forward: an eighth of the time of a load.
        let (missing, answers) = (&self.missing, &mut self.answers);
        let mut precomputed = None;
        for (position, (builder, &(index, spec))) in
            self.builders.iter_mut().zip(&plan.known).enumerate()
        {
            let parsed = match missing[index] {
                true => Ok(Cell::Missing),
                false => parse_cell(spec.kind, record.field(index)),
            };
            let cell = match parsed {
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
            if let (true, Cell::Whole(score)) = (plan.score_position == Some(position), cell) {
                precomputed = Some(score);
            }
            builder.push(cell, record.field(index));
        }
        answers.clear();
        let mut answered = false;
        if let Some(scale) = plan.scale {
            answers.resize(scale.items(), None);
            for &(index, item) in plan.items.iter().filter(|&&(index, _)| !missing[index]) {
                match values::parse_answer(record.field(index)) {
                    Ok(answer) => {
                        answered |= answer.is_some();
                        answers[item - 1] = answer;
                    }
                    Err(reason) => report(index, reason),
                }
            }
        }
        // A record without answers (most follow-up records) has no item scores.
        let scores = match plan.scale {
            Some(scale) if answered => loneliness::score_items(scale, answers),
            _ => ItemScores::default(),
        }
        .or_precomputed(precomputed);
        let [total, emotional, social] = &mut self.loneliness;
        total.append_option(scores.total);
        emotional.append_option(scores.emotional);
        social.append_option(scores.social);
        if problems.len() > problems_before {
            self.rows_rejected += 1;
            let row = self.rows_used as usize + self.rejected_in_columns.len();
            self.rejected_in_columns.push(row);
        } else {
            self.rows_used += 1;
        }
    }

    fn finish(self) -> Stretch {
        // The rows in the columns that were rejected, taken out.
        let kept = (!self.rejected_in_columns.is_empty()).then(|| {
            let rows = self.rows_used as usize + self.rejected_in_columns.len();
            let mut kept = vec![true; rows];
            for &row in &self.rejected_in_columns {
                kept[row] = false;
            }
            BooleanChunked::from_slice(PlSmallStr::EMPTY, &kept)
        });
        let kept = kept.as_ref();
        Stretch {
            columns: self
                .builders
                .into_iter()
                .map(|builder| builder.finish(kept))
                .collect(),
            loneliness: self
                .loneliness
                .map(|builder| keep_rows(builder.finish(), kept)),
            missing_counts: self.missing_counts,
            rows_read: self.rows_read,
            rows_used: self.rows_used,
            rows_rejected: self.rows_rejected,
            blank_rows_skipped: self.blank_rows_skipped,
            problems: self.problems,
        }
    }
}

/// `column` without the rows that are not `kept` (all rows when `None`).
fn keep_rows<T: PolarsDataType>(
    column: ChunkedArray<T>,
    kept: Option<&BooleanChunked>,
) -> ChunkedArray<T>
where
    ChunkedArray<T>: ChunkFilter<T>,
{
    match kept {
        Some(kept) => column
            .filter(kept)
            .expect("a row mask as long as the column"),
        None => column,
    }
}

/// Builds one canonical column in its polars type as rows pass, without an intermediate copy.
enum ColumnBuilder {
    Code(CodeBuilder),
    Whole(PrimitiveChunkedBuilder<Int32Type>),
    Number(PrimitiveChunkedBuilder<Float64Type>),
    Flag(BooleanChunkedBuilder),
}

impl ColumnBuilder {
    fn new(spec: &ColumnSpec, capacity: usize) -> ColumnBuilder {
        let name = PlSmallStr::from_static(spec.name);
        match spec.kind {
            ColumnKind::Text | ColumnKind::Category | ColumnKind::Benefit => {
                // Identifiers are the one text column with many values: room for a participant
                // per four records saves growing the set step by step, which took a quarter of
                // the time spent coding text in a 1M-row file in the browser.
                let distinct = if spec.name == columns::PARTICIPANT_ID {
                    capacity / 4
                } else {
                    0
                };
                ColumnBuilder::Code(CodeBuilder::new(spec.name, capacity, distinct))
            }
            ColumnKind::Date | ColumnKind::Rung | ColumnKind::LonelinessScore => {
                ColumnBuilder::Whole(PrimitiveChunkedBuilder::new(name, capacity))
            }
            ColumnKind::NonNegativeNumber => {
                ColumnBuilder::Number(PrimitiveChunkedBuilder::new(name, capacity))
            }
            ColumnKind::Boolean => ColumnBuilder::Flag(BooleanChunkedBuilder::new(name, capacity)),
            ColumnKind::LonelinessAnswer => unreachable!("no canonical column holds answers"),
        }
    }

    /// Appends a cell; `raw` is its field, for text.
    #[inline]
    fn push(&mut self, cell: Cell, raw: &str) {
        match (self, cell) {
            (ColumnBuilder::Code(builder), Cell::Text) => builder.push(values::trimmed(raw)),
            (ColumnBuilder::Code(builder), Cell::Category) => {
                let value = values::trimmed(raw);
                if value
                    .bytes()
                    .any(|byte| byte.is_ascii_uppercase() || !byte.is_ascii())
                {
                    builder.push(&value.to_lowercase())
                } else {
                    builder.push(value)
                }
            }
            (ColumnBuilder::Code(builder), Cell::Benefit(benefit)) => {
                builder.push(values::BENEFITS[usize::from(benefit)])
            }
            (ColumnBuilder::Whole(builder), Cell::Whole(value)) => builder.append_value(value),
            (ColumnBuilder::Number(builder), Cell::Number(value)) => builder.append_value(value),
            (ColumnBuilder::Flag(builder), Cell::Flag(value)) => builder.append_value(value),
            (ColumnBuilder::Code(builder), _) => builder.push_missing(),
            (ColumnBuilder::Whole(builder), _) => builder.append_null(),
            (ColumnBuilder::Number(builder), _) => builder.append_null(),
            (ColumnBuilder::Flag(builder), _) => builder.append_null(),
        }
    }

    /// The column of the rows `kept` (all when `None`); text in the stretch's own codes.
    fn finish(self, kept: Option<&BooleanChunked>) -> StretchColumn {
        match self {
            ColumnBuilder::Code(builder) => {
                let (codes, values) = builder.finish(kept);
                StretchColumn::Codes(codes, values)
            }
            ColumnBuilder::Whole(builder) => {
                StretchColumn::Whole(keep_rows(builder.finish(), kept))
            }
            ColumnBuilder::Number(builder) => {
                StretchColumn::Number(keep_rows(builder.finish(), kept))
            }
            ColumnBuilder::Flag(builder) => StretchColumn::Flag(keep_rows(builder.finish(), kept)),
        }
    }
}

/// File line numbers from byte offsets. The `csv` crate's own line count is one short after a
/// CRLF header, and Windows exports use CRLF, so lines are counted here, incrementally.
struct LineCounter<'a> {
    text: &'a [u8],
    counted_to: usize,
    newlines: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter for records from byte `from` on (which starts a record), in a text that
    /// follows `lines_before` lines of its file.
    fn new(text: &'a [u8], from: usize, lines_before: u64) -> Self {
        LineCounter {
            text,
            counted_to: from,
            newlines: lines_before + memchr::memchr_iter(b'\n', &text[..from]).count() as u64,
        }
    }

    /// The 1-based line of the record that a reader says begins at `byte` (offsets only grow).
    fn line_at(&mut self, byte: usize) -> u64 {
        // A reader says a record begins on the line end before it, and before the empty lines
        // it skipped; a record's own first byte is never a line end.
        let line_ends = self.text.get(byte..).map_or(0, |rest| {
            rest.iter()
                .take_while(|&&byte| matches!(byte, b'\n' | b'\r'))
                .count()
        });
        let byte = (byte + line_ends).min(self.text.len());
        self.newlines +=
            memchr::memchr_iter(b'\n', &self.text[self.counted_to..byte]).count() as u64;
        self.counted_to = byte;
        self.newlines + 1
    }
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

// Inlined, so the cell stays in registers: returned through memory, it was read back before
// the processor had finished writing it, a stall that took a twelfth of a load's time.
#[inline(always)]
fn parse_cell(kind: ColumnKind, raw: &str) -> Result<Cell, ProblemKind> {
    let cell = match kind {
        ColumnKind::Text => (!values::is_missing(raw)).then_some(Cell::Text),
        ColumnKind::Category => (!values::is_missing(raw)).then_some(Cell::Category),
        ColumnKind::Date => values::parse_date(raw)?.map(Cell::Whole),
        ColumnKind::Rung => values::parse_rung(raw)?.map(Cell::Whole),
        ColumnKind::NonNegativeNumber => values::parse_non_negative(raw)?.map(Cell::Number),
        ColumnKind::Boolean => values::parse_boolean(raw)?.map(Cell::Flag),
        ColumnKind::Benefit => {
            values::parse_benefit(raw)?.map(|benefit| Cell::Benefit(benefit as u8))
        }
        ColumnKind::LonelinessScore => values::parse_loneliness_score(raw)?.map(Cell::Whole),
        ColumnKind::LonelinessAnswer => {
            unreachable!("answers are parsed per item, not as a column kind")
        }
    };
    Ok(cell.unwrap_or(Cell::Missing))
}

/// Assembles the typed frame of one stretch: every canonical column, all-null where the file
/// lacks it, then the derived loneliness columns.
fn build_frame(
    known: &[(usize, &'static ColumnSpec)],
    columns: Vec<StretchColumn>,
    loneliness: [Int32Chunked; 3],
    rows: usize,
    labels: &mut BTreeMap<&'static str, PlIndexSet<Box<str>>>,
) -> Result<DataFrame, LoadError> {
    let mut built: Vec<Option<Series>> = columns
        .into_iter()
        .zip(known)
        .map(|(column, (_, spec))| {
            Some(match column {
                StretchColumn::Codes(codes, values) => {
                    labels::in_file_codes(spec.name, codes, values, labels)
                }
                StretchColumn::Whole(wholes) => wholes.into_series(),
                StretchColumn::Number(numbers) => numbers.into_series(),
                StretchColumn::Flag(flags) => flags.into_series(),
            })
        })
        .collect();
    let mut frame_columns: Vec<Column> = Vec::with_capacity(COLUMNS.len() + 3);
    for spec in COLUMNS {
        let found = known
            .iter()
            .position(|(_, known_spec)| known_spec.name == spec.name);
        let series = match found.and_then(|position| built[position].take()) {
            Some(series) => series,
            None => Series::full_null(
                PlSmallStr::from_static(spec.name),
                rows,
                &dtype_of(spec.kind),
            ),
        };
        frame_columns.push(series.into());
    }
    for scores in loneliness {
        frame_columns.push(scores.into_series().into());
    }
    DataFrame::new(frame_columns).map_err(|error| LoadError::Frame(error.to_string()))
}

/// The polars type a column kind is stored as.
fn dtype_of(kind: ColumnKind) -> DataType {
    match kind {
        ColumnKind::Text | ColumnKind::Category | ColumnKind::Benefit => DataType::UInt32,
        ColumnKind::Date | ColumnKind::Rung | ColumnKind::LonelinessScore => DataType::Int32,
        ColumnKind::NonNegativeNumber => DataType::Float64,
        ColumnKind::Boolean => DataType::Boolean,
        ColumnKind::LonelinessAnswer => unreachable!("no canonical column holds answers"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::{HOURS_PER_WEEK, NEIGHBOURHOOD, PROBLEM_DEBTS};

    fn load(text: &str) -> ParticipantRecords {
        load_participants(text.as_bytes(), &Settings::default()).unwrap()
    }

    /// `(line, column, reason)` of every problem, for exact comparison.
    fn problems(records: &ParticipantRecords) -> Vec<(u64, String, ProblemKind)> {
        records
            .validation
            .problems
            .iter()
            .map(|p| (p.line, p.column.clone(), p.reason))
            .collect()
    }

    fn series(records: &ParticipantRecords, column: &str) -> Series {
        records
            .frame
            .column(column)
            .unwrap()
            .as_materialized_series()
            .clone()
    }

    fn texts(records: &ParticipantRecords, column: &str) -> Vec<Option<String>> {
        records
            .labels
            .texts(column, series(records, column).u32().unwrap(), column, None)
            .into_iter()
            .map(|value| value.map(str::to_owned))
            .collect()
    }

    fn numbers(records: &ParticipantRecords, column: &str) -> Vec<Option<f64>> {
        series(records, column).f64().unwrap().into_iter().collect()
    }

    fn flags(records: &ParticipantRecords, column: &str) -> Vec<Option<bool>> {
        series(records, column)
            .bool()
            .unwrap()
            .into_iter()
            .collect()
    }

    fn wholes(records: &ParticipantRecords, column: &str) -> Vec<Option<i32>> {
        series(records, column).i32().unwrap().into_iter().collect()
    }

    #[test]
    fn comma_semicolon_and_tab_files_read_the_same() {
        let comma =
            load("participant_id,neighbourhood,date,hours_per_week\nA,Noord,2024-01-02,\"4,5\"\n");
        let semicolon =
            load("participant_id;neighbourhood;date;hours_per_week\nA;Noord;2024-01-02;4,5\n");
        let tab = load(
            "participant_id\tneighbourhood\tdate\thours_per_week\nA\tNoord\t2024-01-02\t4.5\n",
        );
        for (records, delimiter) in [(&comma, ","), (&semicolon, ";"), (&tab, "\t")] {
            assert_eq!(records.validation.delimiter, delimiter);
            assert_eq!(numbers(records, HOURS_PER_WEEK), [Some(4.5)]);
            assert_eq!(records.validation.rows_used, 1);
        }
    }

    #[test]
    fn quoted_fields_may_hold_delimiters_and_newlines_and_lines_still_count_right() {
        let records = load(
            "deelnemer_id;wijk;datum;trede\r\nA;\"Noord; oost\";2024-01-02;3\r\nB;\"Zuid\r\nwest\";2024-01-02;4\r\nC;Zuid;2024-01-02;9\r\n",
        );
        assert_eq!(
            texts(&records, NEIGHBOURHOOD),
            [Some("Noord; oost".into()), Some("Zuid\r\nwest".into())]
        );
        // Header line 1, A line 2, B lines 3–4, C line 5.
        assert_eq!(
            problems(&records),
            [(5, "trede".into(), ProblemKind::RungOutOfRange)]
        );
    }

    #[test]
    fn windows_1252_and_bom_files_are_decoded() {
        let mut latin = b"deelnemer_id;wijk;datum\nA;Belgi".to_vec();
        latin.extend(b"\xEBplein;2024-01-02\n");
        let records = load_participants(&latin, &Settings::default()).unwrap();
        assert_eq!(records.validation.encoding, "windows-1252");
        assert_eq!(texts(&records, NEIGHBOURHOOD), [Some("Belgiëplein".into())]);

        let bom = "\u{FEFF}participant_id,neighbourhood,date\nA,Chassébuurt,2024-01-02\n";
        let records = load(bom);
        assert_eq!(records.validation.encoding, "UTF-8");
        assert_eq!(
            records.validation.columns[0].read_as.as_deref(),
            Some("participant_id")
        );
    }

    #[test]
    fn dates_booleans_and_missing_markers_in_every_form() {
        let records = load(
            "participant_id,neighbourhood,date,problem_debts,hours_per_week\n\
             A,N,2024-03-07,ja,.\n\
             B,N,07-03-2024,n,-\n\
             C,N,7-3-2024,yes,NA\n\
             D,N,2024-03-07,False,\n\
             E,N,2024-03-07,1,2\n\
             F,N,2024-03-07,0,\" . \"\n",
        );
        assert_eq!(records.validation.rows_rejected, 0);
        let dates = wholes(&records, crate::columns::DATE);
        assert!(dates.iter().all(|date| *date == dates[0] && date.is_some()));
        assert_eq!(
            flags(&records, PROBLEM_DEBTS),
            [
                Some(true),
                Some(false),
                Some(true),
                Some(false),
                Some(true),
                Some(false)
            ]
        );
        assert_eq!(
            numbers(&records, HOURS_PER_WEEK),
            [None, None, None, None, Some(2.0), None]
        );
    }

    #[test]
    fn bad_rows_are_rejected_whole_and_listed() {
        let records = load(
            "participant_id,neighbourhood,date,ladder,problem_debts,djg_score\n\
             A,N,2024-01-02,3,ja,4\n\
             B,N,31-02-2023,3,ja,4\n\
             C,N,2024-01-02,9,perhaps,4\n\
             ,N,2024-01-02,3,nee,4\n\
             E,N,2024-01-02,3,nee,12\n\
             F,N,2024-01-02,3\n\
             G,N,2024-01-02,,,\n",
        );
        assert_eq!(
            problems(&records),
            [
                (3, "date".into(), ProblemKind::InvalidDate),
                (4, "ladder".into(), ProblemKind::RungOutOfRange),
                (4, "problem_debts".into(), ProblemKind::InvalidBoolean),
                (5, "participant_id".into(), ProblemKind::MissingRequired),
                (6, "djg_score".into(), ProblemKind::ScoreOutOfRange),
                (7, "".into(), ProblemKind::WrongFieldCount),
            ]
        );
        let v = &records.validation;
        assert_eq!((v.rows_read, v.rows_used, v.rows_rejected), (7, 2, 5));
        // Two participants, numbered in order of appearance.
        assert_eq!(
            series(&records, crate::columns::PARTICIPANT_ID)
                .u32()
                .unwrap()
                .into_no_null_iter()
                .collect::<Vec<_>>(),
            [0, 1]
        );
        assert_eq!(records.validation.problems[1].value, "9");
    }

    #[test]
    fn blank_lines_are_skipped_and_counted() {
        let records =
            load("participant_id;neighbourhood;date\nA;N;2024-01-02\n;;\n\nB;N;2024-01-02\n");
        assert_eq!(
            (
                records.validation.rows_used,
                records.validation.blank_rows_skipped
            ),
            (2, 1)
        );
    }

    #[test]
    fn a_record_after_empty_lines_is_named_by_its_own_line() {
        // Line 5 and line 9 hold the bad dates, after two and three empty lines.
        let text = "participant_id,neighbourhood,date\r\nA,N,2024-01-02\r\n\r\n\r\nB,N,nodate\r\n\n\n\nC,N,bad\n";
        // The quote sends the file through csv's reader rather than the plain splitter.
        for text in [text.to_owned(), text.replace("C,N", "C,\"N\"")] {
            let lines: Vec<u64> = problems(&load(&text))
                .into_iter()
                .map(|(line, ..)| line)
                .collect();
            assert_eq!(lines, [5, 9], "{text:?}");
        }
    }

    #[test]
    fn missing_share_is_reported_per_column() {
        let records = load("participant_id,neighbourhood,date,ladder\nA,N,2024-01-02,3\nB,N,2024-01-02,.\nC,N,2024-01-02,\nD,N,2024-01-02,4\n");
        let ladder = records
            .validation
            .columns
            .iter()
            .find(|c| c.header == "ladder")
            .unwrap();
        assert_eq!(ladder.missing_share, 0.5);
    }

    #[test]
    fn a_file_without_a_required_column_is_refused_with_what_would_match() {
        let error = load_participants(b"id;plaats;datum\nA;N;2024-01-02\n", &Settings::default())
            .unwrap_err();
        let LoadError::MissingColumns { missing, found } = &error else {
            panic!("{error}")
        };
        let names: Vec<&str> = missing.iter().map(|m| m.column.as_str()).collect();
        assert_eq!(names, ["participant_id", "neighbourhood"]);
        assert_eq!(found, &["id", "plaats", "datum"]);
        let message = error.to_string();
        assert!(
            message.contains("deelnemer_id")
                && message.contains("wijk")
                && message.contains("'plaats'"),
            "{message}"
        );
    }

    #[test]
    fn columns_can_be_mapped_by_hand() {
        let settings = Settings {
            column_mapping: [("participant_id", "id"), ("neighbourhood", "plaats")]
                .into_iter()
                .map(|(column, header)| (column.to_owned(), header.to_owned()))
                .collect(),
            ..Settings::default()
        };
        let records = load_participants(b"id;plaats;datum\nA;N;2024-01-02\n", &settings).unwrap();
        assert_eq!(texts(&records, NEIGHBOURHOOD), [Some("N".into())]);
        let wrong = Settings {
            column_mapping: [("neighbourhood".to_owned(), "stad".to_owned())].into(),
            ..settings.clone()
        };
        assert!(matches!(
            load_participants(b"id;plaats;datum\nA;N;2024-01-02\n", &wrong),
            Err(LoadError::MappedHeaderNotFound { .. })
        ));
    }

    #[test]
    fn header_only_and_mixed_scales_are_refused() {
        assert!(matches!(
            load_participants(b"participant_id,neighbourhood,date\n", &Settings::default()),
            Err(LoadError::NoDataRows)
        ));
        assert!(matches!(
            load_participants(
                b"participant_id,neighbourhood,date,djg_1,djg6_1\nA,N,2024-01-02,ja,nee\n",
                &Settings::default()
            ),
            Err(LoadError::MixedLonelinessScales)
        ));
    }

    #[test]
    fn item_answers_are_scored_and_bad_answers_rejected() {
        let header = "participant_id,neighbourhood,date,djg_1,djg_2,djg_3,djg_4,djg_5,djg_6,djg_7,djg_8,djg_9,djg_10,djg_11\n";
        // Row A: negative items 2, 3 "ja" (+2), positive item 1 "nee" (+1), the rest not lonely: 3.
        let text = format!(
            "{header}A,N,2024-01-02,nee,ja,ja,ja,nee,nee,ja,ja,nee,nee,ja\nB,N,2024-01-02,nee,soms,ja,ja,nee,nee,ja,ja,nee,nee,ja\nC,N,2024-01-02,,,,,,,,,,,\n"
        );
        let records = load(&text);
        assert_eq!(
            records.validation.loneliness_scale,
            Some(LonelinessScale::Long11)
        );
        assert_eq!(
            wholes(&records, crate::columns::LONELINESS),
            [Some(3), None]
        );
        assert_eq!(wholes(&records, LONELINESS_EMOTIONAL), [Some(2), None]);
        assert_eq!(
            problems(&records),
            [(3, "djg_2".into(), ProblemKind::InvalidAnswer)]
        );
    }

    #[test]
    fn the_messy_sample_loses_exactly_its_six_broken_rows() {
        let bytes = include_bytes!("../../datasets/sample-messy.csv");
        let records = load_participants(bytes, &Settings::default()).unwrap();
        let v = &records.validation;
        assert_eq!(
            (v.encoding.as_str(), v.delimiter.as_str()),
            ("windows-1252", ";")
        );
        assert_eq!(
            problems(&records),
            [
                (4, "Trede".into(), ProblemKind::RungOutOfRange),
                (11, "Meetdatum".into(), ProblemKind::InvalidDate),
                (26, "Schulden".into(), ProblemKind::InvalidBoolean),
                (41, "Deelnemer ID".into(), ProblemKind::MissingRequired),
                (56, "Uren per week".into(), ProblemKind::InvalidNumber),
                (71, "".into(), ProblemKind::WrongFieldCount),
            ]
        );
        assert_eq!((v.rows_read, v.rows_rejected, v.rows_used), (1096, 6, 1090));
        let activities = texts(&records, crate::columns::ACTIVITY);
        assert_eq!(activities[1], Some("vrijwilligerswerk – buurtcafé".into()));
        assert!(activities
            .iter()
            .flatten()
            .any(|activity| activity.ends_with("; in de wijk")));
    }

    #[test]
    fn records_are_cut_only_between_records() {
        let text = b"h1,h2\n1,\"a\nb\"\n2,x\n3,\"\"\"q\"\"\"\n4,y\n";
        let bounds = record_boundaries(text, 6, 4, b',', true).unwrap();
        assert_eq!(bounds.first(), Some(&6));
        assert_eq!(bounds.last(), Some(&text.len()));
        for &bound in &bounds[1..bounds.len() - 1] {
            // Every cut follows the end of a record, never the newline inside "a\nb".
            assert_eq!(text[bound - 1], b'\n');
            assert_ne!(bound, 10, "cut inside a quoted field");
        }
        // A stray quote inside a field: parity means nothing, so no cut at all.
        assert_eq!(
            record_boundaries(b"h\n12\"x\n3\n4\n5\n", 2, 3, b',', true),
            None
        );
        // A block with more to come ends after its last whole record, never in "a\nb" or "4,".
        assert_eq!(
            record_boundaries(&text[..12], 6, 1, b',', false),
            Some(vec![6])
        );
        assert_eq!(
            record_boundaries(&text[..30], 6, 1, b',', false),
            Some(vec![6, 28])
        );
        assert_eq!(
            record_boundaries(&text[..30], 6, 3, b',', false),
            Some(vec![6, 18, 28])
        );
    }

    #[test]
    fn reading_in_parts_gives_the_same_records_and_problems() {
        let bytes = include_bytes!("../../datasets/sample-messy.csv");
        let whole = load_in_parts(bytes, &Settings::default(), Some(1)).unwrap();
        let header_end = bytes.iter().position(|&byte| byte == b'\n').unwrap() + 1;
        assert_eq!(
            record_boundaries(bytes, header_end, 3, b';', true).map(|bounds| bounds.len()),
            Some(4)
        );
        for parts in [2, 3, 7] {
            let cut = load_in_parts(bytes, &Settings::default(), Some(parts)).unwrap();
            assert_eq!(cut.validation, whole.validation, "{parts} parts");
            assert!(cut.frame.equals_missing(&whole.frame), "{parts} parts");
            // The CLI cuts large files, the browser never does: the reports must be identical.
            let settings = Settings {
                min_cell: 1,
                ..Settings::default()
            };
            assert_eq!(
                crate::report_for(&cut, None, &settings).unwrap(),
                crate::report_for(&whole, None, &settings).unwrap(),
                "{parts} parts"
            );
        }
    }

    #[test]
    fn a_file_split_for_workers_gives_the_same_records_through_bytes() {
        // The messy sample is Windows-1252; workers share only UTF-8 files, read as they stand.
        // Its records six times over, so that every stretch (the smallest is over a sixth of the
        // file) holds a whole copy, with its rows to reject.
        let messy = include_bytes!("../../datasets/sample-messy.csv");
        let text = decode(messy).unwrap().text.into_owned();
        let (header, records) = text.split_at(text.find('\n').unwrap() + 1);
        let sample = [header, &records.repeat(6)].concat().into_bytes();
        let settings = Settings {
            min_cell: 1,
            ..Settings::default()
        };
        assert!(Split::of(messy, &settings, 3).unwrap().is_none());
        for bytes in [sample.clone(), [decode::UTF_8_BOM, &sample].concat()] {
            let whole = load_in_parts(&bytes, &settings, Some(1)).unwrap();
            let split = Split::of(&bytes, &settings, 3).unwrap().unwrap();
            let jobs = split.jobs(&settings);
            assert_eq!(jobs.len(), 2);
            let mut stretches = vec![split.read_first().unwrap()];
            for job in &jobs {
                let header = &bytes[job.header.0..job.header.1];
                let records = &bytes[job.records.0..job.records.1];
                let stretch = read_stretch(header, records, job).unwrap();
                let sent = stretch.to_bytes();
                assert!(split.stretch_from_bytes(&sent[..sent.len() - 1]).is_err());
                stretches.push(split.stretch_from_bytes(&sent).unwrap());
            }
            // Problems in every stretch, so that their lines are checked across the cuts.
            assert!(stretches.iter().all(|stretch| !stretch.problems.is_empty()));
            let records = split.assemble(stretches).unwrap();
            assert_eq!(records.validation, whole.validation);
            assert!(records.frame.equals_missing(&whole.frame));
            assert_eq!(
                crate::report_for(&records, None, &settings).unwrap(),
                crate::report_for(&whole, None, &settings).unwrap(),
            );
        }
    }

    #[test]
    fn reading_in_blocks_gives_the_same_records_and_problems() {
        let sample = include_bytes!("../../datasets/sample.csv");
        let messy = include_bytes!("../../datasets/sample-messy.csv").to_vec();
        let with_bom = [decode::UTF_8_BOM, sample].concat();
        // UTF-8 up to a last record whose identifier has a Windows-1252 byte: the whole file is
        // then Windows-1252, which the block reader only learns at its last block.
        let mut late_1252 = sample.to_vec();
        let last_line = sample[..sample.len() - 1]
            .iter()
            .rposition(|&byte| byte == b'\n')
            .unwrap()
            + 1;
        late_1252.push(0xC9);
        late_1252.extend_from_slice(&sample[last_line + 1..]);
        // A stray quote (inches) halfway: from there on, the rest is read in one piece.
        let mut stray_quote = sample.to_vec();
        let halfway = stray_quote.len() / 2;
        let field_start = halfway
            + stray_quote[halfway..]
                .iter()
                .position(|&b| b == b',')
                .unwrap()
            + 1;
        stray_quote.splice(field_start..field_start, *b"12\"x");
        let settings = Settings {
            min_cell: 1,
            ..Settings::default()
        };
        for (name, bytes) in [
            ("sample", sample.to_vec()),
            ("messy", messy),
            ("bom", with_bom),
            ("late 1252", late_1252),
            ("stray quote", stray_quote),
        ] {
            let whole = load_in_parts(&bytes, &settings, Some(1)).unwrap();
            let encoding = if name == "late 1252" || name == "messy" {
                decode::WINDOWS_1252
            } else {
                decode::UTF_8
            };
            assert_eq!(whole.validation.encoding, encoding, "{name}");
            for (block_bytes, parts) in [(300, 1), (4096, 1), (4096, 3), (50_000, 2)] {
                let case = format!("{name}, blocks of {block_bytes}, {parts} parts");
                let read = load_in_blocks(
                    std::io::Cursor::new(&bytes),
                    &settings,
                    block_bytes,
                    Some(parts),
                )
                .unwrap();
                assert_eq!(read.validation, whole.validation, "{case}");
                assert!(read.frame.equals_missing(&whole.frame), "{case}");
                assert_eq!(
                    crate::report_for(&read, None, &settings).unwrap(),
                    crate::report_for(&whole, None, &settings).unwrap(),
                    "{case}"
                );
            }
        }
    }
}
