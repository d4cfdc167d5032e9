//! The French texts of the e-mails the portal sends.

/// Subject and body of an e-mail.
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// The closing lines of every e-mail.
pub(crate) const SIGNATURE: &str = "\n\n--\nL'équipe de votre plateforme Proch'Emploi Entreprises\nAvec le soutien de la Région Hauts-de-France\n";

/// To the company: its offer was validated.
pub fn offer_published(title: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Votre offre « {title} » est validée"),
        body: format!(
            "Bonjour,\n\nVotre offre « {title} » a été validée par l'équipe de la plateforme. \
             Elle peut maintenant être partagée avec les partenaires de l'emploi de votre territoire.\n\n\
             Suivre votre offre : {link}{SIGNATURE}"
        ),
    }
}

/// To the company: its offer was refused, with the reason.
pub fn offer_rejected(title: &str, reason: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Votre offre « {title} » n'a pas été retenue"),
        body: format!(
            "Bonjour,\n\nL'équipe de la plateforme n'a pas retenu votre offre « {title} ».\n\n\
             Motif : {reason}\n\nVos offres : {link}{SIGNATURE}"
        ),
    }
}

/// To the company: the team asks for changes.
pub fn offer_changes_requested(title: &str, message: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Modifications demandées sur votre offre « {title} »"),
        body: format!(
            "Bonjour,\n\nL'équipe de la plateforme vous demande de modifier votre offre « {title} » avant de la valider.\n\n\
             Message de l'équipe : {message}\n\nModifier l'offre : {link}{SIGNATURE}"
        ),
    }
}

/// To a colleague: an invitation to join the company's account.
pub fn invitation(company: &str, invited_by: &str, link: &str) -> Mail {
    Mail {
        subject: format!("{invited_by} vous invite sur l'espace Proch'Emploi de {company}"),
        body: format!(
            "Bonjour,\n\n{invited_by} vous invite à rejoindre l'espace de {company} sur le portail \
             Proch'Emploi Entreprises, pour suivre ensemble vos offres d'emploi.\n\n\
             Créer votre accès (lien valable 7 jours, utilisable une fois) : {link}\n\n\
             Si vous ne connaissez pas cette entreprise, ignorez ce message.{SIGNATURE}"
        ),
    }
}

/// To the owner of a company the platform's team met and recorded: the
/// link that opens its space.
pub fn owner_invitation(company: &str, staff: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Votre espace {company} sur le portail Proch'Emploi"),
        body: format!(
            "Bonjour,\n\nSuite à notre échange, {staff}, de l'équipe de votre plateforme \
             Proch'Emploi, a enregistré {company} sur le portail Proch'Emploi Entreprises. Vous y \
             retrouverez ce que nous avons noté ensemble, pourrez y déposer vos offres d'emploi \
             et suivre l'accompagnement de la plateforme.\n\nOuvrir l'espace de votre entreprise \
             (lien valable 7 jours, utilisable une fois) : {link}\n\nUne question, ou vous ne \
             représentez pas cette entreprise ? Répondez simplement à ce message.{SIGNATURE}"
        ),
    }
}

/// To the company: its offer expires soon; the link extends or closes it
/// without signing in.
pub fn offer_expiry_reminder(title: &str, expires_on: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Votre offre « {title} » expire le {expires_on}"),
        body: format!(
            "Bonjour,\n\nVotre offre « {title} » sera retirée le {expires_on}.\n\n\
             Le poste est toujours à pourvoir ? Prolongez-la. Vous avez recruté, ou le besoin a \
             disparu ? Clôturez-la, cela nous aide à mesurer ce que la plateforme apporte.\n\n\
             Prolonger ou clôturer l'offre, sans vous connecter : {link}\n\
             (lien personnel, valable 30 jours, utilisable une fois){SIGNATURE}"
        ),
    }
}

/// To the company: its offer closed, did it hire, and through whom?
pub fn outcome_survey(title: &str, status: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Votre offre « {title} » : avez-vous recruté ?"),
        body: format!(
            "Bonjour,\n\nVotre offre « {title} » est {status}. Avez-vous recruté pour ce poste, \
             et par quel moyen ? Vos réponses (une minute, sans vous connecter) nous aident à \
             mesurer ce que la plateforme et ses partenaires apportent aux entreprises du territoire.\n\n\
             Répondre à l'enquête : {link}\n\
             (lien personnel, valable 60 jours){SIGNATURE}"
        ),
    }
}

