//! Mapping columns by hand when a required column is not recognised: one choice per missing
//! column among the headers the file has; the file is then read again with that mapping.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::state::{Failure, Source};

/// Shown when the file lacks required columns; hidden otherwise.
#[component]
pub fn ColumnMapping(lang: Signal<Lang>, source: RwSignal<Source>) -> impl IntoView {
    let chosen = RwSignal::new(BTreeMap::<String, String>::new());
    move || {
        let lang = lang.get();
        let (name, dataset, failure) = source.with(|source| {
            (
                source.name.clone(),
                source.dataset,
                source.records.clone().err(),
            )
        });
        let Some(Failure {
            missing: Some((missing, found)),
            bytes: Some(bytes),
            ..
        }) = failure
        else {
            return None;
        };
        let selects = missing
            .iter()
            .map(|column| {
                let canonical = column.column.clone();
                let options = found
                    .iter()
                    .map(|header| view! { <option value=header.clone()>{header.clone()}</option> })
                    .collect_view();
                let id = format!("map-{canonical}");
                let for_change = canonical.clone();
                view! {
                    <p>
                        <label for=id.clone()>{canonical.clone()} " (" {column.would_match.join(", ")} ")"</label>
                        " "
                        <select id=id on:change=move |event| {
                            let header = event_target_value(&event);
                            chosen.update(|chosen| { chosen.insert(for_change.clone(), header); });
                        }>
                            <option value="">{t(lang, Text::ChooseColumn)}</option>
                            {options}
                        </select>
                    </p>
                }
            })
            .collect_view();
        let apply = move |_| {
            let settings = analytics::Settings {
                column_mapping: chosen
                    .get()
                    .into_iter()
                    .filter(|(_, header)| !header.is_empty())
                    .collect(),
                ..Default::default()
            };
            source.set(Source::load(
                dataset,
                name.clone(),
                bytes.0.to_vec(),
                &settings,
            ));
        };
        Some(view! {
            <section id="column-mapping" class="mapping">
                <h2>{t(lang, Text::ColumnMappingTitle)}</h2>
                <p>{t(lang, Text::ColumnMappingExplain)}</p>
                {selects}
                <button id="apply-mapping" on:click=apply>{t(lang, Text::ApplyMapping)}</button>
            </section>
        })
    }
}
