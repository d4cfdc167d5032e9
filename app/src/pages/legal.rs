//! Legal pages: mentions légales, données personnelles, accessibilité.
//! The publisher, contacts and retention durations come from the server's
//! configuration (the durations are those the retention runs apply).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::public::legal_info;
use crate::model::legal::{duration_words, LegalInfo};
use crate::pages::{loaded, loading};

/// The configured legal details, then the page.
fn with_info(page: fn(LegalInfo) -> AnyView) -> impl IntoView {
    let info = Resource::new(|| (), |_| legal_info());
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move { loaded(info.await, page) })}
        </Suspense>
    }
}

/// Mentions légales.
#[component]
pub fn LegalNoticePage() -> impl IntoView {
    view! {
        <Title text="Mentions légales"/>
        <article class="prose">
            <h1>"Mentions légales"</h1>
            {with_info(|i| view! {
                <h2>"Éditeur"</h2>
                <p>{i.publisher}<br/>{i.publisher_address}</p>
                <p>"Le portail Proch'Emploi Entreprises est exploité pour le compte de la Région Hauts-de-France par les structures porteuses des plateformes territoriales (intercommunalités), dans le cadre de la convention Proch'Emploi 2026-2028."</p>
                <h2>"Directeur ou directrice de la publication"</h2>
                <p>{i.director}</p>
                <h2>"Hébergement"</h2>
                <p>{i.host}</p>
                <h2>"Données personnelles"</h2>
                <p>"Voir la page "<a href="/donnees-personnelles">"Données personnelles"</a>". Délégué à la protection des données : "{i.dpo_contact}"."</p>
            }.into_any())}
            <h2>"Données de référence"</h2>
            <p>"Communes et intercommunalités : INSEE, DGCL et La Poste, via le paquet decoupage-administratif d'Etalab (Licence Ouverte). Métiers : répertoire ROME de France Travail."</p>
        </article>
    }
}

/// Données personnelles: each processing, its legal basis, the durations
/// applied, the rights procedure, the contact.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Données personnelles"/>
        <article class="prose">
            <h1>"Données personnelles"</h1>
            <p>"La Région Hauts-de-France est responsable du traitement ; chaque plateforme Proch'Emploi agit comme sous-traitant, pour les seules finalités du dispositif : mise en relation des entreprises et des candidats, accompagnement des recrutements, suivi et évaluation de l'activité."</p>
            {with_info(|i| view! {
                <h2>"Traitements, bases légales et durées de conservation"</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Traitements">
                    <table class="table">
                        <caption>"Ce que nous faisons de vos données"</caption>
                        <thead><tr><th scope="col">"Traitement"</th><th scope="col">"Base légale"</th><th scope="col">"Conservation"</th></tr></thead>
                        <tbody>
                            <tr><td>"Candidatures aux offres (coordonnées, CV, réponses)"</td><td>"Consentement de la personne"</td><td>{format!("{} après la dernière étape de la candidature, puis anonymisation", duration_words(i.application_days))}</td></tr>
                            <tr><td>"Inscriptions aux événements (coordonnées, situation, réponses, présence)"</td><td>"Consentement de la personne"</td><td>{format!("{} après l'événement, puis anonymisation", duration_words(i.registration_days))}</td></tr>
                            <tr><td>"Situations particulières (publics prioritaires, dont RQTH)"</td><td>"Consentement explicite, distinct"</td><td>"Comme l'inscription ; chiffrées dans la base"</td></tr>
                            <tr><td>"Comptes des entreprises et des partenaires"</td><td>"Exécution de la mission d'intérêt public confiée par la Région"</td><td>"Tant que le compte est actif"</td></tr>
                            <tr><td>"Offres d'emploi, partage et publication"</td><td>"Accord de l'entreprise"</td><td>"Durée de la convention"</td></tr>
                            <tr><td>"Courriels envoyés"</td><td>"Mission d'intérêt public"</td><td>{format!("Texte : {} ; adresse du destinataire : {}", duration_words(i.mail_body_days), duration_words(i.mail_address_days))}</td></tr>
                            <tr><td>"Indicateurs transmis à la Région"</td><td>"Mission d'intérêt public (évaluation du dispositif)"</td><td>"Chiffres anonymes, sans nom ni coordonnées"</td></tr>
                            <tr><td>"Journal d'audit des consultations et modifications"</td><td>"Obligation de sécurité (article 32 du RGPD)"</td><td>"Durée de la convention"</td></tr>
                        </tbody>
                    </table>
                </div>
                <h2>"Vos droits"</h2>
                <p>"Vous avez postulé ou vous êtes inscrit à un événement sans compte ? La page "<a href="/mes-donnees">"Mes données"</a>" vous envoie un lien personnel pour consulter vos données, les télécharger et les effacer vous-même."</p>
                <p>"Pour une rectification, une opposition, une limitation, ou si vous avez un compte, écrivez au délégué à la protection des données : "<strong>{i.dpo_contact.clone()}</strong>". Votre demande est inscrite au registre de la plateforme et transmise à la Région sous 72 heures. Vous pouvez aussi adresser une réclamation à la CNIL."</p>
                <h2>"Sécurité"</h2>
                <p>"Les téléphones, les situations particulières et les CV sont chiffrés dans la base ; chaque consultation d'un CV ou d'un export de personnes est journalisée ; les indicateurs transmis à la Région ne contiennent ni nom ni coordonnées."</p>
            }.into_any())}
            <h2>"Cookies"</h2>
            <p>"Le portail n'utilise que des cookies indispensables : la session de connexion, et pendant une consultation de « Mes données », la session de cette consultation (30 minutes). Aucun cookie de mesure d'audience ni de publicité."</p>
        </article>
    }
}

