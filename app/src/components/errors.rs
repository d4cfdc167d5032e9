//! Error pages and panels: 401, 403, 404 and server errors, in French, with
//! the HTTP status set during server rendering.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use crate::error::AppError;

/// Sets the response status while rendering on the server.
pub fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_code),
    ) {
        res.set_status(code);
    }
}

/// What a page shows in place of its content when loading it failed.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    set_status(error.status());
    match error {
        AppError::Unauthenticated => view! { <SignInRequired/> }.into_any(),
        AppError::Forbidden => view! { <Forbidden/> }.into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        other => {
            view! { <ErrorPage title="Une erreur est survenue" text=other.to_string()/> }.into_any()
        }
    }
}

/// A page that says what went wrong and leads back home.
#[component]
fn ErrorPage(title: &'static str, #[prop(into)] text: String) -> impl IntoView {
    view! {
        <Title text=title/>
        <section class="error-page" aria-labelledby="error-title">
            <h1 id="error-title">{title}</h1>
            <p>{text}</p>
            <p><a href="/">"Revenir à l'accueil"</a></p>
        </section>
    }
}

/// What a link from an e-mail shows when it opens nothing (unknown, used
/// or expired): 410, and why.
#[component]
pub fn LinkRefused(
    /// The heading's id (the section is labelled by it).
    id: &'static str,
    message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    set_status(410);
    view! {
        <h1 id=id>"Lien non valable"</h1>
        <p>{message}</p>
        {children.map(|c| c())}
    }
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! { <ErrorPage title="Page introuvable" text="La page demandée n'existe pas ou a été déplacée."/> }
}

/// The 403 page.
#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    view! {
        <ErrorPage
            title="Accès refusé"
            text="Votre compte ne permet pas d'accéder à cette page. Si vous pensez que c'est une erreur, contactez l'équipe de votre plateforme Proch'Emploi."
        />
    }
}

/// Shown when a page needs a session: a link to sign in and come back.
#[component]
pub fn SignInRequired() -> impl IntoView {
    set_status(401);
    let location = use_location();
    let href = move || {
        let here = location.pathname.get();
        format!("/connexion?next={}", urlencode(&here))
    };
    view! {
        <Title text="Connexion requise"/>
        <section class="error-page" aria-labelledby="error-title">
            <h1 id="error-title">"Connexion requise"</h1>
            <p>"Cette page est réservée aux comptes de la plateforme."</p>
            <p><a class="button" href=href>"Se connecter"</a></p>
        </section>
    }
}

/// Percent-encodes a path for a query string.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::urlencode;

    #[test]
    fn encodes_query_characters() {
        assert_eq!(urlencode("/equipe/offres/3"), "/equipe/offres/3");
        assert_eq!(urlencode("/a?b=c&d"), "/a%3Fb%3Dc%26d");
    }
}
