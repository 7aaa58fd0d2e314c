//! Text columns stored as numbers. Each distinct value of a text column (identifier,
//! neighbourhood, activity, benefit, groups) gets a code, in order of first appearance in the
//! file; the frame holds the codes and [`Labels`] the texts. A code is four bytes where a text
//! takes sixteen or more, and numbers sort, group and join many times faster: the records of
//! a large file fit in less memory than the file itself.

use std::collections::BTreeMap;

use polars::prelude::*;

/// The text of every code, per column. Identifiers have none: they are only told apart.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    by_column: BTreeMap<&'static str, PlIndexSet<Box<str>>>,
}

impl Labels {
    pub(crate) fn new(by_column: BTreeMap<&'static str, PlIndexSet<Box<str>>>) -> Labels {
        Labels { by_column }
    }

    /// The code of `text` in `column`, if any record has it.
    pub fn code_of(&self, column: &str, text: &str) -> Option<u32> {
        self.by_column
            .get(column)?
            .get_index_of(text)
            .map(|code| code as u32)
    }

    /// The text of `code` in `column`.
    pub fn text(&self, column: &str, code: u32) -> Option<&str> {
        self.by_column
            .get(column)?
            .get_index(code as usize)
            .map(AsRef::as_ref)
    }

    /// The texts of `codes` (a column coded as `column`), named `name`; a missing value
    /// becomes `missing`.
    pub fn texts(
        &self,
        column: &str,
        codes: &UInt32Chunked,
        name: &str,
        missing: Option<&str>,
    ) -> StringChunked {
        let texts = self.by_column.get(column);
        let text_of = |code: Option<u32>| {
            code.and_then(|code| texts?.get_index(code as usize))
                .map(AsRef::as_ref)
                .or(missing)
        };
        let mut texts: StringChunked = codes.iter().map(text_of).collect();
        texts.rename(PlSmallStr::from_str(name));
        texts
    }
}

/// Codes one stretch of a column as its values come; [`in_file_codes`] renumbers them into
/// the numbering of the whole file, so a file read in parts gets the codes it gets when read
/// in one piece.
pub(super) struct CodeBuilder {
    codes: PrimitiveChunkedBuilder<UInt32Type>,
    values: PlIndexSet<Box<str>>,
    /// The code pushed last. Exports list a participant's records together, so a value is
    /// most often the one before it, and a comparison saves a hash lookup.
    last: Option<usize>,
}

impl CodeBuilder {
    /// A builder for `capacity` values, of which about `distinct` differ.
    pub(super) fn new(column: &'static str, capacity: usize, distinct: usize) -> CodeBuilder {
        CodeBuilder {
            codes: PrimitiveChunkedBuilder::new(PlSmallStr::from_static(column), capacity),
            values: PlIndexSet::with_capacity_and_hasher(distinct, Default::default()),
            last: None,
        }
    }

    pub(super) fn push(&mut self, text: &str) {
        let repeated = self.last.filter(|&last| {
            self.values
                .get_index(last)
                .is_some_and(|value| **value == *text)
        });
        let code = match repeated.or_else(|| self.code_of(text)) {
            Some(code) => code,
            None => self.values.insert_full(text.into()).0,
        };
        self.last = Some(code);
        self.codes.append_value(code as u32);
    }

    /// The code of `text`, if it has one. Most coded columns (neighbourhood, activity,
    /// benefit, groups) have a handful of values, and comparing with each of those is cheaper
    /// than hashing the text.
    fn code_of(&self, text: &str) -> Option<usize> {
        const FEW: usize = 8;
        if self.values.len() <= FEW {
            self.values.iter().position(|value| **value == *text)
        } else {
            self.values.get_index_of(text)
        }
    }

    pub(super) fn push_missing(&mut self) {
        self.codes.append_null();
    }