/// Déclaration d'accessibilité (RGAA model).
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Accessibilité"/>
        <article class="prose">
            <h1>"Déclaration d'accessibilité"</h1>
            <p>"La Région Hauts-de-France s'engage à rendre ses services numériques accessibles, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au portail Proch'Emploi Entreprises."</p>
            <h2>"État de conformité"</h2>
            <p>"Le portail Proch'Emploi Entreprises est "<strong>"non conforme"</strong>" avec le référentiel général d'amélioration de l'accessibilité (RGAA) version 4.1 : aucun audit de conformité n'a encore été réalisé."</p>
            <h2>"Établissement de cette déclaration"</h2>
            <p>"Cette déclaration a été établie le 1er décembre 2026. Technologies utilisées : HTML5, CSS, WebAssembly (facultatif : chaque page fonctionne sans)."</p>
            <p>"Vérifications faites à chaque version : un contrôle automatique (axe-core) de chaque type de page ; tous les formulaires remplis sans JavaScript et au clavier ; pages utilisées sur un écran de 360 pixels de large."</p>
            <h2>"Ce qui est fait"</h2>
            <ul>
                <li>"Tous les formulaires fonctionnent sans JavaScript et au clavier ; chaque erreur est annoncée et placée à côté du champ concerné."</li>
                <li>"Contrastes conformes, focus visible, lien d'évitement vers le contenu."</li>
                <li>"Pages utilisables sur téléphone, jusqu'à 320 pixels de large et avec un zoom à 200 %."</li>
            </ul>
            {with_info(|i| view! {
                <h2>"Retour d'information et contact"</h2>
                <p>"Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez nous écrire à "<strong>{i.accessibility_contact}</strong>" pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme. L'équipe de votre plateforme peut aussi vous inscrire à un événement ou transmettre votre candidature par téléphone."</p>
            }.into_any())}
            <h2>"Voies de recours"</h2>
            <p>"Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez écrire au Défenseur des droits (formulaire en ligne), contacter son délégué dans votre région, ou écrire par courrier gratuit, sans affranchissement : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07."</p>
        </article>
    }
}
