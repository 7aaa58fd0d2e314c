//! Neighbourhood reference data (DATA.md §2): CBS "Kerncijfers wijken en buurten" tables as
//! people download them (StatLine with long headers, OData keys, CBS's short kwb names, R
//! re-saves, the old StatLine layout with title and footer lines), or any CSV with a
//! neighbourhood column and numeric columns. They give denominators (people on bijstand),
//! context figures, and the names behind CBS codes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::columns::normalise_header;
use crate::load::{decode, values};
use crate::LoadError;

/// A figure the indicators know how to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnownMeasure {
    /// Inhabitants (`a_inw`, `AantalInwoners_5`, "Bevolking/Aantal inwoners (aantal)").
    Inhabitants,
    /// People on bijstand, the target population for reach (`a_soz_wb`, "…; Bijstand (aantal)").
    SocialAssistance,
    /// % of households with a low income (`p_laaginkhh`, `HuishoudensMetEenLaagInkomen_72`).
    LowIncomeHouseholdsPct,
    /// % lonely, De Jong Gierveld 3+ (RIVM `Eenzaam_28`, "% eenzaam*").
    LonelyPct,
}

/// One region (land, gemeente, wijk or buurt) of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// CBS code, trimmed (`WK051829`), where the table has one.
    pub code: Option<String>,
    /// Name as CBS writes it (`Wijk 29 Schildersbuurt`), trimmed.
    pub name: Option<String>,
    /// Municipality name, where the table has a column for it (StatLine's
    /// `Regioaanduiding/Gemeentenaam`), trimmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    /// 1-based file line of the row.
    pub line: u64,
    /// Value per entry of [`ReferenceTable::columns`]; `None` for ".", empty and the like.
    pub values: Vec<Option<f64>>,
}

/// A numeric column of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceColumn {
    /// Header as it stands in the file.
    pub header: String,
    /// What it is, where recognised.
    pub measure: Option<KnownMeasure>,
}

/// A reference table, read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceTable {
    /// The regions, in file order.
    pub regions: Vec<Region>,
    /// The numeric columns.
    pub columns: Vec<ReferenceColumn>,
    /// Header of the column regions are keyed by, and whether it holds codes or names.
    pub key: RegionKey,
    /// Lines above the header and below the data (titles, "Bron: CBS"), skipped.
    pub lines_skipped: Vec<u64>,
    /// Lines of regions whose every numeric value is missing (e.g. a row cut at a comma).
    pub rows_without_values: Vec<u64>,
    /// Cells in numeric columns that are not numbers (left out as missing).
    pub unreadable_cells: Vec<UnreadableCell>,
}

/// A cell in a numeric column that holds no number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnreadableCell {
    /// 1-based file line.
    pub line: u64,
    /// Column header.
    pub header: String,
    /// The value as it stands.
    pub value: String,
}

/// How regions are identified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKey {
    /// CBS codes (GM…, WK…, BU…), from the named column.
    Code(String),
    /// Names only, from the named column; names repeat across the country.
    Name(String),
}

/// Why a reference table could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReferenceError {
    /// The bytes are not a readable CSV file.
    #[error(transparent)]
    File(#[from] LoadError),
    /// Regions stand in columns and topics in rows.
    #[error("the table is transposed: regions are columns and topics are rows; download it from StatLine with the regions (Wijken en buurten) as rows")]
    Transposed,
    /// No column identifies regions.
    #[error("no column with region codes or names found; columns found: {}", found.join(", "))]
    NoRegionColumn {
        /// Headers found.
        found: Vec<String>,
    },
    /// Nothing numeric to use.
    #[error("no numeric column found; columns found: {}", found.join(", "))]
    NoNumericColumn {
        /// Headers found.
        found: Vec<String>,
    },
}

/// Whether a value is a CBS region code: NL00, GMxxxx, WKxxxxyy or BUxxxxyyzz, where xxxx is
/// the municipality number and the wijk and buurt parts may hold letters (Amsterdam's
/// `WK0363AA` since 2022).
pub fn is_cbs_code(value: &str) -> bool {
    let value = value.trim().as_bytes();
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    let alphanumeric = |part: &[u8]| part.iter().all(u8::is_ascii_alphanumeric);
    match (
        value.get(..2).map(<[u8]>::to_ascii_uppercase).as_deref(),
        value.len(),
    ) {
        (Some(b"NL"), 4) => digits(&value[2..]),
        (Some(b"GM"), 6) => digits(&value[2..]),
        (Some(b"WK"), 8) => digits(&value[2..6]) && alphanumeric(&value[6..]),
        (Some(b"BU"), 10) => digits(&value[2..6]) && alphanumeric(&value[6..]),
        _ => false,
    }
}

