//! Accessible form fields: label, hint, the French error next to the field,
//! and the value typed kept when the page comes back without JavaScript.

use leptos::prelude::*;

use crate::error::{AppError, FormErrors};

/// The (code, French label) options of a closed set of values, for
/// selects and radio groups.
pub fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), label(*v).to_owned()))
        .collect()
}

/// The `aria-describedby` of a field: its hint and its error, if any.
fn described_by(
    name: &'static str,
    has_hint: bool,
    msg: impl Fn() -> Option<String> + Copy,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if msg().is_some() {
            ids.push(format!("{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The errors of the last submission of a form, as a signal.
pub type ErrorsSignal = Signal<Option<AppError>>;

/// The error signal of a server action.
pub fn action_errors<S>(value: S) -> ErrorsSignal
where
    S: Get<Value = Option<Result<(), AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

fn field_errors(errors: ErrorsSignal) -> impl Fn() -> Option<FormErrors> + Copy {
    move || errors.get().and_then(|e| e.form_errors().cloned())
}

/// The message of a field, if refused.
fn message(errors: ErrorsSignal, name: &'static str) -> impl Fn() -> Option<String> + Copy {
    let fe = field_errors(errors);
    move || fe().and_then(|e| e.fields.get(name).cloned())
}

/// The value typed in a field, as the server sent it back.
fn kept(errors: ErrorsSignal, name: &'static str, initial: Option<String>) -> impl Fn() -> String {
    let fe = field_errors(errors);
    move || {
        fe().and_then(|e| e.values.get(name).cloned())
            .or_else(|| initial.clone())
            .unwrap_or_default()
    }
}

/// A list of the refused fields at the top of a form, with links to them;
/// and the message of any other error.
#[component]
pub fn FormAlert(errors: ErrorsSignal) -> impl IntoView {
    move || {
        errors.get().map(|err| match err.form_errors() {
            Some(fe) => {
                let items = fe
                    .fields
                    .iter()
                    .map(|(field, msg)| {
                        let href = format!("#{field}");
                        view! { <li><a href=href>{msg.clone()}</a></li> }
                    })
                    .collect_view();
                view! {
                    <div class="alert alert-error" role="alert" tabindex="-1">
                        <p><strong>{err.to_string()}</strong></p>
                        <ul>{items}</ul>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <div class="alert alert-error" role="alert">
                    <p>{err.to_string()}</p>
                </div>
            }
            .into_any(),
        })
    }
}

/// A one-line input.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    errors: ErrorsSignal,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] initial: Option<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let msg = message(errors, name);
    let described = described_by(name, hint.is_some(), msg);
    // Passwords are never sent back.
    let value = (kind != "password").then(|| kept(errors, name, initial));
    view! {
        <div class="field" class:field-invalid=move || msg().is_some()>
            <label for=name>{label}{required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
            {move || msg().map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })}
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                list=list
                inputmode=inputmode
                aria-required=required.then_some("true")
                aria-invalid=move || msg().map(|_| "true")
                aria-describedby=described
                value=value.map(|v| v())
            />
        </div>
    }
}

/// A multi-line input.
#[component]
pub fn TextArea(
    name: &'static str,
    #[prop(into)] label: String,
    errors: ErrorsSignal,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] initial: Option<String>,
) -> impl IntoView {
    let msg = message(errors, name);
    let value = kept(errors, name, initial);
    let described = described_by(name, hint.is_some(), msg);
    view! {
        <div class="field" class:field-invalid=move || msg().is_some()>
            <label for=name>{label}{required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
            {move || msg().map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })}
            <textarea
                id=name
                name=name
                rows=rows
                aria-required=required.then_some("true")
                aria-invalid=move || msg().map(|_| "true")
                aria-describedby=described
            >{value()}</textarea>
        </div>
    }
}

/// A choice among options (value, label), as a `<select>`.
#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    errors: ErrorsSignal,
    options: Vec<(String, String)>,
    #[prop(optional)] required: bool,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] initial: Option<String>,
) -> impl IntoView {
    let msg = message(errors, name);
    let selected = kept(errors, name, initial)();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:field-invalid=move || msg().is_some()>
            <label for=name>{label}{required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {move || msg().map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })}
            <select
                id=name
                name=name
                aria-required=required.then_some("true")
                aria-invalid=move || msg().map(|_| "true")
                aria-describedby=move || msg().map(|_| format!("{name}-error"))
            >
                {placeholder.map(|p| view! { <option value="">{p}</option> })}
                {options}
            </select>
        </div>
    }
}

/// A choice among options as radio buttons in a fieldset.
#[component]
pub fn RadioGroup(
    name: &'static str,
    legend: &'static str,
    errors: ErrorsSignal,
    options: Vec<(String, String)>,
    #[prop(optional)] required: bool,
    #[prop(optional)] initial: Option<String>,
) -> impl IntoView {
    let msg = message(errors, name);
    let selected = kept(errors, name, initial)();
    let options = options
        .into_iter()
        .enumerate()
        .map(|(i, (value, text))| {
            let id = if i == 0 {
                name.to_owned()
            } else {
                format!("{name}-{i}")
            };
            let checked = value == selected;
            view! {
                <div class="radio">
                    <input type="radio" id=id.clone() name=name value=value checked=checked/>
                    <label for=id>{text}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="field"
            class:field-invalid=move || msg().is_some()
            aria-describedby=move || msg().map(|_| format!("{name}-error"))
        >
            <legend>{legend}{required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</legend>
            {move || msg().map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })}
            {options}
        </fieldset>
    }
}

/// A box to tick (it sends `oui` when ticked, nothing otherwise).
#[component]
pub fn CheckboxField(
    name: &'static str,
    label: &'static str,
    errors: ErrorsSignal,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] initial: Option<String>,
) -> impl IntoView {
    let msg = message(errors, name);
    let checked = kept(errors, name, initial)() == crate::model::CHECKED;
    let described = described_by(name, hint.is_some(), msg);
    view! {
        <div class="field checkbox" class:field-invalid=move || msg().is_some()>
            {move || msg().map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })}
            <input
                type="checkbox"
                id=name
                name=name
                value=crate::model::CHECKED
                checked=checked
                aria-invalid=move || msg().map(|_| "true")
                aria-describedby=described
            />
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
        </div>
    }
}
