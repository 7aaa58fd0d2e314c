//! Loading and the full report on generated participant files (about 4 rows per participant):
//! `cargo bench -p analytics --bench pipeline`. Sizes: 100k and 1M rows by default; set
//! `WIJKWAARDE_BENCH_ROWS=10000000` (comma-separated) for others. Figures go in the notes.

// Criterion and the generator are native-only dev-dependencies; on wasm32 this is empty.
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use analytics::{analyse, load::load_participants, Settings};
    use criterion::{criterion_group, Criterion, Throughput};
    use generator::{generate, Options, Style};

    fn sizes() -> Vec<usize> {
        std::env::var("WIJKWAARDE_BENCH_ROWS")
            .ok()
            .map(|rows| {
                rows.split(',')
                    .filter_map(|n| n.trim().parse().ok())
                    .collect()
            })
            .unwrap_or_else(|| vec![100_000, 1_000_000])
    }

    fn pipeline(criterion: &mut Criterion) {
        let settings = Settings::default();
        for rows in sizes() {
            let bytes = generate(&Options {
                participants: rows / 4,
                seed: 1,
                style: Style::Tidy,
            });
            let mut group = criterion.benchmark_group(format!("{rows} rows"));
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20))
                .warm_up_time(Duration::from_secs(1));
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            group.bench_function("load and validate", |bench| {
                bench.iter(|| load_participants(black_box(&bytes), &settings).unwrap())
            });
            group.bench_function("full report", |bench| {
                bench.iter(|| analyse(black_box(&bytes), &settings).unwrap())
            });
            group.finish();
        }
    }

    criterion_group!(benches, pipeline);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);
