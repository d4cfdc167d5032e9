//! Drafts kept in the browser (local storage) while a person types a long
//! form, restored after a crash or a closed tab, cleared once submitted.
//! Without JavaScript nothing is kept: the server sends back what was typed
//! when it refuses a form.

use leptos::prelude::*;

/// Saves the listed fields of the page under `key`.
pub fn save(_key: &str, _fields: &[String]) {
    #[cfg(feature = "hydrate")]
    browser::save(_key, _fields);
}

/// Fills the listed fields from the draft under `key`; whether one existed.
pub fn restore(_key: &str, _fields: &[String]) -> bool {
    #[cfg(feature = "hydrate")]
    return browser::restore(_key, _fields);
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Forgets the draft under `key`.
pub fn clear(_key: &str) {
    #[cfg(feature = "hydrate")]
    <gloo_storage::LocalStorage as gloo_storage::Storage>::delete(_key);
}

/// The fields of a form kept as a draft under `key` (an island): the draft
/// is restored when the form appears, which the notice says with a button
/// to discard it, and saved at every change. `children` are the fields.
#[island]
pub fn DraftForm(key: String, fields: Vec<String>, children: Children) -> impl IntoView {
    let restored = RwSignal::new(false);
    let (key, fields) = (StoredValue::new(key), StoredValue::new(fields));
    Effect::new(move |_| {
        if restore(&key.read_value(), &fields.read_value()) {
            restored.set(true);
        }
    });
    let discard = move |_| {
        clear(&key.read_value());
        restored.set(false);
    };
    let keep = move |_| save(&key.read_value(), &fields.read_value());
    view! {
        <Show when=move || restored.get()>
            <div class="alert alert-success draft-notice" role="status">
                <p>"Nous avons retrouvé le brouillon de votre offre : vos saisies sont restaurées."</p>
                <button type="button" class="link-button" on:click=discard>"Ne pas garder ce brouillon"</button>
            </div>
        </Show>
        <div class="form" on:input=keep on:change=keep>
            {children()}
        </div>
    }
}

/// Forgets the draft under `key` as soon as the page shows (an island, on
/// the page that confirms the form was sent).
#[island]
pub fn DraftSent(key: String) -> impl IntoView {
    Effect::new(move |_| clear(&key));
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::collections::BTreeMap;

    use gloo_storage::{LocalStorage, Storage};
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

    fn document() -> Option<web_sys::Document> {
        web_sys::window().and_then(|w| w.document())
    }

    fn read(doc: &web_sys::Document, name: &str) -> Option<String> {
        let checked = doc
            .query_selector(&format!("input[type=radio][name=\"{name}\"]:checked"))
            .ok()
            .flatten();
        if let Some(radio) = checked.and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
            return Some(radio.value());
        }
        let el = doc.get_element_by_id(name)?;
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            return match i.type_().as_str() {
                "radio" => None,
                "checkbox" => Some(if i.checked() {
                    i.value()
                } else {
                    String::new()
                }),
                _ => Some(i.value()),
            };
        }
        if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
            return Some(t.value());
        }
        el.dyn_ref::<HtmlSelectElement>().map(|s| s.value())
    }

    fn write(doc: &web_sys::Document, name: &str, value: &str) {
        let radio = doc
            .query_selector(&format!("input[type=radio][name=\"{name}\"]"))
            .ok()
            .flatten();
        if radio.is_some() {
            for i in 0..16 {
                let id = if i == 0 {
                    name.to_owned()
                } else {
                    format!("{name}-{i}")
                };
                if let Some(r) = doc
                    .get_element_by_id(&id)
                    .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
                {
                    r.set_checked(r.value() == value);
                }
            }
            return;
        }
        let Some(el) = doc.get_element_by_id(name) else {
            return;
        };
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            if i.type_() == "checkbox" {
                i.set_checked(i.value() == value);
            } else {
                i.set_value(value);
            }
        } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
            t.set_value(value);
        } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
            s.set_value(value);
        }
    }

    pub fn save(key: &str, fields: &[String]) {
        let Some(doc) = document() else { return };
        let values: BTreeMap<String, String> = fields
            .iter()
            .filter_map(|f| read(&doc, f).map(|v| (f.clone(), v)))
            .collect();
        let _ = LocalStorage::set(key, values);
    }

    pub fn restore(key: &str, fields: &[String]) -> bool {
        let Ok(values) = LocalStorage::get::<BTreeMap<String, String>>(key) else {
            return false;
        };
        let Some(doc) = document() else { return false };
        let mut any = false;
        for f in fields {
            if let Some(v) = values.get(f) {
                write(&doc, f, v);
                any |= !v.is_empty();
            }
        }
        any
    }
}
