//! From bytes to text and a delimiter: encoding and CSV dialect detection.

use std::borrow::Cow;

use crate::LoadError;

/// Text decoded from a file, and the encoding it was in.
#[derive(Debug)]
pub struct DecodedText<'a> {
    /// The text, without a byte-order mark. Borrowed when the file was UTF-8 already.
    pub text: Cow<'a, str>,
    /// Name of the encoding, e.g. `UTF-8` or `windows-1252`.
    pub encoding: &'static str,
}

/// Decodes a file: a byte-order mark decides where there is one (UTF-8, UTF-16), then valid
/// UTF-8 is taken as such, and anything else is read as Windows-1252, the superset of Latin-1
/// that Dutch Excel exports use.
pub fn decode(bytes: &[u8]) -> Result<DecodedText<'_>, LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty);
    }
    if let Some((text, encoding)) = decode_with_bom(bytes) {
        let text = text.ok_or(LoadError::NotText)?;
        if text.contains('\0') {
            return Err(LoadError::NotText);
        }
        if is_quoted_twice(&text) {
            return Err(LoadError::QuotedTwice);
        }
        return Ok(DecodedText { text, encoding });
    }
    // A NUL byte never stands in a text export in a single-byte encoding or UTF-8.
    if bytes.iter().take(64 * 1024).any(|&byte| byte == 0) {
        return Err(LoadError::NotText);
    }
    let decoded = match std::str::from_utf8(bytes) {
        Ok(text) => DecodedText {
            text: Cow::Borrowed(text),
            encoding: UTF_8,
        },
        Err(_) => DecodedText {
            text: Cow::Owned(windows_1252(bytes)),
            encoding: WINDOWS_1252,
        },
    };
    if is_quoted_twice(&decoded.text) {
        return Err(LoadError::QuotedTwice);
    }
    Ok(decoded)
}

// Encoding names as the WHATWG Encoding Standard (and encoding_rs) spell them.
pub(crate) const UTF_8: &str = "UTF-8";
const UTF_16LE: &str = "UTF-16LE";
const UTF_16BE: &str = "UTF-16BE";
pub(crate) const WINDOWS_1252: &str = "windows-1252";

/// The byte-order mark of UTF-8.
pub(crate) const UTF_8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a file that starts with a byte-order mark: the text (`None` if it does not decode
/// cleanly) and its encoding; `None` without a mark.
///
/// The standard library decodes here rather than encoding_rs: encoding_rs chooses its decoder
/// at run time, which links every decoder it has, with their tables (130 KB of the browser's
/// gzipped download), for the three encodings a mark can name.
fn decode_with_bom(bytes: &[u8]) -> Option<(Option<Cow<'_, str>>, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(UTF_8_BOM) {
        let text = std::str::from_utf8(rest).ok().map(Cow::Borrowed);
        return Some((text, UTF_8));
    }
    let (rest, encoding, unit): (_, _, fn([u8; 2]) -> u16) =
        if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            (rest, UTF_16LE, u16::from_le_bytes)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            (rest, UTF_16BE, u16::from_be_bytes)
        } else {
            return None;
        };
    let units = rest.chunks(2).map(|pair| match *pair {
        [first, second] => Some(unit([first, second])),
        _ => None,
    });
    let text = units
        .collect::<Option<Vec<u16>>>()
        .and_then(|units| String::from_utf16(&units).ok())
        .map(Cow::Owned);
    Some((text, encoding))
}

/// Decodes Windows-1252: Latin-1, except that bytes 0x80 to 0x9F stand for the characters
/// below (the WHATWG index, which keeps the five unassigned bytes as C1 controls). Done here
/// for the same reason as [`decode_with_bom`]; a test checks every byte against encoding_rs.
pub(crate) fn windows_1252(bytes: &[u8]) -> String {
    const FROM_0X80: [char; 32] = [
        '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}',
        '\u{017D}', '\u{008F}', '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
        '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
    ];
    bytes
        .iter()
        .map(|&byte| match byte {
            0x80..=0x9F => FROM_0X80[usize::from(byte - 0x80)],
            _ => char::from(byte),
        })
        .collect()
}

/// Whether the text was wrapped in quotes a second time after export (seen in the wild: the
/// first line starts with `"`, every inner quote is doubled, as in `"Populatie"";""Perioden"`).
/// A CSV reader then sees one field per line; better to say so than to read garbage.
fn is_quoted_twice(text: &str) -> bool {
    let first_line = text.lines().next().unwrap_or("");
    first_line.starts_with('"')
        && DELIMITERS
            .iter()
            .any(|&delimiter| first_line.contains(&format!("\"\"{}\"\"", delimiter as char)))
}

