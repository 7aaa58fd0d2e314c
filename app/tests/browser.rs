//! Runs in headless Chromium (wasm-bindgen-test): the analytics compiled to WebAssembly give
//! the hand-computed figures, and reports cross from the worker to the page unchanged. (The
//! whole dashboard, worker and all, is tested end to end in tests/e2e.)

#![cfg(target_arch = "wasm32")]

use analytics::{analyse, Settings};
use app::format;
use app::i18n::Lang;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Worked out by hand in analytics/src/report.rs (`figures_match_the_hand_computation`).
const HAND_COMPUTED: &str = include_str!("../../analytics/tests/fixtures/hand_computed.csv");

#[wasm_bindgen_test]
fn analytics_give_the_hand_computed_figures_in_the_browser() {
    let report = analyse(
        HAND_COMPUTED.as_bytes(),
        &Settings {
            min_cell: 1,
            ..Settings::default()
        },
    )
    .unwrap();
    let overall = &report.overall;
    assert_eq!(overall.participants, Some(5));
    assert_eq!(overall.active_participants, Some(4));
    assert_eq!(overall.outflow_count, Some(2));
    assert_eq!(overall.outflow_12m_share, Some(1.0 / 3.0));
    assert_eq!(overall.durable_outflow_share, Some(0.5));
    assert_eq!(overall.lonely_share_latest, Some(2.0 / 3.0));
    assert_eq!(overall.mean_loneliness_change, Some(-3.0));
    assert_eq!(report.input.end_date, "2024-10-01");
}

/// The worker sends reports to the page as JSON: they must arrive unchanged, to the last
/// digit (the e2e tests then compare what the page shows with the CLI).
#[wasm_bindgen_test]
fn reports_cross_from_the_worker_to_the_page_unchanged() {
    use app::protocol::Response;
    let report = analyse(HAND_COMPUTED.as_bytes(), &Settings::default()).unwrap();
    let message = Response::Report {
        id: 7,
        result: Ok(Box::new(report.clone())),
    };
    let text = serde_json::to_string(&message).unwrap();
    match serde_json::from_str::<Response>(&text).unwrap() {
        Response::Report { id, result } => {
            assert_eq!(id, 7);
            assert_eq!(*result.unwrap(), report);
        }
        other => panic!("unexpected {other:?}"),
    }
}

// The app crate is only built for wasm32, so its pure helpers are tested here, in the browser.
#[wasm_bindgen_test]
fn counts_and_percentages_in_both_languages() {
    assert_eq!(format::count(Lang::Nl, 1_234_567), "1.234.567");
    assert_eq!(format::count(Lang::En, 1_234), "1,234");
    assert_eq!(format::count(Lang::Nl, 900), "900");
    assert_eq!(format::percent(Lang::Nl, 0.1549), "15,5%");
    assert_eq!(format::percent(Lang::En, 0.1549), "15.5%");
    // Halves round away from zero: 76.25 -> 76.3, as the CLI's readers would round.
    assert_eq!(format::percent(Lang::Nl, 0.7625), "76,3%");
}

#[wasm_bindgen_test]
fn the_url_fragment_round_trips_and_ignores_what_it_does_not_know() {
    use app::url_state::{UiState, View};
    let mut state = UiState {
        view: View::Outflow,
        lang: Lang::En,
        neighbourhood: Some("Laakkwartier en Spoorwijk".to_owned()),
        from: chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
        present: true,
        sequence: vec![View::Overview, View::Ladder],
        interval_seconds: 20,
        min_cell: 5,
        ..UiState::default()
    };
    state.groups.insert("gender".to_owned(), "vrouw".to_owned());
    state.impact.attribution_low = 0.1;
    let fragment = state.to_fragment();
    assert_eq!(UiState::from_fragment(&format!("#{fragment}")), state);
    // Defaults stay out of the link; unknown keys and bad values fall back to defaults.
    assert_eq!(UiState::default().to_fragment(), "");
    let odd = UiState::from_fragment("view=nowhere&min_cell=0&colour=red&to=31-02-2024");
    assert_eq!(odd, UiState::default());
    // The settings carry the filters only when asked to.
    assert_eq!(
        state.settings(true).filter.neighbourhoods,
        ["Laakkwartier en Spoorwijk"]
    );
    assert!(state.settings(false).filter.is_empty());
    assert_eq!(state.settings(true).min_cell, 5);
}
