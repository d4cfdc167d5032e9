//! The public home page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::use_session;

/// What Proch'Emploi offers, and where each kind of user goes.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Accueil"/>
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">"Recrutez près de chez vous avec Proch'Emploi"</h1>
            <p class="lead">
                "Les plateformes Proch'Emploi Entreprises accompagnent les TPE et PME des Hauts-de-France : "
                "vos offres d'emploi, même confidentielles, sont relayées auprès de France Travail, des Missions locales "
                "et de Cap emploi, et une équipe de proximité vous aide à recruter."
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let user = session.user.await.ok().flatten();
                    match user {
                        Some(u) => view! {
                            <p><a class="button" href=u.home_path()>"Aller à mon espace"</a></p>
                        }.into_any(),
                        None => view! {
                            <p class="actions">
                                <a class="button" href="/inscription">"Inscrire mon entreprise"</a>
                                <a class="button button-secondary" href="/connexion">"Se connecter"</a>
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="columns" aria-label="Nos services">
            <article class="card">
                <h2>"Vos offres, même cachées"</h2>
                <p>"Déposez un besoin de recrutement en quelques minutes : l'équipe le relit et le partage avec les partenaires de l'emploi de votre territoire."</p>
            </article>
            <article class="card">
                <h2>"Un accompagnement sur mesure"</h2>
                <p>"Sourcing, présélection, parcours de formation, job datings : la plateforme s'adapte à vos besoins de petite entreprise."</p>
            </article>
            <article class="card">
                <h2>"Les partenaires mobilisés"</h2>
                <p>"France Travail, Missions locales, Cap emploi et les acteurs de l'insertion voient les offres qui leur sont confiées et positionnent des candidats."</p>
            </article>
        </section>
    }
}
