//! Synthetic participant records for Wijkwaarde: deterministic for a seed, realistic in
//! shape, and anonymous by construction (pseudonyms only; nobody real is behind a row).
//!
//! People join a neighbourhood programme mostly on the lower rungs of the Participatieladder,
//! climb (and sometimes fall back) over follow-ups every few months, some flow out to paid
//! work and some of those relapse. Loneliness falls as participation rises; incomes sit
//! around the social minimum and rise with work. One neighbourhood is kept small so that the
//! dashboard's small-number suppression shows.

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of participants (rows are about four times this).
    pub participants: usize,
    /// Seed: the same seed gives the same bytes.
    pub seed: u64,
    /// Write the messy export form (see [`Style::Messy`]).
    pub style: Style,
}

/// The form of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Canonical English headers, commas, ISO dates, UTF-8.
    Tidy,
    /// What a Dutch spreadsheet writes: Dutch headers, semicolons, decimal commas, dates as
    /// DD-MM-YYYY and D-M-YYYY, ja/nee, `.` and `-` for missing values, Windows-1252, and the
    /// broken rows listed by [`messy_breakages`].
    Messy,
}

/// Neighbourhoods of the sample (wijken of 's-Gravenhage, with their CBS 2024 codes) and their
/// share of participants. Duindorp is deliberately small.
pub const NEIGHBOURHOODS: [(&str, &str, f64); 6] = [
    ("Schildersbuurt", "WK051829", 0.27),
    ("Transvaalkwartier", "WK051830", 0.18),
    ("Moerwijk", "WK051836", 0.2),
    ("Laakkwartier en Spoorwijk", "WK051838", 0.2),
    ("Bouwlust", "WK051833", 0.135),
    ("Duindorp", "WK051808", 0.015),
];

const FIRST_INTAKE: (i32, u32, u32) = (2022, 1, 3);
const LAST_DAY: (i32, u32, u32) = (2025, 6, 30);

/// One record, before it is written.
struct Record {
    participant: String,
    neighbourhood: &'static str,
    date: NaiveDate,
    rung: Option<u8>,
    activity: &'static str,
    hours: f64,
    benefit: &'static str,
    benefit_since: Option<NaiveDate>,
    answers: Option<[&'static str; 11]>,
    income_pct: Option<f64>,
    debts: Option<bool>,
    energy_poverty: Option<bool>,
    age_band: &'static str,
    gender: &'static str,
    target_group: &'static str,
}

/// Generates the records as the bytes of a CSV file.
pub fn generate(options: &Options) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut records = Vec::with_capacity(options.participants * 4);
    for index in 0..options.participants {
        simulate_participant(&mut rng, index, &mut records);
    }
    match options.style {
        Style::Tidy => write_tidy(&records).into_bytes(),
        Style::Messy => write_messy(&records),
    }
}

