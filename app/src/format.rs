//! How figures read on screen: Dutch or English number forms, and suppressed values as
//! "< threshold". Formatting only; every figure comes from the report.

use crate::i18n::Lang;

/// A count with thousands grouped (`1.234` in Dutch, `1,234` in English).
pub fn count(lang: Lang, value: u64) -> String {
    let digits = value.to_string();
    let separator = match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A share as a percentage with one decimal (`15,5%` in Dutch, `15.5%` in English), halves
/// rounded away from zero as people (and spreadsheets) round, not to even.
pub fn percent(lang: Lang, share: f64) -> String {
    let text = format!("{:.1}%", (share * 1000.0).round() / 10.0);
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

/// What stands where a value was suppressed.
pub fn suppressed(min_cell: u32) -> String {
    format!("< {min_cell}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_percentages_in_both_languages() {
        assert_eq!(count(Lang::Nl, 1_234_567), "1.234.567");
        assert_eq!(count(Lang::En, 1_234), "1,234");
        assert_eq!(count(Lang::Nl, 900), "900");
        assert_eq!(percent(Lang::Nl, 0.1549), "15,5%");
        assert_eq!(percent(Lang::En, 0.1549), "15.5%");
        assert_eq!(percent(Lang::Nl, 0.7625), "76,3%");
    }
}
