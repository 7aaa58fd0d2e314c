//! The reference-table reader on real CBS and RIVM files from `../shared/real-data/` (see its
//! SOURCES.md). The files are read where they lie and never copied into the repository; where
//! they are absent, each test says so and passes without checking.
//! Every expected value below was read from the file itself (a spreadsheet or Python's csv).

use std::path::PathBuf;

use analytics::reference::{load_reference, KnownMeasure, ReferenceError, RegionKey};

fn real_data(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/real-data")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!(
                "SKIPPED: real data file {} is absent; this test checked nothing",
                path.display()
            );
            None
        }
    }
}

#[test]
fn statline_export_with_codes_whole_country() {
    let Some(bytes) = real_data("cbs_kwb2024_85984NED_statline_export_codes.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    assert_eq!(
        table.key,
        RegionKey::Code("Regioaanduiding/Codering (code)".into())
    );
    assert_eq!(table.regions.len(), 18_310);
    let schildersbuurt = table.find("WK051829", None).unwrap().unwrap();
    assert_eq!(
        schildersbuurt.name.as_deref(),
        Some("Wijk 29 Schildersbuurt")
    );
    assert_eq!(
        table.value(schildersbuurt, KnownMeasure::Inhabitants),
        Some(30_700.0)
    );
    // Oostduinen has no inhabitants: a real zero, not a missing value.
    assert_eq!(
        table.value(
            table.find("WK051801", None).unwrap().unwrap(),
            KnownMeasure::Inhabitants
        ),
        Some(0.0)
    );
}

#[test]
fn r_resaved_amsterdam_2019_gives_the_bijstand_denominator() {
    let Some(bytes) = real_data("cbs_kwb2019_84583NED_amsterdam_resaved_by_R.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    assert_eq!(
        table.key,
        RegionKey::Code("Regioaanduiding.Codering..code.".into())
    );
    assert_eq!(table.regions.len(), 580);
    // R's unnamed row index is not a measure.
    assert!(table.columns.iter().all(|column| !column.header.is_empty()));
    let region = table.find("WK036305", None).unwrap().unwrap();
    assert_eq!(region.name.as_deref(), Some("Haarlemmerbuurt"));
    assert_eq!(
        table.value(region, KnownMeasure::Inhabitants),
        Some(9_310.0)
    );
    assert_eq!(
        table.value(region, KnownMeasure::SocialAssistance),
        Some(300.0)
    );
    // Decimal comma inside quotes: "12,6".
    assert_eq!(
        table.value(region, KnownMeasure::LowIncomeHouseholdsPct),
        Some(12.6)
    );
    let amsterdam = table.find("GM0363", None).unwrap().unwrap();
    assert_eq!(
        table.value(amsterdam, KnownMeasure::SocialAssistance),
        Some(40_340.0)
    );
}

