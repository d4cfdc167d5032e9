//! Legal pages: mentions légales, données personnelles, accessibilité.

use leptos::prelude::*;
use leptos_meta::Title;

/// Mentions légales.
#[component]
pub fn LegalNoticePage() -> impl IntoView {
    view! {
        <Title text="Mentions légales"/>
        <article class="prose">
            <h1>"Mentions légales"</h1>
            <h2>"Éditeur"</h2>
            <p>"Le portail Proch'Emploi Entreprises est édité pour le compte de la Région Hauts-de-France par les structures porteuses des plateformes territoriales (intercommunalités), dans le cadre de la convention Proch'Emploi 2026-2028."</p>
            <h2>"Hébergement"</h2>
            <p>"Les données sont hébergées dans l'Union européenne par l'hébergeur désigné par la structure porteuse."</p>
            <h2>"Données de référence"</h2>
            <p>"Communes et intercommunalités : INSEE, DGCL et La Poste, via le paquet decoupage-administratif d'Etalab (Licence Ouverte). Métiers : répertoire ROME de France Travail."</p>
        </article>
    }
}

/// Données personnelles.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Données personnelles"/>
        <article class="prose">
            <h1>"Données personnelles"</h1>
            <p>"La Région Hauts-de-France est responsable du traitement ; chaque plateforme Proch'Emploi agit comme sous-traitant, pour les seules finalités du dispositif : mise en relation des entreprises et des candidats, accompagnement des recrutements, suivi et évaluation de l'activité."</p>
            <h2>"Vos droits"</h2>
            <p>"Vous pouvez demander l'accès, la rectification, l'effacement, la limitation ou la portabilité de vos données auprès de l'équipe de votre plateforme ; votre demande est transmise à la Région sous 72 heures."</p>
            <h2>"Durées de conservation"</h2>
            <p>"Les données des candidats sont conservées au plus deux ans après le dernier contact, conformément aux recommandations de la CNIL."</p>
            <h2>"Cookies"</h2>
            <p>"Le portail n'utilise qu'un cookie de session, indispensable à la connexion. Aucun cookie de mesure d'audience ni de publicité."</p>
        </article>
    }
}

/// Déclaration d'accessibilité.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Accessibilité"/>
        <article class="prose">
            <h1>"Déclaration d'accessibilité"</h1>
            <p>"Le portail Proch'Emploi vise la conformité au RGAA 4.1 (WCAG 2.1 niveau AA). Il est à ce jour "<strong>"partiellement conforme"</strong>" : aucun audit complet n'a encore été réalisé."</p>
            <h2>"Ce qui est fait"</h2>
            <ul>
                <li>"Tous les formulaires fonctionnent sans JavaScript et au clavier ; chaque erreur est annoncée et placée à côté du champ concerné."</li>
                <li>"Contrastes conformes, focus visible, lien d'évitement vers le contenu."</li>
                <li>"Pages utilisables sur téléphone, jusqu'à 320 pixels de large et avec un zoom à 200 %."</li>
            </ul>
            <h2>"Signaler un problème"</h2>
            <p>"Si vous ne pouvez pas accéder à un contenu ou à un service, contactez l'équipe de votre plateforme : elle vous répondra et vous proposera une alternative. Vous pouvez aussi saisir le Défenseur des droits."</p>
        </article>
    }
}
