//! One stretch of a file's records as read, before it joins the others: its columns (text
//! still in the stretch's own codes), counts and problems. In the browser a stretch read by a
//! helper worker crosses to the worker that holds the file as bytes ([`Stretch::to_bytes`]),
//! because workers share no memory; natively stretches read side by side stay in memory.

use polars::prelude::*;
use polars_arrow::bitmap::Bitmap;

use crate::validation::RowProblem;
use crate::LoadError;

/// What reading one stretch of records gave.
#[derive(Debug)]
pub struct Stretch {
    /// One per column the plan reads, in the plan's order.
    pub(super) columns: Vec<StretchColumn>,
    /// Loneliness total, emotional and social subscale, scored from the items.
    pub(super) loneliness: [Int32Chunked; 3],
    /// Missing values per column of the file.
    pub(super) missing_counts: Vec<u64>,
    pub(super) rows_read: u64,
    pub(super) rows_used: u64,
    pub(super) rows_rejected: u64,
    pub(super) blank_rows_skipped: u64,
    pub(super) problems: Vec<RowProblem>,
}

/// A column of a stretch. Codes number the stretch's own texts (`values`, in order of first
/// appearance); they are renumbered into the file's when the stretches are put together.
#[derive(Debug)]
pub(super) enum StretchColumn {
    Codes(UInt32Chunked, PlIndexSet<Box<str>>),
    Whole(Int32Chunked),
    Number(Float64Chunked),
    Flag(BooleanChunked),
}

/// Marks the byte form, and its version: both ends are built from the same code, but a stale
/// cached worker script must not be misread.
const MAGIC: &[u8; 4] = b"WWS1";

const CODES: u8 = 0;
const WHOLE: u8 = 1;
const NUMBER: u8 = 2;
const FLAG: u8 = 3;

impl Stretch {
    /// The stretch as bytes, for a worker that shares no memory with this one.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer(Vec::with_capacity(self.rows_used as usize * 64 + 1024));
        out.0.extend_from_slice(MAGIC);
        for count in [
            self.rows_read,
            self.rows_used,
            self.rows_rejected,
            self.blank_rows_skipped,
        ] {
            out.u64(count);
        }
        out.u32(self.missing_counts.len() as u32);
        for &count in &self.missing_counts {
            out.u64(count);
        }
        // Problems are few and already serde types.
        let problems = serde_json::to_vec(&self.problems).unwrap_or_default();
        out.bytes(&problems);
        out.u32(self.columns.len() as u32);
        for column in &self.columns {
            match column {
                StretchColumn::Codes(codes, values) => {
                    out.0.push(CODES);
                    out.primitive(codes);
                    out.u32(values.len() as u32);
                    for value in values {
                        out.bytes(value.as_bytes());
                    }
                }
                StretchColumn::Whole(wholes) => {
                    out.0.push(WHOLE);
                    out.primitive(wholes);
                }
                StretchColumn::Number(numbers) => {
                    out.0.push(NUMBER);
                    out.primitive(numbers);
                }
                StretchColumn::Flag(flags) => {
                    out.0.push(FLAG);
                    out.validity(flags.len(), flags.iter().map(|flag| flag.is_some()));
                    out.bits(flags.len(), flags.iter().map(|flag| flag == Some(true)));
                }
            }
        }
        for scores in &self.loneliness {
            out.primitive(scores);
        }
        out.0
    }

    /// The stretch that [`Stretch::to_bytes`] gave `bytes`; the columns are named as the
    /// reader names them.
    pub(super) fn from_bytes(bytes: &[u8], names: &[&'static str]) -> Result<Stretch, LoadError> {
        let mut input = Reader { bytes };
        if input.take(4)? != MAGIC {
            return Err(damaged());
        }
        let [rows_read, rows_used, rows_rejected, blank_rows_skipped] =
            [input.u64()?, input.u64()?, input.u64()?, input.u64()?];
        let missing_counts = (0..input.u32()?)
            .map(|_| input.u64())
            .collect::<Result<Vec<u64>, LoadError>>()?;
        let problems = serde_json::from_slice(input.bytes()?).map_err(|_| damaged())?;
        let column_count = input.u32()? as usize;
        if column_count != names.len() {
            return Err(damaged());
        }
        let mut columns = Vec::with_capacity(column_count);
        for &name in names {
            let name = PlSmallStr::from_static(name);
            let column = match input.take(1)?[0] {
                CODES => {
                    let codes = input.primitive(name)?;
                    let values = (0..input.u32()?)
                        .map(|_| {
                            let text = std::str::from_utf8(input.bytes()?).map_err(|_| damaged());
                            text.map(Box::from)
                        })
                        .collect::<Result<PlIndexSet<Box<str>>, LoadError>>()?;
                    StretchColumn::Codes(codes, values)
                }
                WHOLE => StretchColumn::Whole(input.primitive(name)?),
                NUMBER => StretchColumn::Number(input.primitive(name)?),
                FLAG => {
                    let (length, present) = input.validity()?;
                    let set = input.take(length.div_ceil(8))?;
                    let valid = |row| present.is_none_or(|bits| bit(bits, row));
                    let flags = (0..length).map(|row| valid(row).then(|| bit(set, row)));
                    StretchColumn::Flag(BooleanChunked::from_iter_options(name, flags))
                }
                _ => return Err(damaged()),
            };
            columns.push(column);
        }
        let loneliness =
            super::LONELINESS_COLUMNS.map(|name| input.primitive(PlSmallStr::from_static(name)));
        let [total, emotional, social] = loneliness;
        if !input.bytes.is_empty() {
            return Err(damaged());
        }
        Ok(Stretch {
            columns,
            loneliness: [total?, emotional?, social?],
            missing_counts,
            rows_read,
            rows_used,
            rows_rejected,
            blank_rows_skipped,
            problems,
        })
    }
}