/// To the company: its support request moved to a new step.
pub fn support_step(kind: &str, step: &str, outcome: Option<&str>, link: &str) -> Mail {
    let outcome = outcome
        .map(|o| format!("\n\nRésultat : {o}"))
        .unwrap_or_default();
    Mail {
        subject: format!("Votre demande « {kind} » : {step}"),
        body: format!(
            "Bonjour,\n\nVotre demande « {kind} » est passée à l'étape : {step}.{outcome}\n\n\
             Suivre vos demandes : {link}{SIGNATURE}"
        ),
    }
}

/// To a candidate: registered, with a seat or on the waiting list.
pub fn registration(
    title: &str,
    when: &str,
    place: &str,
    waiting_rank: Option<i64>,
    link: &str,
    ics: &str,
    door: &str,
) -> Mail {
    let (subject, status) = match waiting_rank {
        None => (
            format!("Inscription confirmée : {title}"),
            "Votre inscription est confirmée : une place vous attend.".to_owned(),
        ),
        Some(rank) => (
            format!("Liste d'attente : {title}"),
            format!(
                "L'événement est complet : vous êtes en position {rank} sur la liste d'attente. \
                 Si une place se libère, elle vous est attribuée automatiquement et nous vous prévenons."
            ),
        ),
    };
    Mail {
        subject,
        body: format!(
            "Bonjour,\n\n{status}\n\n{title}\n{when}\n{place}\n\n{door}\n\n\
             Ajouter à votre agenda : {ics}\n\
             Voir ou annuler votre inscription : {link}\n\n\
             Si vous ne pouvez pas venir, annulez : votre place ira à la personne suivante.{SIGNATURE}"
        ),
    }
}

/// To a candidate on the waiting list: a seat was freed for them (with a
/// new personal link, which replaces the earlier one).
pub fn registration_promoted(
    title: &str,
    when: &str,
    place: &str,
    ics: &str,
    link: &str,
    door: &str,
) -> Mail {
    Mail {
        subject: format!("Une place s'est libérée : {title}"),
        body: format!(
            "Bonjour,\n\nBonne nouvelle : une place s'est libérée et elle est pour vous. \
             Votre inscription est confirmée.\n\n{title}\n{when}\n{place}\n\n{door}\n\n\
             Ajouter à votre agenda : {ics}\n\
             Voir ou annuler votre inscription : {link}\n\
             (ce lien remplace celui de vos e-mails précédents)\n\n\
             Si vous ne pouvez pas venir, annulez : votre place ira à la personne suivante.{SIGNATURE}"
        ),
    }
}

/// To everyone registered: the event's date, time or place changed.
pub fn event_changed(
    title: &str,
    before: &str,
    when: &str,
    place: &str,
    link: &str,
    door: &str,
) -> Mail {
    Mail {
        subject: format!("Changement : {title}"),
        body: format!(
            "Bonjour,\n\nL'événement auquel vous êtes inscrit change :\n\n{title}\n\
             Nouvelle date : {when}\nLieu : {place}\n(prévu auparavant : {before})\n\n{door}\n\n\
             Votre inscription est maintenue. Si vous ne pouvez plus venir, annulez : votre place \
             ira à la personne suivante.\nVoir ou annuler votre inscription : {link}\n\
             (ce lien remplace celui de vos e-mails précédents){SIGNATURE}"
        ),
    }
}

/// To everyone registered: the event is cancelled, and why.
pub fn event_cancelled(title: &str, when: &str, reason: &str) -> Mail {
    Mail {
        subject: format!("Annulation : {title}"),
        body: format!(
            "Bonjour,\n\nNous sommes désolés : l'événement « {title} » prévu {when} est annulé.\n\n\
             Motif : {reason}\n\nVotre inscription est annulée ; vous n'avez rien à faire. \
             Retrouvez les prochains événements sur le portail.{SIGNATURE}"
        ),
    }
}

/// To a candidate, two days before the event (with a new personal link,
/// which replaces the earlier one).
pub fn event_reminder(title: &str, when: &str, place: &str, link: &str, door: &str) -> Mail {
    Mail {
        subject: format!("Rappel : {title}"),
        body: format!(
            "Bonjour,\n\nNous vous attendons :\n\n{title}\n{when}\n{place}\n\n{door}\n\n\
             Si vous ne pouvez plus venir, annulez : votre place ira à la personne suivante.\n\
             Voir ou annuler votre inscription : {link}\n\
             (ce lien remplace celui de vos e-mails précédents){SIGNATURE}"
        ),
    }
}