fn day(date: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("a valid constant date")
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, weighted: &'a [(T, f64)]) -> &'a T {
    let total: f64 = weighted.iter().map(|(_, weight)| weight).sum();
    let mut draw = rng.random::<f64>() * total;
    for (value, weight) in weighted {
        if draw < *weight {
            return value;
        }
        draw -= weight;
    }
    &weighted[weighted.len() - 1].0
}

fn simulate_participant(rng: &mut ChaCha8Rng, index: usize, records: &mut Vec<Record>) {
    let neighbourhoods: Vec<(&'static str, f64)> = NEIGHBOURHOODS
        .iter()
        .map(|(name, _, share)| (*name, *share))
        .collect();
    let mut neighbourhood = *pick(rng, &neighbourhoods);
    let age_band = *pick(
        rng,
        &[
            ("18-26", 0.15),
            ("27-44", 0.35),
            ("45-66", 0.42),
            ("67+", 0.08),
        ],
    );
    let gender = *pick(rng, &[("vrouw", 0.52), ("man", 0.46), ("anders", 0.02)]);
    let target_group = *pick(
        rng,
        &[
            ("bijstand", 0.55),
            ("nieuwkomer", 0.15),
            ("jongere", 0.12),
            ("oudere", 0.08),
            ("overig", 0.10),
        ],
    );
    let first = day(FIRST_INTAKE);
    let last = day(LAST_DAY);
    let span = (last - first).num_days() - 60;
    let mut date = first + Duration::days(rng.random_range(0..span));
    let benefit = *pick(
        rng,
        &[
            ("bijstand", 0.6),
            ("ww", 0.08),
            ("wia", 0.07),
            ("wajong", 0.07),
            ("geen", 0.15),
            ("anders", 0.03),
        ],
    );
    let benefit_since =
        (benefit != "geen").then(|| date - Duration::days(rng.random_range(30..(8 * 365))));
    let mut rung: u8 = *pick(
        rng,
        &[
            (1, 0.15),
            (2, 0.28),
            (3, 0.3),
            (4, 0.22),
            (5, 0.04),
            (6, 0.01),
        ],
    );
    // Latent loneliness on the 11-item scale; participation lowers it.
    let mut loneliness: f64 = Normal::new(4.8_f64, 2.8)
        .expect("valid normal")
        .sample(rng)
        .clamp(0.0, 11.0);
    let mut income: f64 = Normal::new(108.0_f64, 14.0)
        .expect("valid normal")
        .sample(rng)
        .max(60.0);
    let mut debts = rng.random_bool(0.32);
    let energy_poverty = rng.random_bool(0.16);
    let follow_ups = rng.random_range(1..8);
    let mut worked = false;
    for visit in 0..=follow_ups {
        if date > last {
            break;
        }
        if visit > 0 {
            rung = next_rung(rng, rung, &mut worked);
            loneliness = (loneliness - 0.25 * (f64::from(rung) - 2.5)
                + Normal::new(0.0_f64, 0.9).expect("valid normal").sample(rng))
            .clamp(0.0, 11.0);
            income += if rung >= 5 {
                rng.random_range(4.0..14.0)
            } else {
                rng.random_range(-3.0..4.0)
            };
            debts = if debts {
                !rng.random_bool(0.18)
            } else {
                rng.random_bool(0.04)
            };
            if rng.random_bool(0.03) {
                neighbourhood = *pick(rng, &neighbourhoods);
            }
        }
        let rated = visit == 0 || rng.random_bool(0.93);
        let (activity, hours) = activity_for(rng, rung);
        let scored = visit == 0 || visit == follow_ups || rng.random_bool(0.3);
        records.push(Record {
            participant: format!("P{:06}", index + 1),
            neighbourhood,
            date,
            rung: rated.then_some(rung),
            activity,
            hours,
            benefit: if rung == 6 && worked { "geen" } else { benefit },
            benefit_since,
            answers: scored.then(|| answers_for(rng, loneliness)),
            income_pct: rng
                .random_bool(0.9)
                .then_some((income * 10.0).round() / 10.0),
            debts: rng.random_bool(0.95).then_some(debts),
            energy_poverty: rng.random_bool(0.9).then_some(energy_poverty),
            age_band,
            gender,
            target_group,
        });
        date += Duration::days(rng.random_range(75..200));
    }
}

fn next_rung(rng: &mut ChaCha8Rng, rung: u8, worked: &mut bool) -> u8 {
    let draw = rng.random::<f64>();
    let next = match rung {
        // After outflow a quarter fall back to unpaid or organised activity.
        5 | 6 if *worked && draw < 0.22 => rng.random_range(3..=4),
        6 => 6,
        5 if draw < 0.45 => 6,
        4 if draw < 0.2 => 5 + u8::from(rng.random_bool(0.35)),
        _ if draw < 0.3 => (rung + 1).min(6),
        _ if draw < 0.37 => rung.saturating_sub(1).max(1),
        _ => rung,
    };
    *worked |= next >= 5;
    next
}

fn activity_for(rng: &mut ChaCha8Rng, rung: u8) -> (&'static str, f64) {
    let round = |hours: f64| (hours * 2.0).round() / 2.0;
    match rung {
        1 => ("geen", 0.0),
        2 => ("geen", round(rng.random_range(0.0..2.0))),
        3 => (
            *pick(rng, &[("vrijwilligerswerk", 0.6), ("opleiding", 0.4)]),
            round(rng.random_range(2.0..10.0)),
        ),
        4 => (
            *pick(
                rng,
                &[("leerwerktraject", 0.55), ("vrijwilligerswerk", 0.45)],
            ),
            round(rng.random_range(8.0..24.0)),
        ),
        _ => ("betaald_werk", round(rng.random_range(12.0..38.0))),
    }
}

/// Item answers whose expected score is the latent loneliness.
fn answers_for(rng: &mut ChaCha8Rng, loneliness: f64) -> [&'static str; 11] {
    let lonely_chance = loneliness / 11.0;
    std::array::from_fn(|index| {
        let negative = matches!(index + 1, 2 | 3 | 5 | 6 | 9 | 10);
        if rng.random_bool(lonely_chance) {
            if rng.random_bool(0.3) {
                "min of meer"
            } else if negative {
                "ja"
            } else {
                "nee"
            }
        } else if negative {
            "nee"
        } else {
            "ja"
        }
    })
}

fn write_tidy(records: &[Record]) -> String {
    let mut out = String::from(
        "participant_id,neighbourhood,date,ladder,activity,hours_per_week,benefit,benefit_since,\
         djg_1,djg_2,djg_3,djg_4,djg_5,djg_6,djg_7,djg_8,djg_9,djg_10,djg_11,\
         income_pct_social_minimum,problem_debts,energy_poverty,age_band,gender,target_group\n",
    );
    let text = |value: Option<String>| value.unwrap_or_default();
    for record in records {
        let answers = record
            .answers
            .map(|answers| answers.join(","))
            .unwrap_or_else(|| ",".repeat(10));
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            record.participant,
            record.neighbourhood,
            record.date,
            text(record.rung.map(|rung| rung.to_string())),
            record.activity,
            record.hours,
            record.benefit,
            text(record.benefit_since.map(|date| date.to_string())),
            answers,
            text(record.income_pct.map(|pct| pct.to_string())),
            text(record.debts.map(|flag| flag.to_string())),
            text(record.energy_poverty.map(|flag| flag.to_string())),
            record.age_band,
            record.gender,
            record.target_group,
        ));
    }
    out
}