fn damaged() -> LoadError {
    LoadError::Read("a part of the file read by a helper came back damaged".to_owned())
}

fn bit(bits: &[u8], index: usize) -> bool {
    bits[index / 8] & (1 << (index % 8)) != 0
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, value: u32) {
        self.0.extend(value.to_le_bytes());
    }

    fn u64(&mut self, value: u64) {
        self.0.extend(value.to_le_bytes());
    }

    /// A length, then the bytes.
    fn bytes(&mut self, bytes: &[u8]) {
        self.u32(bytes.len() as u32);
        self.0.extend_from_slice(bytes);
    }

    /// `length` bits, eight to a byte, the first in the lowest bit.
    fn bits(&mut self, length: usize, bits: impl Iterator<Item = bool>) {
        let start = self.0.len();
        self.0.resize(start + length.div_ceil(8), 0);
        for (index, set) in bits.enumerate() {
            self.0[start + index / 8] |= u8::from(set) << (index % 8);
        }
    }

    /// The row count, a 1 (some value may be missing), then which rows hold a value.
    fn validity(&mut self, length: usize, present: impl Iterator<Item = bool>) {
        self.u64(length as u64);
        self.0.push(1);
        self.bits(length, present);
    }

    /// A numeric column: its validity, then every value (any value where missing), as the
    /// bytes they are in memory: both ends run the same build on the same machine.
    fn primitive<T: PolarsNumericType>(&mut self, column: &ChunkedArray<T>) {
        let column = column.rechunk();
        let length = column.len();
        let array = column.downcast_iter().next();
        match array
            .and_then(|array| array.validity())
            .map(Bitmap::as_slice)
        {
            None => {
                self.u64(length as u64);
                self.0.push(0);
            }
            // The bitmap as it stands, where it starts on a byte.
            Some((bits, 0, _)) => {
                self.u64(length as u64);
                self.0.push(1);
                self.0.extend_from_slice(&bits[..length.div_ceil(8)]);
            }
            Some(_) => self.validity(length, column.iter().map(|cell| cell.is_some())),
        }
        if let Some(array) = array {
            self.0
                .extend_from_slice(bytemuck::cast_slice(array.values().as_slice()));
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], LoadError> {
        if count > self.bytes.len() {
            return Err(damaged());
        }
        let (taken, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, LoadError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64, LoadError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn bytes(&mut self) -> Result<&'a [u8], LoadError> {
        let length = self.u32()? as usize;
        self.take(length)
    }

    /// The row count, and which rows hold a value (`None`: all of them).
    fn validity(&mut self) -> Result<(usize, Option<&'a [u8]>), LoadError> {
        let length = usize::try_from(self.u64()?).map_err(|_| damaged())?;
        let present = match self.take(1)?[0] {
            0 => None,
            1 => Some(self.take(length.div_ceil(8))?),
            _ => return Err(damaged()),
        };
        Ok((length, present))
    }

    fn primitive<T: PolarsNumericType>(
        &mut self,
        name: PlSmallStr,
    ) -> Result<ChunkedArray<T>, LoadError> {
        let (length, present) = self.validity()?;
        let width = std::mem::size_of::<T::Native>();
        let values = self.take(length.checked_mul(width).ok_or_else(damaged)?)?;
        // Copied, as the bytes need not stand where a value may.
        let values: Vec<T::Native> = bytemuck::pod_collect_to_vec(values);
        let validity = present
            .map(|bits| Bitmap::try_new(bits.to_vec(), length))
            .transpose()
            .map_err(|_| damaged())?;
        Ok(ChunkedArray::from_vec_validity(name, values, validity))
    }
}