/// To a candidate: the application was not retained (no reason given:
/// what staff or the company wrote stays theirs).
pub fn application_not_retained(title: &str, why: Option<&str>) -> Mail {
    let why = why.map(|w| format!(" : {w}")).unwrap_or_default();
    Mail {
        subject: format!("Votre candidature : {title}"),
        body: format!(
            "Bonjour,\n\nNous vous remercions de l'intérêt que vous avez porté à l'offre « {title} ». \
             Votre candidature n'a pas été retenue pour ce poste{why}.\n\n\
             D'autres offres vous attendent peut-être sur le portail, et l'équipe de la plateforme \
             reste à votre disposition pour vous orienter.{SIGNATURE}"
        ),
    }
}

/// To a candidate: the application arrived.
pub fn application_received(title: &str) -> Mail {
    Mail {
        subject: format!("Candidature reçue : {title}"),
        body: format!(
            "Bonjour,\n\nVotre candidature à l'offre « {title} » est bien reçue. L'équipe de la \
             plateforme la lit et vous tient informé de la suite.{SIGNATURE}"
        ),
    }
}

/// To a candidate: the application was sent to the employer.
pub fn application_proposed(title: &str) -> Mail {
    Mail {
        subject: format!("Votre candidature est transmise : {title}"),
        body: format!(
            "Bonjour,\n\nL'équipe de la plateforme a transmis votre candidature à l'offre « {title} » \
             à l'employeur, qui peut vous contacter directement.{SIGNATURE}"
        ),
    }
}

/// To the company: a candidate is proposed for its offer.
pub fn application_for_company(title: &str, candidate: &str, link: &str, answer: &str) -> Mail {
    Mail {
        subject: format!("Une candidature pour votre offre « {title} »"),
        body: format!(
            "Bonjour,\n\nL'équipe de la plateforme vous propose la candidature de {candidate} \
             pour votre offre « {title} ».\n\nVoir le profil et le CV : {link}\n\
             Répondre sans vous connecter (entretien, recrutement, ou pourquoi vous ne retenez \
             pas la candidature) : {answer}\n(lien personnel, valable 30 jours){SIGNATURE}"
        ),
    }
}

/// To the company: a partner adviser introduces a candidate for its offer.
pub fn positioning_for_company(title: &str, candidate: &str, link: &str, answer: &str) -> Mail {
    Mail {
        subject: format!("Un candidat présenté pour votre offre « {title} »"),
        body: format!(
            "Bonjour,\n\nUn conseiller partenaire de la plateforme (France Travail, Mission \
             locale, Cap emploi…) vous présente {candidate} pour votre offre « {title} », avec \
             son accord.\n\nVoir ses coordonnées et la note du conseiller : {link}\n\
             Dire ce que vous en faites sans vous connecter (entretien, recrutement, ou pourquoi \
             vous ne le retenez pas) : {answer}\n(lien personnel, valable 30 jours){SIGNATURE}"
        ),
    }
}

/// To the adviser who positioned a candidate: what became of it.
pub fn positioning_update(title: &str, candidate: &str, stage: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Suite de votre positionnement : {candidate}"),
        body: format!(
            "Bonjour,\n\nPour l'offre « {title} », le candidat {candidate} que vous avez \
             positionné en est maintenant à l'étape : {stage}.\n\nSuivre vos positionnements : \
             {link}{SIGNATURE}"
        ),
    }
}

/// To an adviser who positioned candidates on an offer now closed.
pub fn offer_closed_for_adviser(title: &str, company: &str, status: &str, count: i64) -> Mail {
    let candidates = if count == 1 {
        "1 candidat".to_owned()
    } else {
        format!("{count} candidats")
    };
    Mail {
        subject: format!("Offre clôturée ({status}) : {title}"),
        body: format!(
            "Bonjour,\n\nL'offre « {title} » de {company}, sur laquelle vous avez positionné \
             {candidates}, est clôturée : {status}.\n\nElle reste consultable dans votre espace \
             partenaire (« Offres partagées »), avec le suivi de vos candidats.{SIGNATURE}"
        ),
    }
}

