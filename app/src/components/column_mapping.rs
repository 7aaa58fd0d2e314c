//! Mapping columns by hand when a required column is not recognised: one choice per missing
//! column among the headers the file has; the file is then read again with that mapping.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::protocol::{Failure, Request};
use crate::state::{BridgeHandle, Source};

/// Shown when the file lacks required columns; hidden otherwise.
#[component]
pub fn ColumnMapping(
    lang: Signal<Lang>,
    source: RwSignal<Source>,
    bridge: BridgeHandle,
) -> impl IntoView {
    let chosen = RwSignal::new(BTreeMap::<String, String>::new());
    move || {
        let lang = lang.get();
        let (name, dataset, failure) = source.with(|source| {
            (
                source.name.clone(),
                source.dataset,
                source.loaded.clone().and_then(Result::err),
            )
        });
        let Some(Failure {
            missing: Some((missing, found)),
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
            let request = Request::Load {
                name: name.clone(),
                sample: false,
                again: true,
                mapping: chosen
                    .get()
                    .into_iter()
                    .filter(|(_, header)| !header.is_empty())
                    .collect(),
            };
            source.set(Source {
                dataset,
                name: name.clone(),
                loaded: None,
            });
            bridge.with_value(|bridge| bridge.send(&request, None));
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