#[test]
fn odata_export_2017_reports_the_rows_cut_at_a_comma() {
    let Some(bytes) = real_data("cbs_kwb2017_83765NED_odata_export.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    assert_eq!(table.regions.len(), 16_667);
    let region = table.find("WK051829", None).unwrap().unwrap();
    assert_eq!(
        table.value(region, KnownMeasure::Inhabitants),
        Some(31_150.0)
    );
    // "Nuenen, Gerwen en Nederwetten" was cut at its comma: 14 rows (GM0820 and its wijken and
    // buurten) with every value empty, reported by line.
    assert_eq!(table.rows_without_values.len(), 14);
    let cut: Vec<&str> = table
        .regions
        .iter()
        .filter(|region| table.rows_without_values.contains(&region.line))
        .map(|region| region.code.as_deref().unwrap())
        .collect();
    assert!(
        cut.iter().all(|code| code[2..].starts_with("0820")),
        "{cut:?}"
    );
}

#[test]
fn rivm_health_2020_gives_lonely_shares() {
    let Some(bytes) = real_data("rivm_gezondheid_wijk_buurt_2020_18plus_50090NED.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    let region = table.find("WK051829", None).unwrap().unwrap();
    assert_eq!(table.value(region, KnownMeasure::LonelyPct), Some(66.6));
}

#[test]
fn loneliness_2016_by_wijk_with_percent_headers() {
    let Some(bytes) = real_data("eenzaamheid_per_wijk_2016.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    assert_eq!(table.key, RegionKey::Code("wijkcode".into()));
    assert_eq!(table.regions.len(), 2_983);
    let region = table.find("WK051829", None).unwrap().unwrap();
    assert_eq!(table.value(region, KnownMeasure::LonelyPct), Some(65.0));
    // Names without the CBS prefix find it too, within this one-municipality-per-name table.
    assert_eq!(
        table
            .find("Wijk 29 Schildersbuurt", None)
            .unwrap()
            .unwrap()
            .code
            .as_deref(),
        Some("WK051829")
    );
}

#[test]
fn old_statline_layout_skips_title_and_footer_lines() {
    let Some(bytes) = real_data("cbs_kwb2015_amsterdam_inkomen_oud_statline_formaat.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    assert!(matches!(table.key, RegionKey::Name(_)));
    assert_eq!(table.regions.len(), 106);
    // Title, empty line and "Onderwerp" above the header; the units line under it
    // ("aantal", "x 1 000 euro", "%"); "Bron: CBS" below the data.
    assert_eq!(table.lines_skipped, [1, 2, 3, 5, 112]);
    assert!(table.unreadable_cells.is_empty());
    let driemond = table.find("Driemond", None).unwrap().unwrap();
    assert_eq!(driemond.values[0], Some(1_200.0));
}

#[test]
fn statline_export_without_codes_is_keyed_by_name_and_repeats_are_ambiguous() {
    let Some(bytes) = real_data("cbs_kwb2024_85984NED_statline_export_herkomst.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    assert_eq!(table.key, RegionKey::Name("Wijken en buurten".into()));
    assert!(table.find("Verspreide huizen", None).is_err() || table.find("Centrum", None).is_err());
}

#[test]
fn a_municipality_makes_names_that_repeat_across_the_country_unique() {
    let Some(bytes) = real_data("cbs_kwb2024_85984NED_statline_export_herkomst.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    let inhabitants = |neighbourhood: &str, municipality: &str| {
        let region = table
            .find(neighbourhood, Some(municipality))
            .unwrap()
            .unwrap();
        table.value(region, KnownMeasure::Inhabitants)
    };
    // Counted with Python's csv module, less CBS's "Wijk NN " prefix: 17 regions are called
    // Schildersbuurt (Den Haag's is "Wijk 29 Schildersbuurt"), 82 Centrum (69 of them
    // written just so).
    assert_eq!(table.find("Schildersbuurt", None).unwrap_err().len(), 17);
    assert_eq!(table.find("Centrum", None).unwrap_err().len(), 82);
    // Figures as the file gives them for Den Haag's wijk and Arnhem's Centrum.
    assert_eq!(
        inhabitants("Schildersbuurt", "'s-Gravenhage"),
        Some(30_700.0)
    );
    assert_eq!(inhabitants("Schildersbuurt", "den haag"), Some(30_700.0));
    assert_eq!(inhabitants("Centrum", "Arnhem"), Some(7_465.0));
    assert_eq!(table.find("Schildersbuurt", Some("Arnhem")).unwrap(), None);
    // This table has no codes, so a municipality code selects nothing.
    assert_eq!(table.find("Centrum", Some("GM0202")).unwrap(), None);

    let Some(bytes) = real_data("cbs_kwb2024_85984NED_statline_export_codes.csv") else {
        return;
    };
    let table = load_reference(&bytes).unwrap();
    for municipality in ["GM0518", "'s-Gravenhage"] {
        let region = table
            .find("Schildersbuurt", Some(municipality))
            .unwrap()
            .unwrap();
        assert_eq!(region.code.as_deref(), Some("WK051829"), "{municipality}");
    }
}

#[test]
fn a_transposed_export_is_refused_clearly() {
    let Some(bytes) = real_data("cbs_nabijheid_voorzieningen_2021_getransponeerd.csv") else {
        return;
    };
    let error = load_reference(&bytes).unwrap_err();
    assert!(matches!(error, ReferenceError::Transposed), "{error}");
    assert!(error.to_string().contains("regions are columns"));
}

#[test]
fn a_file_quoted_twice_after_download_is_refused_with_the_fix() {
    let Some(bytes) = real_data("cbs_inkomen_huishoudens_gemeenten_2024_dubbele_quotes.csv") else {
        return;
    };
    let error = load_reference(&bytes).unwrap_err();
    assert!(
        matches!(
            error,
            ReferenceError::File(analytics::LoadError::QuotedTwice)
        ),
        "{error}"
    );
    assert!(error.to_string().contains("wrapped in quotes"));
}
