//! The `wijkwaarde` binary as a researcher runs it: outputs, exit codes, messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn wijkwaarde(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wijkwaarde"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("the report is JSON")
}

#[test]
fn a_clean_file_exits_0_with_the_report_on_stdout() {
    let output = wijkwaarde(&["report", "datasets/sample.csv", "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    // The generator wrote 900 participants (datasets/README.md).
    assert_eq!(report["overall"]["participants"], 900);
    assert_eq!(report["schema_version"], 1);
    for key in [
        "input",
        "settings",
        "overall",
        "by_neighbourhood",
        "suppressed",
    ] {
        assert!(report.get(key).is_some(), "DATA.md §5 key {key}");
    }
}

#[test]
fn rejected_rows_exit_1_and_are_named() {
    let output = wijkwaarde(&["report", "datasets/sample-messy.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json(&output)["input"]["rows_rejected"], 6);
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("sample-messy.csv: 6 of 1096 rows rejected"));

    let output = wijkwaarde(&["validate", "datasets/sample-messy.csv"]);
    assert_eq!(output.status.code(), Some(1));
    let list = String::from_utf8_lossy(&output.stdout);
    assert_eq!(list.lines().count(), 7, "header and six problems:\n{list}");
    assert!(list.contains("4,Trede,9,rung must be a whole number from 1 to 6"));
}

#[test]
fn usage_and_io_errors_exit_2_naming_the_file() {
    let output = wijkwaarde(&["report", "datasets/nope.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nope.csv"));
    assert_eq!(
        wijkwaarde(&["report", "datasets/sample.csv", "--min-cell", "0"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(wijkwaarde(&["report"]).status.code(), Some(2));
    // A file lacking a required column names the columns it has.
    let output = wijkwaarde(&["report", "datasets/README.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Columns found"));
}

#[test]
fn many_files_and_formats_go_to_a_directory_with_charts_and_validation() {
    let directory =
        std::env::temp_dir().join(format!("wijkwaarde-cli-test-{}", std::process::id()));
    let out = directory.to_string_lossy().into_owned();
    let output = wijkwaarde(&[
        "report",
        "datasets/sample*.csv",
        "--format",
        "json,csv,md,html",
        "-o",
        &out,
        "--quiet",
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for stem in ["sample", "sample-messy"] {
        for suffix in [
            ".json",
            "-figures.csv",
            ".md",
            ".html",
            "-ladder.svg",
            "-ladder.png",
            "-ladder-by-period.svg",
            "-ladder-by-period.png",
            "-time-to-work.svg",
            "-time-to-work.png",
            "-validation.csv",
        ] {
            assert!(
                Path::new(&directory)
                    .join(format!("{stem}{suffix}"))
                    .exists(),
                "{stem}{suffix}"
            );
        }
    }
    let page = std::fs::read_to_string(directory.join("sample.html")).unwrap();
    assert!(page.contains("<svg"));
    // PNGs at twice the SVG's 640 × 400, with something drawn on them.
    let png = std::fs::read(directory.join("sample-ladder.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (width, height) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((width, height), (1280, 800));
    assert!(
        png.len() > 10_000,
        "a blank picture would compress to almost nothing"
    );
    let validation =
        std::fs::read_to_string(directory.join("sample-messy-validation.csv")).unwrap();
    assert_eq!(validation.lines().count(), 7);
    std::fs::remove_dir_all(&directory).unwrap();
}

#[test]
fn settings_come_from_a_config_file_and_flags_override_it() {
    let config =
        std::env::temp_dir().join(format!("wijkwaarde-config-{}.toml", std::process::id()));
    std::fs::write(&config, "min_cell = 25\nlow_income_threshold_pct = 110\n[column_mapping]\nparticipant_id = \"participant_id\"\n").unwrap();
    let path = config.to_string_lossy().into_owned();
    let report = json(&wijkwaarde(&[
        "report",
        "datasets/sample.csv",
        "--config",
        &path,
    ]));
    assert_eq!(report["settings"]["min_cell"], 25);
    assert_eq!(report["settings"]["low_income_threshold_pct"], 110.0);
    let report = json(&wijkwaarde(&[
        "report",
        "datasets/sample.csv",
        "--config",
        &path,
        "--min-cell",
        "12",
    ]));
    assert_eq!(report["settings"]["min_cell"], 12);
    std::fs::write(&config, "min_cel = 25\n").unwrap();
    let output = wijkwaarde(&["report", "datasets/sample.csv", "--config", &path]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("min_cel"));
    std::fs::remove_file(&config).unwrap();
}

/// The messy sample's full JSON, compared with a reviewed copy so that no figure changes
/// unnoticed. After a deliberate change: `UPDATE_GOLDEN=1 cargo test -p cli`, and review the diff.
#[test]
fn the_messy_sample_report_matches_its_golden_file() {
    let output = wijkwaarde(&["report", "datasets/sample-messy.csv", "--format", "json"]);
    let golden = repo().join("cli/tests/golden/sample-messy.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &output.stdout).unwrap();
    }
    let expected =
        std::fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 to create)");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn a_parquet_extract_gives_the_figures_of_its_csv_form() {
    use polars::prelude::*;
    // The sample with typed columns (dates, booleans, numbers), as a research extract has them.
    let mut frame = CsvReadOptions::default()
        .with_parse_options(CsvParseOptions::default().with_try_parse_dates(true))
        .try_into_reader_with_file_path(Some(repo().join("datasets/sample.csv")))
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(frame.column("date").unwrap().dtype(), &DataType::Date);
    let directory = std::env::temp_dir().join(format!("wijkwaarde-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let file = directory.join("sample.parquet");
    ParquetWriter::new(std::fs::File::create(&file).unwrap())
        .finish(&mut frame)
        .unwrap();

    let from_parquet = wijkwaarde(&["report", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        from_parquet.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_parquet.stderr)
    );
    let from_csv = json(&wijkwaarde(&[
        "report",
        "datasets/sample.csv",
        "--format",
        "json",
    ]));
    let from_parquet = json(&from_parquet);
    for key in [
        "input",
        "overall",
        "by_neighbourhood",
        "by_group",
        "by_period",
        "time_to_work",
        "suppressed",
    ] {
        assert_eq!(from_parquet[key], from_csv[key], "{key}");
    }
    std::fs::remove_dir_all(directory).ok();
}
