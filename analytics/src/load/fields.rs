//! A record's fields, as the loader reads them: from the csv crate's reader, or, for a stretch
//! without quotes, split at line ends and delimiters directly.
//!
//! Without quotes a CSV record is a line and its fields are what lies between delimiters, so
//! a search for the next delimiter or line end (eight bytes at a time) does what csv's
//! byte-by-byte state machine does, in less than a third of the time: that machine
//! took about a sixth of all the work of a report on 10M rows. Where a stretch holds a quote,
//! or a carriage return that does not end a line, csv's reader reads it; a property test below
//! checks that both give the same records, at the same positions.

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
    /// The current record's fields, cut from the chunk once: the loader reads each field two
    /// or three times, and cutting a `str` checks both ends for character boundaries, which
    /// done at each reading was about a sixth of the instructions of a load (callgrind).
    fields: Vec<&'a str>,
}

/// One record of [`PlainRecords`].
pub(super) struct PlainRecord<'a> {
    fields: &'a [&'a str],
}

impl Fields for PlainRecord<'_> {
    fn count(&self) -> usize {
        self.fields.len()
    }

    fn field(&self, index: usize) -> &str {
        self.fields[index]
    }
}

impl<'a> PlainRecords<'a> {
    pub(super) fn new(chunk: &'a str, delimiter: u8) -> Self {
        PlainRecords {
            chunk,
            delimiter,
            at: 0,
            next_begins: 0,
            fields: Vec::new(),
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
            self.fields.clear();
            let (last_field_start, line_feed) =
                fields_to_line_end(self.chunk, line_start, self.delimiter, &mut self.fields);
            self.at = line_feed.map_or(bytes.len(), |at| at + 1);
            let mut content_end = line_feed.unwrap_or(bytes.len());
            if content_end > line_start && bytes[content_end - 1] == b'\r' {
                content_end -= 1;
            }
            if content_end == line_start {
                continue;
            }
            let begins = std::mem::replace(&mut self.next_begins, content_end + 1);
            self.fields.push(&self.chunk[last_field_start..content_end]);
            let record = PlainRecord {
                fields: &self.fields,
            };
            return Some((record, begins));
        }
    }
}

/// Splits the line that starts at `from` at its delimiters: pushes to `fields` the field before
/// each delimiter, and gives where the last field starts and where the line feed is, if there
/// is one. The bytes are searched eight at a time: fields are short (five bytes in a typical
/// export), and a call of memchr per field cost more than the fields took to read.
fn fields_to_line_end<'a>(
    chunk: &'a str,
    from: usize,
    delimiter: u8,
    fields: &mut Vec<&'a str>,
) -> (usize, Option<usize>) {
    let bytes = chunk.as_bytes();
    let mut field_start = from;
    let mut word_start = from;
    while let Some(word) = bytes.get(word_start..word_start + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let mut found = bytes_equal_to(word, delimiter) | bytes_equal_to(word, b'\n');
        while found != 0 {
            let position = word_start + (found.trailing_zeros() / 8) as usize;
            if bytes[position] == b'\n' {
                return (field_start, Some(position));
            }
            fields.push(&chunk[field_start..position]);
            field_start = position + 1;
            found &= found - 1;
        }
        word_start += 8;
    }
    for (position, &byte) in bytes.iter().enumerate().skip(word_start) {
        if byte == b'\n' {
            return (field_start, Some(position));
        }
        if byte == delimiter {
            fields.push(&chunk[field_start..position]);
            field_start = position + 1;
        }
    }
    (field_start, None)
}

/// The top bit of each byte of `word` that equals `byte`, and no other bit. Below the top bit,
/// adding 0x7f to a byte's low seven bits carries into its top bit unless they are all zero,
/// and never into the next byte.
fn bytes_equal_to(word: u64, byte: u8) -> u64 {
    const LOW_SEVEN: u64 = u64::from_ne_bytes([0x7f; 8]);
    let differences = word ^ u64::from_ne_bytes([byte; 8]);
    !(((differences & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | differences | LOW_SEVEN)
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
    fn bytes_equal_to_marks_exactly_the_equal_bytes() {
        let word = u64::from_le_bytes(*b",a\n,\x00\xac,\xff");
        let marks = |byte| bytes_equal_to(word, byte).to_le_bytes();
        assert_eq!(marks(b','), [0x80, 0, 0, 0x80, 0, 0, 0x80, 0]);
        assert_eq!(marks(b'\n'), [0, 0, 0x80, 0, 0, 0, 0, 0]);
        assert_eq!(marks(0), [0, 0, 0, 0, 0x80, 0, 0, 0]);
        assert_eq!(marks(0xff), [0, 0, 0, 0, 0, 0, 0, 0x80]);
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
                ("[a;,\t é1\u{80}]{0,24}", proptest::sample::select(vec!["\n", "\r\n"])),
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
