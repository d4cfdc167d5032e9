//! The French texts of the e-mails about an account: confirming the
//! address, resetting the password, a lock-out after failed sign-ins.

use super::templates::{Mail, SIGNATURE};

/// To a new account: confirm the address before the account works.
pub fn confirm_address(link: &str) -> Mail {
    Mail {
        subject: "Confirmez votre adresse pour activer votre espace Proch'Emploi".into(),
        body: format!(
            "Bonjour,\n\nPour activer l'espace de votre entreprise sur le portail Proch'Emploi \
             Entreprises, confirmez votre adresse e-mail (lien valable 48 heures, utilisable une fois) :\n\
             {link}\n\nSi vous n'avez rien demandé, ignorez ce message : aucun compte ne sera activé.{SIGNATURE}"
        ),
    }
}

/// To an address that already has an account, when someone signs up with it.
pub fn signup_with_known_address(login: &str, reset: &str) -> Mail {
    Mail {
        subject: "Votre adresse a déjà un espace Proch'Emploi".into(),
        body: format!(
            "Bonjour,\n\nQuelqu'un a voulu créer un espace Proch'Emploi avec votre adresse e-mail, \
             qui en a déjà un. Si c'était vous, connectez-vous : {login}\n\
             Mot de passe oublié : {reset}\n\nSinon, ignorez ce message : rien n'a changé.{SIGNATURE}"
        ),
    }
}

/// To an account: the link that sets a new password.
pub fn password_reset(link: &str) -> Mail {
    Mail {
        subject: "Choisir un nouveau mot de passe Proch'Emploi".into(),
        body: format!(
            "Bonjour,\n\nPour choisir un nouveau mot de passe, suivez ce lien (valable 1 heure, \
             utilisable une fois) :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message : \
             votre mot de passe reste le même.{SIGNATURE}"
        ),
    }
}

/// To an account: sign-ins are blocked for a while after failures.
pub fn locked_out(minutes: i64, reset: &str) -> Mail {
    Mail {
        subject: "Connexions bloquées sur votre compte Proch'Emploi".into(),
        body: format!(
            "Bonjour,\n\nPlusieurs mots de passe erronés ont été saisis pour votre compte : par \
             sécurité, les connexions sont bloquées pendant {minutes} minute(s).\n\n\
             Si ce n'était pas vous, changez votre mot de passe dès que possible : {reset}{SIGNATURE}"
        ),
    }
}

/// To an account: its password was changed.
pub fn password_changed(reset: &str) -> Mail {
    Mail {
        subject: "Votre mot de passe Proch'Emploi a été changé".into(),
        body: format!(
            "Bonjour,\n\nLe mot de passe de votre compte vient d'être changé, et les autres \
             sessions ouvertes ont été fermées.\n\nSi ce n'était pas vous, choisissez un nouveau \
             mot de passe : {reset}{SIGNATURE}"
        ),
    }
}

/// To an address that already has an account, invited by a company.
pub fn invitation_to_known_address(company: &str, invited_by: &str, login: &str) -> Mail {
    Mail {
        subject: format!("{invited_by} vous invite sur l'espace Proch'Emploi de {company}"),
        body: format!(
            "Bonjour,\n\n{invited_by} a voulu vous inviter dans l'espace de {company} sur le portail \
             Proch'Emploi Entreprises, mais votre adresse a déjà un compte. Un compte ne peut \
             appartenir qu'à une entreprise : si vous devez rejoindre {company}, demandez à l'équipe \
             de votre plateforme de vous y rattacher.\n\nVous connecter : {login}{SIGNATURE}"
        ),
    }
}

/// To a person who asked, on "Mes données", to see their data.
pub fn rights_link(link: &str) -> Mail {
    Mail {
        subject: "Vos données sur Proch'Emploi Entreprises".into(),
        body: format!(
            "Bonjour,\n\nVous avez demandé à consulter les données que les plateformes Proch'Emploi \
             Entreprises détiennent sur vous. Suivez ce lien (valable 1 heure, utilisable une fois) \
             pour les voir, les télécharger ou les effacer :\n{link}\n\nSi vous n'avez rien demandé, \
             ignorez ce message : personne d'autre que vous ne reçoit ce lien.{SIGNATURE}"
        ),
    }
}

/// To the platform's staff: the owner of a company they created asks for
/// its space.
pub fn claim_for_staff(company: &str, person: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Demande d'accès à l'espace de {company}"),
        body: format!(
            "Bonjour,\n\n{person} s'est inscrit avec le SIRET de {company}, entreprise que \
             l'équipe a créée sur la plateforme, et demande à ouvrir son espace.\n\nVérifiez qu'il \
             s'agit bien de la bonne personne, puis ouvrez l'accès ou refusez la demande depuis la \
             fiche de l'entreprise : {link}{SIGNATURE}"
        ),
    }
}

/// To the owner whose claim the team approved: confirm the address.
pub fn claim_approved(company: &str, person: &str, link: &str) -> Mail {
    Mail {
        subject: format!("L'espace de {company} vous est ouvert"),
        body: format!(
            "Bonjour {person},\n\nL'équipe de votre plateforme Proch'Emploi, que vous avez \
             rencontrée, a vérifié votre demande : l'espace de {company} sur le portail vous est \
             ouvert. Vous y retrouverez ce que l'équipe y a déjà noté avec vous, et pourrez y \
             déposer vos offres.\n\nConfirmez votre adresse pour y entrer (lien valable 48 heures, \
             utilisable une fois) ; votre mot de passe est celui choisi à l'inscription :\n{link}{SIGNATURE}"
        ),
    }
}

/// To the person whose claim the team refused.
pub fn claim_refused(company: &str) -> Mail {
    Mail {
        subject: format!("Votre demande d'accès à l'espace de {company}"),
        body: format!(
            "Bonjour,\n\nL'équipe de la plateforme Proch'Emploi n'a pas pu valider votre demande \
             d'accès à l'espace de {company}. Si vous travaillez pour cette entreprise, répondez à \
             ce message ou appelez la plateforme : elle vous ouvrira l'accès après vérification.{SIGNATURE}"
        ),
    }
}