fn recognise(header: &str) -> Option<KnownMeasure> {
    let key = normalise_header(header);
    if key == "ainw" || key.contains("aantalinwoners") {
        Some(KnownMeasure::Inhabitants)
    } else if key == "asozwb" || key.contains("bijstand") {
        Some(KnownMeasure::SocialAssistance)
    } else if key == "plaaginkhh" || key.contains("huishoudensmeteenlaaginkomen") {
        Some(KnownMeasure::LowIncomeHouseholdsPct)
    } else if key.starts_with("eenzaam") && !key.contains("ernstig") || key == "pcteenzaam" {
        Some(KnownMeasure::LonelyPct)
    } else {
        None
    }
}

/// Reads a reference table from the bytes of a CSV file.
pub fn load_reference(bytes: &[u8]) -> Result<ReferenceTable, ReferenceError> {
    let decoded = decode::decode(bytes)?;
    let delimiter = decode::sniff_delimiter(&decoded.text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let mut records: Vec<(u64, Vec<String>)> = Vec::new();
    let mut line = 1_u64;
    for record in reader.records() {
        let record = record.map_err(|error| LoadError::Csv(error.to_string()))?;
        records.push((line, record.iter().map(str::to_owned).collect()));
        line += record
            .iter()
            .map(|field| field.matches('\n').count() as u64)
            .sum::<u64>()
            + 1;
    }
    // The header is the first line with as many fields as most lines have (the old StatLine
    // layout puts a title and an empty line above it, and "Bron: CBS" below the data).
    let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
    for (_, fields) in &records {
        *widths.entry(fields.len()).or_default() += 1;
    }
    let width = widths
        .iter()
        .max_by_key(|(width, count)| (**count, **width))
        .map(|(width, _)| *width)
        .unwrap_or(0);
    let header_index = records
        .iter()
        .position(|(_, fields)| fields.len() == width && width >= 2)
        .ok_or(LoadError::NoDataRows)?;
    let header = records[header_index].1.clone();
    let data: Vec<&(u64, Vec<String>)> = records[header_index + 1..]
        .iter()
        .filter(|(_, fields)| fields.len() == width)
        .collect();
    let mut lines_skipped: Vec<u64> = records
        .iter()
        .enumerate()
        .filter(|(index, (_, fields))| {
            *index < header_index || (*index > header_index && fields.len() != width)
        })
        .map(|(_, (line, _))| *line)
        .collect();
    if data.is_empty() {
        return Err(LoadError::NoDataRows.into());
    }
    let first_column_mentions_topics = data.iter().take(5).any(|(_, fields)| {
        let key = normalise_header(&fields[0]);
        key.contains("regioaanduiding") || key.contains("soortregio")
    });
    if first_column_mentions_topics || header.iter().any(|field| field.trim() == "Nederland") {
        return Err(ReferenceError::Transposed);
    }

    let column = |index: usize| data.iter().map(move |(_, fields)| fields[index].as_str());
    // Numeric: nine in ten present values or more are numbers. The rest are a units line
    // under the header ("aantal", "%"), skipped below, or unreadable cells, reported.
    let is_numeric = |index: usize| {
        let (mut present, mut numbers) = (0_usize, 0_usize);
        for value in column(index).filter(|value| !values::is_missing(value)) {
            present += 1;
            numbers += usize::from(values::parse_number(value).is_ok());
        }
        present > 0 && numbers * 10 >= present * 9
    };
    let holds_codes = |index: usize| {
        column(index)
            .filter(|v| !values::is_missing(v))
            .all(is_cbs_code)
    };
    let text_columns: Vec<usize> = (0..width).filter(|&index| !is_numeric(index)).collect();
    let code_column = text_columns
        .iter()
        .copied()
        .find(|&index| holds_codes(index));
    let name_column = text_columns
        .iter()
        .copied()
        .filter(|&index| !holds_codes(index))
        .find(|&index| {
            let key = normalise_header(&header[index]);
            key.is_empty()
                || [
                    "wijkenenbuurten",
                    "regio",
                    "regios",
                    "wijk",
                    "buurt",
                    "wijknaam",
                    "buurtnaam",
                    "naam",
                    "gwbnaam",
                ]
                .contains(&key.as_str())
        });
    let municipality_column = text_columns
        .iter()
        .copied()
        .filter(|&index| Some(index) != code_column && Some(index) != name_column)
        .find(|&index| {
            let key = normalise_header(&header[index]);
            key.contains("gemeentenaam") || key == "gemeente"
        });
    let key = match (code_column, name_column) {
        (Some(index), _) => RegionKey::Code(header[index].clone()),
        (None, Some(index)) => RegionKey::Name(header[index].clone()),
        (None, None) => return Err(ReferenceError::NoRegionColumn { found: header }),
    };
    // Numeric columns, less row numbers (R's unnamed index) and CBS's own bookkeeping codes.
    let numeric: Vec<usize> = (0..width)
        .filter(|&index| is_numeric(index))
        .filter(|&index| {
            let key = normalise_header(&header[index]);
            !(key.is_empty() || key == "id" || key.contains("indelingswijziging") || key == "gemnr")
        })
        .collect();
    if numeric.is_empty() {
        return Err(ReferenceError::NoNumericColumn { found: header });
    }
    let mut regions = Vec::with_capacity(data.len());
    let mut rows_without_values = Vec::new();
    let mut unreadable_cells = Vec::new();
    for (line, fields) in data {
        let parsed: Vec<Result<Option<f64>, _>> = numeric
            .iter()
            .map(|&index| values::parse_number(&fields[index]))
            .collect();
        if parsed.iter().all(Result::is_err) {
            // A units line ("aantal", "x 1 000 euro", "%") or a repeated header.
            lines_skipped.push(*line);
            continue;
        }
        for (&index, value) in numeric.iter().zip(&parsed) {
            if value.is_err() {
                unreadable_cells.push(UnreadableCell {
                    line: *line,
                    header: header[index].clone(),
                    value: fields[index].clone(),
                });
            }
        }
        let values: Vec<Option<f64>> = parsed
            .into_iter()
            .map(|value| value.ok().flatten())
            .collect();
        if values.iter().all(Option::is_none) {
            rows_without_values.push(*line);
        }
        let text = |index: Option<usize>| {
            index
                .map(|index| fields[index].trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        regions.push(Region {
            code: text(code_column),
            name: text(name_column),
            municipality: text(municipality_column),
            line: *line,
            values,
        });
    }
    let columns = numeric
        .iter()
        .map(|&index| ReferenceColumn {
            header: header[index].clone(),
            measure: recognise(&header[index]),
        })
        .collect();
    lines_skipped.sort_unstable();
    Ok(ReferenceTable {
        regions,
        columns,
        key,
        lines_skipped,
        rows_without_values,
        unreadable_cells,
    })
}

impl ReferenceTable {
    /// The value of a known measure for a region, if the table has that measure.
    pub fn value(&self, region: &Region, measure: KnownMeasure) -> Option<f64> {
        let index = self
            .columns
            .iter()
            .position(|column| column.measure == Some(measure))?;
        region.values[index]
    }

    /// The region a participant file's neighbourhood value names: by CBS code where it is one
    /// (and the table has codes), else by name, ignoring case, accents and CBS's "Wijk 29 "
    /// prefix, among the regions of `municipality` where one is given (see
    /// [`Region::lies_in`]). `Err` lists every region the name fits where it fits more than one.
    pub fn find(
        &self,
        neighbourhood: &str,
        municipality: Option<&str>,
    ) -> Result<Option<&Region>, Vec<&Region>> {
        if is_cbs_code(neighbourhood) {
            let code = neighbourhood.trim().to_ascii_uppercase();
            return Ok(self
                .regions
                .iter()
                .find(|region| region.code.as_deref() == Some(code.as_str())));
        }
        let wanted = region_name_key(neighbourhood);
        let found: Vec<&Region> = self
            .regions
            .iter()
            .filter(|region| municipality.is_none_or(|municipality| region.lies_in(municipality)))
            .filter(|region| {
                region
                    .name
                    .as_deref()
                    .is_some_and(|name| region_name_key(name) == wanted)
            })
            .collect();
        match found.len() {
            0 => Ok(None),
            1 => Ok(Some(found[0])),
            _ => Err(found),
        }
    }
}

impl Region {
    /// Whether the region lies in `municipality`: a CBS municipality code (`GM0518`), compared
    /// with the municipality part of the region's code, or a name, compared with the table's
    /// municipality column like region names are (case and accents aside). Colloquial names
    /// of the two municipalities CBS writes otherwise are accepted too. A region whose table
    /// tells neither lies in no municipality.
    pub fn lies_in(&self, municipality: &str) -> bool {
        let municipality = municipality.trim();
        if is_cbs_code(municipality) && municipality.len() == 6 {
            let number = &municipality[2..];
            return self.code.as_deref().is_some_and(|code| {
                code.get(..2)
                    .is_some_and(|kind| !kind.eq_ignore_ascii_case("NL"))
                    && code.get(2..6) == Some(number)
            });
        }
        let wanted = normalise_header(municipality);
        let wanted = MUNICIPALITY_ALIASES
            .iter()
            .find(|(alias, _)| normalise_header(alias) == wanted)
            .map_or(wanted, |(_, cbs_name)| normalise_header(cbs_name));
        self.municipality
            .as_deref()
            .is_some_and(|name| normalise_header(name) == wanted)
    }
}

/// Names people use for municipalities whose CBS name differs: colloquial name → CBS name.
const MUNICIPALITY_ALIASES: [(&str, &str); 2] = [
    ("Den Haag", "'s-Gravenhage"),
    ("Den Bosch", "'s-Hertogenbosch"),
];

/// A name as compared: CBS writes wijken as "Wijk 29 Schildersbuurt"; people write "Schildersbuurt".
fn region_name_key(name: &str) -> String {
    let trimmed = name.trim();
    let without_prefix = trimmed
        .strip_prefix("Wijk ")
        .and_then(|rest| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            (digits > 0).then(|| rest[digits..].trim_start())
        })
        .unwrap_or(trimmed);
    normalise_header(without_prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cbs_codes_are_recognised() {
        for code in [
            "NL00",
            "GM0518",
            "WK051829",
            "BU05182901",
            " wk051829  ",
            "WK0363AA",
            "BU0363AA01",
        ] {
            assert!(is_cbs_code(code), "{code}");
        }
        for other in [
            "Schildersbuurt",
            "WK0518",
            "GM05189",
            "BU051X2901",
            "WK0518-9",
            "",
        ] {
            assert!(!is_cbs_code(other), "{other}");
        }
    }

    #[test]
    fn a_kwb_file_with_short_headers_is_keyed_by_code() {
        let table = load_reference(
            b"gwb_code;regio;gm_naam;recs;a_inw;a_soz_wb;p_laaginkhh\nGM0518;'s-Gravenhage;'s-Gravenhage;Gemeente;552995;29000;12,1\nWK051829;Schildersbuurt;'s-Gravenhage;Wijk;30700;   .;25,3\n",
        )
        .unwrap();
        assert_eq!(table.key, RegionKey::Code("gwb_code".into()));
        let region = table.find("wk051829", None).unwrap().unwrap();
        assert_eq!(
            table.value(region, KnownMeasure::Inhabitants),
            Some(30700.0)
        );
        assert_eq!(table.value(region, KnownMeasure::SocialAssistance), None);
        assert_eq!(
            table.value(region, KnownMeasure::LowIncomeHouseholdsPct),
            Some(25.3)
        );
        // By name too: the region column is recognised.
        assert_eq!(table.find("Schildersbuurt", None).unwrap().unwrap().line, 3);
    }

    #[test]
    fn names_match_without_the_cbs_wijk_prefix_and_repeats_are_ambiguous() {
        let table = load_reference(
            "Wijken en buurten;Bevolking/Aantal inwoners (aantal)\nWijk 29 Schildersbuurt;30700\nVerspreide huizen;10\nVerspreide huizen;25\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(table.key, RegionKey::Name("Wijken en buurten".into()));
        assert_eq!(
            table.find("schildersbuurt", None).unwrap().unwrap().values,
            [Some(30700.0)]
        );
        assert_eq!(table.find("Verspreide huizen", None).unwrap_err().len(), 2);
        assert_eq!(table.find("Moerwijk", None).unwrap(), None);
    }

    #[test]
    fn a_region_lies_in_the_municipality_its_code_or_column_names() {
        let region = |code: Option<&str>, municipality: Option<&str>| Region {
            code: code.map(str::to_owned),
            name: Some("Centrum".into()),
            municipality: municipality.map(str::to_owned),
            line: 2,
            values: vec![],
        };
        let coded = region(Some("BU05182901"), None);
        assert!(coded.lies_in("GM0518"));
        assert!(coded.lies_in(" gm0518 "));
        assert!(!coded.lies_in("GM0599"));
        // Without a municipality column, a name tells nothing about a coded region.
        assert!(!coded.lies_in("'s-Gravenhage"));
        assert!(region(Some("GM0518"), None).lies_in("GM0518"));
        assert!(!region(Some("NL00"), None).lies_in("GM0000"));
        let named = region(None, Some("'s-Hertogenbosch"));
        assert!(named.lies_in("'s-hertogenbosch"));
        assert!(named.lies_in("Den Bosch"));
        assert!(!named.lies_in("Den Haag"));
        assert!(!named.lies_in("GM0796"));
    }

    #[test]
    fn tables_without_regions_or_numbers_are_refused() {
        assert!(matches!(
            load_reference(b"a;b\n1;2\n3;4\n"),
            Err(ReferenceError::NoRegionColumn { .. })
        ));
        assert!(matches!(
            load_reference(b"wijkcode;naam\nWK051829;x\n"),
            Err(ReferenceError::NoNumericColumn { .. })
        ));
    }
}