    /// The codes of the rows `kept` (all when `None`), and the texts they number. Texts that
    /// only rows not kept had are dropped, and the codes renumbered in order of appearance, so
    /// a rejected row leaves no label behind.
    pub(super) fn finish(
        self,
        kept: Option<&BooleanChunked>,
    ) -> (UInt32Chunked, PlIndexSet<Box<str>>) {
        let codes = self.codes.finish();
        let Some(kept) = kept else {
            return (codes, self.values);
        };
        let name = codes.name().clone();
        let codes = codes
            .filter(kept)
            .expect("a row mask as long as the column");
        let mut texts: Vec<Option<Box<str>>> = self.values.into_iter().map(Some).collect();
        let mut renumbered: Vec<Option<u32>> = vec![None; texts.len()];
        let mut values = PlIndexSet::default();
        let mut renumber = |code: u32| {
            *renumbered[code as usize].get_or_insert_with(|| {
                let text = texts[code as usize].take().expect("each text taken once");
                values.insert_full(text).0 as u32
            })
        };
        let codes: UInt32Chunked = codes
            .into_iter()
            .map(|code| code.map(&mut renumber))
            .collect();
        (codes.with_name(name), values)
    }
}

/// `codes` of a stretch, which number its `values`, renumbered as codes of the whole file
/// (`labels`, shared by all its stretches; new values are added to them).
pub(super) fn in_file_codes(
    column: &'static str,
    codes: UInt32Chunked,
    values: PlIndexSet<Box<str>>,
    labels: &mut BTreeMap<&'static str, PlIndexSet<Box<str>>>,
) -> Series {
    let whole = labels.entry(column).or_default();
    whole.reserve(values.len());
    let renumbered: Vec<u32> = values
        .into_iter()
        .map(|value| whole.insert_full(value).0 as u32)
        .collect();
    let unchanged = renumbered
        .iter()
        .enumerate()
        .all(|(code, &in_file)| code as u32 == in_file);
    if unchanged {
        return codes.into_series();
    }
    codes
        .apply_values(|code| renumbered[code as usize])
        .into_series()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretches_are_renumbered_as_if_read_in_one_piece() {
        let mut labels = BTreeMap::new();
        let mut first = CodeBuilder::new("wijk", 2, 0);
        first.push("Noord");
        first.push("Zuid");
        let mut second = CodeBuilder::new("wijk", 3, 0);
        second.push("West");
        second.push_missing();
        second.push("Zuid");
        let in_file = |builder: CodeBuilder, labels: &mut BTreeMap<_, _>| {
            let (codes, values) = builder.finish(None);
            in_file_codes("wijk", codes, values, labels)
        };
        let first = in_file(first, &mut labels);
        let second = in_file(second, &mut labels);
        let codes = |series: &Series| series.u32().unwrap().into_iter().collect::<Vec<_>>();
        assert_eq!(codes(&first), [Some(0), Some(1)]);
        // West is new (2), Zuid keeps its code from the first stretch (1).
        assert_eq!(codes(&second), [Some(2), None, Some(1)]);

        let labels = Labels::new(labels);
        assert_eq!(labels.code_of("wijk", "Zuid"), Some(1));
        assert_eq!(labels.code_of("wijk", "Oost"), None);
        let texts = labels.texts("wijk", second.u32().unwrap(), "wijk", Some("?"));
        assert_eq!(
            texts.into_iter().collect::<Vec<_>>(),
            [Some("West"), Some("?"), Some("Zuid")]
        );
    }

    #[test]
    fn texts_of_rows_not_kept_leave_no_label() {
        let mut builder = CodeBuilder::new("wijk", 5, 0);
        for text in ["Noord", "Zuid", "Noord", "West", "Oost"] {
            builder.push(text);
        }
        // The rows with Noord are kept, Zuid and Oost only appear in rows taken out.
        let kept = BooleanChunked::from_slice(PlSmallStr::EMPTY, &[true, false, true, true, false]);
        let (codes, values) = builder.finish(Some(&kept));
        assert_eq!(codes.name().as_str(), "wijk");
        assert_eq!(
            codes.into_iter().collect::<Vec<_>>(),
            [Some(0), Some(0), Some(1)]
        );
        assert_eq!(
            values.iter().map(AsRef::as_ref).collect::<Vec<&str>>(),
            ["Noord", "West"]
        );
    }
}