/// Candidate delimiters, in order of preference when the evidence is equal.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Finds the delimiter: the candidate under which most of the first records split into the
/// same number (two or more) of fields, and the widest such split where that ties. Looking at
/// the usual width rather than the first line copes with title lines above the header, as in
/// StatLine's older exports.
///
/// (qsv-sniffer would do this, but its type inference reads the system clock, which panics on
/// wasm32-unknown-unknown; the `csv` crate parses each candidate here instead.)
pub fn sniff_delimiter(text: &str) -> u8 {
    const SAMPLE_RECORDS: usize = 50;
    let mut best = (b',', 0_usize, 0_usize);
    for delimiter in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut widths: std::collections::BTreeMap<usize, usize> =
            std::collections::BTreeMap::new();
        for record in reader.records().take(SAMPLE_RECORDS).filter_map(Result::ok) {
            if record.len() >= 2 {
                *widths.entry(record.len()).or_default() += 1;
            }
        }
        if let Some((&width, &count)) = widths
            .iter()
            .max_by_key(|(width, count)| (**count, **width))
        {
            if (count, width) > (best.1, best.2) {
                best = (delimiter, count, width);
            }
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let with_bom = b"\xEF\xBB\xBFwijk\nBelgi\xC3\xABplein\n";
        let decoded = decode(with_bom).unwrap();
        assert_eq!(decoded.text, "wijk\nBelgiëplein\n");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(matches!(
            decode(&with_bom[3..]).unwrap().text,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn windows_1252_is_read_where_utf8_fails() {
        // "Belgiëplein – €" in Windows-1252: ë = EB, en dash = 96, euro = 80.
        let decoded = decode(b"Belgi\xEBplein \x96 \x80").unwrap();
        assert_eq!(decoded.text, "Belgiëplein – €");
        assert_eq!(decoded.encoding, "windows-1252");
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let decoded = decode(b"\xFF\xFEw\0i\0j\0k\0\xAC\x20").unwrap();
        assert_eq!(decoded.text, "wijk€");
        assert_eq!(decoded.encoding, "UTF-16LE");
        let decoded = decode(b"\xFE\xFF\0w\0i\0j\0k\x20\xAC").unwrap();
        assert_eq!(decoded.text, "wijk€");
        assert_eq!(decoded.encoding, "UTF-16BE");
        // An odd byte at the end, a lone surrogate, or bad UTF-8 after its mark: not text.
        assert!(matches!(decode(b"\xFF\xFEw\0i"), Err(LoadError::NotText)));
        assert!(matches!(
            decode(b"\xFF\xFEw\0\x00\xD8"),
            Err(LoadError::NotText)
        ));
        assert!(matches!(
            decode(b"\xEF\xBB\xBFw\xFF"),
            Err(LoadError::NotText)
        ));
    }

    #[test]
    fn windows_1252_agrees_with_encoding_rs_on_every_byte() {
        let every_byte: Vec<u8> = (0..=255).collect();
        let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&every_byte);
        assert_eq!(windows_1252(&every_byte), expected);
    }

    #[test]
    fn text_quoted_twice_is_refused() {
        let damaged = b"\"Regio\"\";\"\"Inwoners\"\"\n\"\"Noord\"\";120\n\"";
        assert!(matches!(decode(damaged), Err(LoadError::QuotedTwice)));
        // Ordinary quoting, with an escaped quote inside a field, is fine.
        assert!(decode(b"\"Regio\";\"Naam \"\"x\"\"\"\nNoord;1\n").is_ok());
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert!(matches!(decode(b""), Err(LoadError::Empty)));
        assert!(matches!(decode(b" \r\n\n"), Err(LoadError::Empty)));
        assert!(matches!(
            decode(b"PK\x03\x04\0\0binary"),
            Err(LoadError::NotText)
        ));
    }

    #[test]
    fn delimiters_are_found() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), b'|');
        // A quoted field with a semicolon must not fool the comma file.
        assert_eq!(sniff_delimiter("a,b\n\"x;y;z\",2\n\"p;q\",3\n"), b',');
        // A title line above the header, as StatLine's old layout has.
        assert_eq!(
            sniff_delimiter("\"Kerncijfers, 2015\"\n\"\"\na;b;c\n1;2;3\n4;5;6\n"),
            b';'
        );
    }
}
