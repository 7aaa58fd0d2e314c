//! Tidy checks (as rust-analyzer has them): `analytics` and `charts` must stay free of UI,
//! browser and terminal crates, whatever target they are built for.

use std::collections::BTreeSet;
use std::process::Command;

/// Crates that belong to a front end, never to the computing or drawing libraries.
const FRONT_END_CRATES: &[&str] = &[
    "leptos",
    "gloo",
    "clap",
    "indicatif",
    "console",
    "crossterm",
    "anyhow",
    "wasm-bindgen-futures",
];

/// Names of every crate `package` depends on through normal (not dev or build) dependencies,
/// on any target, with the features that package alone enables.
fn normal_dependencies(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "tree", "--locked", "-p", package, "-e", "normal", "--target", "all", "--prefix",
            "none", "--format", "{p}",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn analytics_has_no_front_end_or_browser_dependency() {
    let dependencies = normal_dependencies("analytics");
    assert!(
        dependencies.contains("polars"),
        "the dependency walk works (analytics uses polars)"
    );
    for name in FRONT_END_CRATES.iter().chain(&["web-sys", "plotters"]) {
        assert!(!dependencies.contains(*name), "analytics depends on {name}");
    }
}

#[test]
fn charts_has_no_front_end_dependency() {
    // plotters measures text through the page on wasm32 (web-sys); nothing else of the browser.
    let dependencies = normal_dependencies("charts");
    assert!(
        dependencies.contains("plotters"),
        "the dependency walk works (charts uses plotters)"
    );
    for name in FRONT_END_CRATES {
        assert!(!dependencies.contains(*name), "charts depends on {name}");
    }
}

#[test]
fn the_generator_is_independent_of_analytics() {
    // Test data from a source that does not share the code under test.
    let dependencies = normal_dependencies("generator");
    assert!(dependencies.contains("rand"));
    assert!(!dependencies.contains("analytics"));
}