/// To a candidate: confirm the job alert just saved.
pub fn job_alert_confirm(search: &str, frequency: &str, link: &str) -> Mail {
    Mail {
        subject: "Confirmez votre alerte emploi".to_owned(),
        body: format!(
            "Bonjour,\n\nVous avez demandé à recevoir les nouvelles offres de la plateforme \
             Proch'Emploi qui correspondent à : {search} ({frequency}, seulement quand il y en a).\n\n\
             Pour confirmer cette alerte, ouvrez ce lien : {link}\n\nSans confirmation sous 7 jours, \
             l'alerte et votre adresse sont effacées. Si vous n'avez rien demandé, ignorez ce \
             message.{SIGNATURE}"
        ),
    }
}

/// To a candidate: the new offers matching a confirmed job alert.
pub fn job_alert(search: &str, frequency: &str, lines: &[String], unsubscribe: &str) -> Mail {
    let n = lines.len();
    Mail {
        subject: if n == 1 {
            "1 nouvelle offre pour votre alerte emploi".to_owned()
        } else {
            format!("{n} nouvelles offres pour votre alerte emploi")
        },
        body: format!(
            "Bonjour,\n\nDe nouvelles offres correspondent à votre alerte ({search}) :\n\n{}\n\n\
             Vous recevez cet e-mail {} quand de nouvelles offres correspondent.\n\
             Ne plus recevoir cette alerte (en un clic) : {unsubscribe}{SIGNATURE}",
            lines.join("\n"),
            frequency.to_lowercase()
        ),
    }
}

/// To the company: a proposed candidate still waits for an answer.
pub fn application_unanswered(title: &str, candidate: &str, link: &str) -> Mail {
    Mail {
        subject: format!("{candidate} attend votre réponse : {title}"),
        body: format!(
            "Bonjour,\n\nLa candidature de {candidate} pour votre offre « {title} » attend votre \
             réponse. Dites-nous si vous prévoyez un entretien, si vous recrutez, ou pourquoi \
             vous ne retenez pas la candidature : {link}{SIGNATURE}"
        ),
    }
}

/// To a candidate: the employer did not answer in time.
pub fn application_closed(title: &str) -> Mail {
    Mail {
        subject: format!("Votre candidature : {title}"),
        body: format!(
            "Bonjour,\n\nL'employeur n'a pas donné suite à votre candidature à l'offre « {title} ». \
             D'autres offres vous attendent sur le site de la plateforme.{SIGNATURE}"
        ),
    }
}

/// To a partner user: the offers newly shared with the organisation.
pub fn partner_digest(lines: &[String], closed: &[String], dashboard: &str) -> Mail {
    let n = lines.len();
    let subject = match n {
        0 => "Des offres partagées avec votre structure sont clôturées".to_owned(),
        1 => "1 nouvelle offre partagée avec votre structure".to_owned(),
        _ => format!("{n} nouvelles offres partagées avec votre structure"),
    };
    let mut body = String::from("Bonjour,\n\n");
    if n > 0 {
        body.push_str(&format!(
            "La plateforme Proch'Emploi a partagé avec votre structure :\n\n{}\n\n",
            lines.join("\n")
        ));
    }
    if !closed.is_empty() {
        body.push_str(&format!(
            "Ces offres partagées sont clôturées (elles restent consultables) :\n\n{}\n\n",
            closed.join("\n")
        ));
    }
    body.push_str(&format!(
        "Toutes les offres partagées : {dashboard}{SIGNATURE}"
    ));
    Mail { subject, body }
}

/// To the platform's staff: the Région asks them to support a company.
pub fn region_request(reason: &str, company: &str, due_on: &str, link: &str) -> Mail {
    Mail {
        subject: format!("Demande de la Région : {company}"),
        body: format!(
            "Bonjour,\n\nLa Région Hauts-de-France demande à la plateforme d'accompagner l'entreprise {company}.\nMotif : {reason}\nRéponse attendue le {due_on}.\n\nLa demande est ouverte comme un accompagnement, avec la personne à joindre :\n{link}{SIGNATURE}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_carries_the_reason_and_link() {
        let m = offer_rejected("Soudeur", "Salaire manquant", "http://x/entreprise");
        assert!(m.subject.contains("Soudeur"));
        assert!(m.body.contains("Motif : Salaire manquant"));
        assert!(m.body.contains("http://x/entreprise"));
        assert!(m.body.contains("Région Hauts-de-France"));
    }
}
