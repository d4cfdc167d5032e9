//! The frame of every page: skip link, header with the Proch'Emploi identity
//! and the platform's name, navigation for the role, and the footer with the
//! Région Hauts-de-France support mention and the legal links.

use leptos::prelude::*;

use crate::api::account::{get_current_user, Logout};
use crate::error::AppError;
use crate::model::{CurrentUser, Role};

/// The session as the pages share it: who is signed in and the sign-out
/// action (every page is rendered on the server for the request's session).
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub logout: ServerAction<Logout>,
}

impl Session {
    /// Creates the session context; call once, under the router.
    pub fn provide() -> Session {
        let logout = ServerAction::<Logout>::new();
        let user = Resource::new(move || logout.version().get(), |_| get_current_user());
        let session = Session { user, logout };
        provide_context(session);
        session
    }
}

/// The session context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn nav_links(user: Option<&CurrentUser>) -> Vec<(&'static str, &'static str)> {
    match user.map(|u| u.role) {
        None => vec![
            ("/", "Accueil"),
            ("/offres", "Offres d'emploi"),
            ("/evenements", "Événements"),
            ("/inscription", "Inscrire mon entreprise"),
        ],
        Some(Role::Company) => vec![
            ("/entreprise", "Mes offres"),
            ("/entreprise/offres/nouvelle", "Déposer une offre"),
            ("/entreprise/candidatures", "Candidatures"),
            ("/entreprise/accompagnement", "Accompagnement RH"),
        ],
        Some(Role::Admin) => {
            let mut links = nav_links_of_staff();
            // A programme is a platform's: admins open one from the
            // annual reports' list.
            links.retain(|(href, _)| *href != "/equipe/programme");
            links.push(("/admin/comptes", "Comptes"));
            links.push(("/admin/journal", "Journal d'audit"));
            links.push(("/admin/logo-financeur", "Logo de la Région"));
            links
        }
        Some(Role::Staff) => nav_links_of_staff(),
        Some(Role::Region) => vec![
            ("/equipe/indicateurs", "Indicateurs des plateformes"),
            ("/equipe/bilans", "Bilans mensuels"),
            ("/equipe/bilan-annuel", "Bilans annuels"),
            ("/equipe/gouvernance", "Gouvernance"),
            ("/region/demandes", "Demandes aux plateformes"),
        ],
        Some(Role::Partner) => vec![
            ("/partenaire", "Offres partagées"),
            ("/partenaire/evenements", "Événements"),
            ("/partenaire/api", "API partenaires"),
        ],
    }
}

/// The menu of the platform's team (admins add the accounts).
fn nav_links_of_staff() -> Vec<(&'static str, &'static str)> {
    vec![
        ("/equipe", "À traiter"),
        ("/equipe/entreprises", "Entreprises"),
        ("/equipe/activite", "Activité"),
        ("/equipe/evenements", "Événements"),
        ("/equipe/candidatures", "Candidatures"),
        ("/equipe/indicateurs", "Indicateurs"),
        ("/equipe/programme", "Programme"),
        ("/equipe/gouvernance", "Gouvernance"),
        ("/equipe/bilan-annuel", "Bilan annuel"),
        ("/equipe/courriels", "Courriels envoyés"),
        ("/equipe/registres", "Registres RGPD"),
    ]
}

#[component]
fn UserNav(user: Option<CurrentUser>) -> impl IntoView {
    let session = use_session();
    let links = nav_links(user.as_ref())
        .into_iter()
        .map(|(href, text)| view! { <li><a href=href>{text}</a></li> })
        .collect_view();
    let account = match user {
        Some(u) => view! {
            <li class="account">
                <a class="who" href="/compte" title="Mon compte">{u.full_name.clone()}<span class="visually-hidden">" ("{u.role.label()}") : mon compte"</span></a>
                <ActionForm action=session.logout attr:class="inline-form">
                    <button type="submit" class="link-button">"Se déconnecter"</button>
                </ActionForm>
            </li>
        }
        .into_any(),
        None => view! { <li class="account"><a href="/connexion">"Se connecter"</a></li> }.into_any(),
    };
    view! {
        <nav aria-label="Navigation principale">
            <ul>{links}{account}</ul>
        </nav>
    }
}

/// The page header.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <div class="brand">
                <a href="/" class="logo">
                    <span class="logo-mark" aria-hidden="true">"PE"</span>
                    <span class="logo-text">"Proch'Emploi"</span>
                </a>
                <Suspense fallback=|| view! { <span class="platform">"Hauts-de-France"</span> }>
                    {move || Suspend::new(async move {
                        let user = session.user.await.ok().flatten();
                        let platform = user
                            .as_ref()
                            .and_then(|u| u.platform_name.clone())
                            .unwrap_or_else(|| "Plateformes Proch'Emploi Entreprises des Hauts-de-France".to_owned());
                        view! {
                            <span class="platform">{platform}</span>
                            <UserNav user=user/>
                        }
                    })}
                </Suspense>
            </div>
        </header>
    }
}

/// The page footer: the Région's logo (its name alone until an admin sets
/// the file), the support mention and the legal links.
#[component]
pub fn Footer() -> impl IntoView {
    let logo = Resource::new(|| (), |_| crate::api::funder::funder_logo_version());
    view! {
        <footer class="site-footer">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    logo.await.ok().flatten().map(|v| view! {
                        <p class="funder-logo"><img src=crate::model::funder::logo_src(v) alt=crate::model::funder::FUNDER_NAME height="64"/></p>
                    })
                })}
            </Suspense>
            <p class="support">
                <strong>"Avec le soutien de la Région Hauts-de-France."</strong>
                " Le dispositif Proch'Emploi Entreprises est financé par la Région Hauts-de-France et porté localement par les intercommunalités."
            </p>
            <nav aria-label="Informations légales">
                <ul>
                    <li><a href="/mentions-legales">"Mentions légales"</a></li>
                    <li><a href="/donnees-personnelles">"Données personnelles"</a></li>
                    <li><a href="/mes-donnees">"Mes données : consulter, télécharger, effacer"</a></li>
                    <li><a href="/accessibilite">"Accessibilité : non conforme"</a></li>
                </ul>
            </nav>
        </footer>
    }
}