/// The rows [`Style::Messy`] breaks on purpose: `(data record number, 1-based; what is wrong)`.
/// Each replaces the record at that position.
pub fn messy_breakages() -> [(usize, &'static str); 6] {
    [
        (3, "trede 9"),
        (10, "datum 31-02-2023"),
        (25, "schulden 'misschien'"),
        (40, "deelnemer_id empty"),
        (55, "uren_per_week 'veel'"),
        (70, "a field too few"),
    ]
}

fn write_messy(records: &[Record]) -> Vec<u8> {
    let mut out = String::from(
        "Deelnemer ID;Wijknaam;Meetdatum;Trede;Activiteit;Uren per week;Uitkering;Uitkering sinds;\
         Eenzaamheid 1;Eenzaamheid 2;Eenzaamheid 3;Eenzaamheid 4;Eenzaamheid 5;Eenzaamheid 6;\
         Eenzaamheid 7;Eenzaamheid 8;Eenzaamheid 9;Eenzaamheid 10;Eenzaamheid 11;\
         Inkomen % sociaal minimum;Schulden;Energiearmoede;Leeftijdsgroep;Geslacht;Doelgroep\r\n",
    );
    let date = |date: NaiveDate, short: bool| {
        if short {
            date.format("%-d-%-m-%Y").to_string()
        } else {
            date.format("%d-%m-%Y").to_string()
        }
    };
    let flag = |value: Option<bool>| match value {
        Some(true) => "ja",
        Some(false) => "nee",
        None => "-",
    };
    let breakages = messy_breakages();
    for (index, record) in records.iter().enumerate() {
        let number = index + 1;
        let short_dates = number % 3 == 0;
        let mut fields: Vec<String> = vec![
            record.participant.clone(),
            record.neighbourhood.to_owned(),
            date(record.date, short_dates),
            record.rung.map_or(".".to_owned(), |rung| rung.to_string()),
            // Spreadsheets quote text with the delimiter in it; one in ten activities has one.
            if number % 10 == 0 {
                format!("\"{}; in de wijk\"", record.activity)
            } else {
                record.activity.to_owned()
            },
            record.hours.to_string().replace('.', ","),
            record.benefit.to_owned(),
            record
                .benefit_since
                .map_or(String::new(), |since| date(since, short_dates)),
        ];
        match record.answers {
            Some(answers) => fields.extend(answers.iter().map(|answer| answer.to_string())),
            None => fields.extend(std::iter::repeat_n(String::new(), 11)),
        }
        fields.extend([
            record
                .income_pct
                .map_or("NA".to_owned(), |pct| pct.to_string().replace('.', ",")),
            flag(record.debts).to_owned(),
            flag(record.energy_poverty).to_owned(),
            record.age_band.to_owned(),
            record.gender.to_owned(),
            record.target_group.to_owned(),
        ]);
        match breakages
            .iter()
            .find(|(at, _)| *at == number)
            .map(|(_, what)| *what)
        {
            Some("trede 9") => fields[3] = "9".to_owned(),
            Some("datum 31-02-2023") => fields[2] = "31-02-2023".to_owned(),
            Some("schulden 'misschien'") => fields[20] = "misschien".to_owned(),
            Some("deelnemer_id empty") => fields[0] = String::new(),
            Some("uren_per_week 'veel'") => fields[5] = "veel".to_owned(),
            Some("a field too few") => {
                fields.pop();
            }
            _ => {}
        }
        // Record 2's activity carries characters that Windows-1252 writes differently from
        // UTF-8 (an en dash and an accent).
        if number == 2 {
            fields[4] = "vrijwilligerswerk – buurtcafé".to_owned();
        }
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&out);
    bytes.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let options = Options {
            participants: 50,
            seed: 7,
            style: Style::Tidy,
        };
        assert_eq!(generate(&options), generate(&options));
        let other = Options {
            seed: 8,
            ..options.clone()
        };
        assert_ne!(generate(&options), generate(&other));
    }

    #[test]
    fn messy_files_are_windows_1252() {
        let bytes = generate(&Options {
            participants: 40,
            seed: 1,
            style: Style::Messy,
        });
        // The en dash of record 2 is byte 0x96 in Windows-1252, invalid on its own in UTF-8.
        assert!(bytes.contains(&0x96));
        assert!(std::str::from_utf8(&bytes).is_err());
    }
}
