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

/// What stands where a value was suppressed. One mark for every suppressed cell: "< 10" would
/// be false for a cell hidden only so that a small one cannot be computed back, and marking
/// those differently would tell an attacker they are not small.
pub fn suppressed(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "afgeschermd",
        Lang::En => "suppressed",
    }
}

/// A mean or change with two decimals (`-0,41` in Dutch).
pub fn decimal(lang: Lang, value: f64) -> String {
    let text = format!("{:.2}", (value * 100.0).round() / 100.0);
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

/// An estimate in euros, rounded to thousands: it is never exact, and should not look it.
pub fn euros_estimate(lang: Lang, value: f64) -> String {
    let thousands = (value / 1000.0).round().max(0.0) as u64 * 1000;
    format!("€ {}", count(lang, thousands))
}

/// A whole number of an estimated quantity (hours, months), rounded.
pub fn rounded(lang: Lang, value: f64) -> String {
    count(lang, value.round().max(0.0) as u64)
}
