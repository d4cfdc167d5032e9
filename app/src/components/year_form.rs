//! The GET form that chooses the year of a page of the yearly cycle
//! (keeping the platform the Région reads).

use leptos::prelude::*;

/// "Année" and a button; `platform` is kept for the Région.
#[component]
pub fn YearForm(
    action: &'static str,
    year: i32,
    #[prop(default = None)] platform: Option<i64>,
    #[prop(default = None)] period: Option<&'static str>,
) -> impl IntoView {
    view! {
        <form method="get" action=action class="filters" aria-label="Année">
            <div class="field">
                <label for="annee">"Année"</label>
                <input id="annee" name="annee" inputmode="numeric" value=year.to_string() size="6"/>
            </div>
            {platform.map(|p| view! { <input type="hidden" name="plateforme" value=p.to_string()/> })}
            {period.map(|p| view! { <input type="hidden" name="periode" value=p/> })}
            <button type="submit" class="button button-secondary">"Afficher l'année"</button>
        </form>
    }
}

/// The query value of a page, if set.
pub fn query_value(
    key: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let query = leptos_router::hooks::use_query_map();
    move || query.read().get(key).filter(|v| !v.is_empty())
}
