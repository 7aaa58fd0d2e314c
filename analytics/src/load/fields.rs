//! A record's fields, as the loader reads them: from the csv crate's reader, or, for a stretch
//! without quotes, split at line ends and delimiters directly.
//!
//! Without quotes a CSV record is a line and its fields are what lies between delimiters, so
//! a search for the next delimiter or line end (memchr, a vector instruction at a time) does
//! what csv's byte-by-byte state machine does, in less than a third of the time: that machine
//! took about a sixth of all the work of a report on 10M rows. Where a stretch holds a quote,
//! or a carriage return that does not end a line, csv's reader reads it; a property test below
//! checks that both give the same records, at the same positions.

use std::ops::Range;

/// The fields of one record.
pub(super) trait Fields {
    /// How many fields the record has.
    fn count(&self) -> usize;
    /// Field `index` (below [`Fields::count`]).
    fn field(&self, index: usize) -> &str;
}

impl Fields for csv::StringRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, index: usize) -> &str {
        &self[index]
    }
}

/// Whether csv's reader would cut `chunk` into records only at its line ends and into fields
/// at every delimiter: it holds no quote, and no carriage return but one before a line feed
/// (csv ends a record at a lone `\r` as well).
pub(super) fn splits_plainly(chunk: &[u8], delimiter: u8) -> bool {
    !matches!(delimiter, b'"' | b'\r' | b'\n')
        && memchr::memchr2_iter(b'"', b'\r', chunk)
            .all(|at| chunk[at] == b'\r' && chunk.get(at + 1) == Some(&b'\n'))
}

/// The records of a chunk for which [`splits_plainly`] holds.
pub(super) struct PlainRecords<'a> {
    chunk: &'a str,
    delimiter: u8,
    /// Where the next line starts.
    at: usize,
    /// Where csv's reader would say the next record begins: just after the first byte of the
    /// line end before it (on the `\n` of a `\r\n`, and before any empty lines it skips).
    next_begins: usize,
    /// The current record's fields, as byte ranges of the chunk.
    ranges: Vec<Range<usize>>,
}

/// One record of [`PlainRecords`].
pub(super) struct PlainRecord<'a> {
    chunk: &'a str,
    ranges: &'a [Range<usize>],
}

impl Fields for PlainRecord<'_> {
    fn count(&self) -> usize {
        self.ranges.len()
    }

    fn field(&self, index: usize) -> &str {
        &self.chunk[self.ranges[index].clone()]
    }
}

impl<'a> PlainRecords<'a> {
    pub(super) fn new(chunk: &'a str, delimiter: u8) -> Self {
        PlainRecords {
            chunk,
            delimiter,
            at: 0,
            next_begins: 0,
            ranges: Vec::new(),
        }
    }

    /// The next record and the byte where csv's reader would say it begins; `None` at the end.
    /// Empty lines are no records, as in csv's reader.
    pub(super) fn next_record(&mut self) -> Option<(PlainRecord<'_>, usize)> {
        let bytes = self.chunk.as_bytes();
        loop {
            let line_start = self.at;
            if line_start >= bytes.len() {
                return None;
            }
            let line_feed = memchr::memchr(b'\n', &bytes[line_start..]).map(|at| line_start + at);
            self.at = line_feed.map_or(bytes.len(), |at| at + 1);
            let mut content_end = line_feed.unwrap_or(bytes.len());
            if content_end > line_start && bytes[content_end - 1] == b'\r' {
                content_end -= 1;
            }
            if content_end == line_start {
                continue;
            }
            let begins = std::mem::replace(&mut self.next_begins, content_end + 1);
            self.ranges.clear();
            let mut field_start = line_start;
            for at in memchr::memchr_iter(self.delimiter, &bytes[line_start..content_end]) {
                self.ranges.push(field_start..line_start + at);
                field_start = line_start + at + 1;
            }
            self.ranges.push(field_start..content_end);
            let record = PlainRecord {
                chunk: self.chunk,
                ranges: &self.ranges,
            };
            return Some((record, begins));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's fields and where it begins, as csv's reader (set up as the loader's) says.
    fn by_csv(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64)> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut records = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let begins = record.position().unwrap().byte();
            records.push((record.iter().map(str::to_owned).collect(), begins));
        }
        records
    }

    fn plainly(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64)> {
        let mut records = PlainRecords::new(text, delimiter);
        let mut read = Vec::new();
        while let Some((record, begins)) = records.next_record() {
            let fields = (0..record.count()).map(|index| record.field(index).to_owned());
            read.push((fields.collect(), begins as u64));
        }
        read
    }

    #[test]
    fn fields_lines_and_positions_are_those_of_csv() {
        let text = "a,b,c\r\n\r\n\n1,,3\n ,\n,\nlast,é";
        assert!(splits_plainly(text.as_bytes(), b','));
        let expected = vec![
            (vec!["a", "b", "c"], 0),
            // csv's reader ends a record at the `\r` and skips the empty lines after it.
            (vec!["1", "", "3"], 6),
            (vec![" ", ""], 15),
            (vec!["", ""], 18),
            (vec!["last", "é"], 20),
        ];
        let expected: Vec<(Vec<String>, u64)> = expected
            .into_iter()
            .map(|(fields, begins)| (fields.into_iter().map(str::to_owned).collect(), begins))
            .collect();
        assert_eq!(by_csv(text, b','), expected);
        assert_eq!(plainly(text, b','), expected);
    }

    #[test]
    fn quotes_and_lone_carriage_returns_are_left_to_csv() {
        assert!(!splits_plainly(b"a,\"b,c\"\n", b','));
        assert!(!splits_plainly(b"a,12\"\n", b','));
        assert!(!splits_plainly(b"a,b\rc,d\n", b','));
        assert!(!splits_plainly(b"a,b\r", b','));
        assert!(splits_plainly(b"a;b\r\nc;d", b';'));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn plain_splitting_reads_what_csv_reads(
            lines in proptest::collection::vec(
                ("[a;,\t é1]{0,8}", proptest::sample::select(vec!["\n", "\r\n"])),
                0..8,
            ),
            ends_with_line_end: bool,
            delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
        ) {
            let mut text: String = lines.iter().map(|(line, end)| format!("{line}{end}")).collect();
            if !ends_with_line_end {
                text.truncate(text.trim_end_matches(['\r', '\n']).len());
            }
            proptest::prop_assert!(splits_plainly(text.as_bytes(), delimiter));
            proptest::prop_assert_eq!(plainly(&text, delimiter), by_csv(&text, delimiter));
        }
    }
}
