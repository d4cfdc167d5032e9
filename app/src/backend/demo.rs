//! Demo data: two platforms, partner organisations, one account per role and
//! a few offers, so that a new user can walk the whole loop at once.

use std::collections::HashMap;

use super::db::Pool;
use super::password;
use super::repo::offers::{self, Actor, Owner};
use super::repo::{events, offer_expiry, platforms, users};
use crate::model::validate::CheckedOffer;
use crate::model::OfferTerms;

/// How long the demo's published offer stays online.
const DEMO_OFFER_DAYS: i64 = 60;
use crate::model::{ContractType, OfferStatus, PartnerKind, PublishedElsewhere, Role};

/// The password of every demo account (demo mode only, printed at start-up).
pub const DEMO_PASSWORD: &str = "demo-prochemploi";

/// The two-factor secret every demo account of the platform's side comes
/// enrolled with (Base32, for an authenticator app), so that the demo stays
/// usable; printed at start-up and written in the README.
pub const DEMO_TOTP_SECRET: &str = "PROCHEMPLOIDEMOPROCHEMPLOIDEMO23";

/// Where a demo account belongs.
pub enum Seat {
    Admin,
    /// Staff of the platform with this slug.
    Staff(&'static str),
    /// A user of the partner organisation with this name.
    Partner(&'static str),
    /// A user of the demo company.
    Company,
    /// A reader of the indicators for the Région.
    Region,
}

/// A demo account: created by [`seed`], printed at start-up, listed in the
/// README.
pub struct DemoAccount {
    pub email: &'static str,
    pub full_name: &'static str,
    pub what: &'static str,
    pub seat: Seat,
}

const fn account(
    email: &'static str,
    full_name: &'static str,
    what: &'static str,
    seat: Seat,
) -> DemoAccount {
    DemoAccount {
        email,
        full_name,
        what,
        seat,
    }
}

/// The demo accounts.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    account(
        "admin@demo.prochemploi.fr",
        "Alice Admin",
        "administration (toutes les plateformes)",
        Seat::Admin,
    ),
    account(
        "equipe.bethune@demo.prochemploi.fr",
        "Sophie Martin",
        "équipe de la plateforme Béthune-Bruay",
        Seat::Staff("bethune-bruay"),
    ),
    account(
        "equipe.lens@demo.prochemploi.fr",
        "Karim Benali",
        "équipe de la plateforme Lens-Liévin",
        Seat::Staff("lens-lievin"),
    ),
    account(
        "conseiller.ft@demo.prochemploi.fr",
        "Paul Lefebvre",
        "partenaire France Travail Béthune",
        Seat::Partner("France Travail Béthune"),
    ),
    account(
        "conseiller.ml@demo.prochemploi.fr",
        "Inès Dubois",
        "partenaire Mission locale de l'Artois",
        Seat::Partner("Mission locale de l'Artois"),
    ),
    account(
        "conseiller.cap@demo.prochemploi.fr",
        "Marc Petit",
        "partenaire Cap emploi Pas-de-Calais",
        Seat::Partner("Cap emploi Pas-de-Calais"),
    ),
    account(
        "contact@menuiserie-artois.demo.fr",
        "Jeanne Dupont",
        "entreprise Menuiserie de l'Artois",
        Seat::Company,
    ),
    account(
        "region@demo.prochemploi.fr",
        "Claire Durand",
        "Région Hauts-de-France, Direction de l'emploi (indicateurs de toutes les plateformes)",
        Seat::Region,
    ),
];

/// The demo platforms: slug, name, territory.
const PLATFORMS: &[(&str, &str, &str)] = &[
    (
        "bethune-bruay",
        "Proch'Emploi Béthune-Bruay, Artois-Lys Romane",
        "200072460",
    ),
    ("lens-lievin", "Proch'Emploi Lens-Liévin", "246200364"),
];

/// The demo partner organisations: platform slug, kind, name.
const ORGS: &[(&str, PartnerKind, &str)] = &[
    (
        "bethune-bruay",
        PartnerKind::FranceTravail,
        "France Travail Béthune",
    ),
    (
        "bethune-bruay",
        PartnerKind::MissionLocale,
        "Mission locale de l'Artois",
    ),
    (
        "bethune-bruay",
        PartnerKind::CapEmploi,
        "Cap emploi Pas-de-Calais",
    ),
    (
        "lens-lievin",
        PartnerKind::FranceTravail,
        "France Travail Lens",
    ),
];

/// Loads the demo data unless it is already there, in one transaction.
/// Returns whether it did.
pub async fn seed(pool: &Pool) -> anyhow::Result<bool> {
    if platforms::list(pool)
        .await?
        .iter()
        .any(|p| p.slug == PLATFORMS[0].0)
    {
        return Ok(false);
    }
    let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = crate::backend::db::begin(pool).await?;
    let mut platform_ids = HashMap::new();
    for (slug, name, epci) in PLATFORMS {
        platform_ids.insert(
            *slug,
            platforms::create(&mut tx, slug, name, &[epci]).await?,
        );
    }
    let mut org_ids = HashMap::new();
    for (slug, kind, name) in ORGS {
        let id = platforms::create_partner_org(&mut tx, platform_ids[slug], *kind, name).await?;
        org_ids.insert(*name, id);
    }
    let bethune = platform_ids[PLATFORMS[0].0];
    let company = users::create_company(
        &mut tx,
        &users::NewCompany {
            platform_id: bethune,
            siret: "73282932000074",
            name: "Menuiserie de l'Artois",
            naf_division: Some("16"),
            headcount_band: Some("03"),
            commune_insee: Some("62119"),
        },
    )
    .await?;
    let mut user_ids = HashMap::new();
    for a in DEMO_ACCOUNTS {
        let (role, platform_id, company_id, partner_org_id) = match a.seat {
            Seat::Admin => (Role::Admin, None, None, None),
            Seat::Staff(slug) => (Role::Staff, platform_ids.get(slug).copied(), None, None),
            Seat::Partner(org) => (Role::Partner, None, None, org_ids.get(org).copied()),
            Seat::Company => (Role::Company, None, Some(company), None),
            Seat::Region => (Role::Region, None, None, None),
        };
        let new_user = users::NewUser {
            email: a.email,
            full_name: a.full_name,
            password_hash: &hash,
            role,
            platform_id,
            company_id,
            partner_org_id,
        };
        let id = users::create(&mut tx, &new_user).await?;
        if super::two_factor::required(role) {
            super::two_factor::enrol_with(&mut tx, id, DEMO_TOTP_SECRET)
                .await
                .map_err(|e| anyhow::anyhow!("enrolling a demo account: {e}"))?;
        }
        user_ids.insert(a.email, id);
    }
    let staff = user_ids[DEMO_ACCOUNTS[1].email];
    let owner_user = user_ids[DEMO_ACCOUNTS[6].email];
    let owner = Owner {
        platform_id: bethune,
        company_id: company,
    };
    let waiting = CheckedOffer {
        title: "Menuisier poseur (H/F)".into(),
        contract: ContractType::Cdi,
        positions: 2,
        description:
            "Pose de menuiseries bois et PVC chez des particuliers du Béthunois. Permis B exigé."
                .into(),
        published_elsewhere: PublishedElsewhere::Nowhere,
        rome_code: "H2206".into(),
        terms: OfferTerms {
            salary_min: Some(1900),
            salary_max: Some(2300),
            licences: "Permis B".into(),
            publish_publicly: true,
            questions: vec!["Avez-vous déjà posé des menuiseries PVC ?".into()],
            ..OfferTerms::default()
        },
    };
    offers::create(&mut tx, owner, owner_user, &waiting, "62119").await?;
    let published = CheckedOffer {
        title: "Apprenti menuisier (H/F)".into(),
        contract: ContractType::Alternance,
        positions: 1,
        description:
            "Alternance en CAP menuisier fabricant, atelier de Bruay-La-Buissière, tuteur dédié."
                .into(),
        published_elsewhere: PublishedElsewhere::FranceTravail,
        rome_code: "H2206".into(),
        terms: OfferTerms {
            contract_months: Some(24),
            start_date: Some("2027-09-01".into()),
            publish_publicly: true,
            ..OfferTerms::default()
        },
    };
    let published_id = offers::create(&mut tx, owner, owner_user, &published, "62178").await?;
    offers::transition_in(
        &mut tx,
        published_id,
        OfferStatus::Published,
        Actor::Person(staff),
        None,
    )
    .await??;
    offer_expiry::publish_until(&mut tx, published_id, DEMO_OFFER_DAYS).await?;
    offers::share_in(
        &mut tx,
        published_id,
        org_ids["France Travail Béthune"],
        staff,
    )
    .await?;
    demo_event(
        &mut tx,
        bethune,
        staff,
        published_id,
        org_ids["France Travail Béthune"],
    )
    .await?;
    demo_held_forum(&mut tx, bethune, staff).await?;
    super::demo_activity::seed(&mut tx, bethune, company, staff).await?;
    tx.commit().await?;
    Ok(true)
}

/// A job dating three weeks ahead, with the published offer, two
/// candidates already registered and three seats kept for France Travail.
async fn demo_event(
    tx: &mut super::db::Tx,
    platform_id: i64,
    staff: i64,
    offer_id: i64,
    france_travail: i64,
) -> anyhow::Result<()> {
    use crate::model::event::{CheckedRegistration, EventKind, Referrer, Situation};
    let day = super::clock::iso_date(super::db::now() + 21 * 86_400);
    let starts_at =
        super::clock::from_paris(&day, "09:00").unwrap_or(super::db::now() + 21 * 86_400);
    let id = events::create(
        tx,
        &events::NewEvent {
            platform_id,
            kind: EventKind::JobDating,
            title: "Job dating des métiers du bois",
            description: "Menuiseries et scieries du Béthunois rencontrent des candidats : dix minutes par entretien, venez avec votre CV.",
            starts_at,
            ends_at: starts_at + 3 * 3600,
            commune_insee: "62119",
            address: "Salle des fêtes, place Clemenceau",
            capacity: 10,
            company_capacity: 20,
            registration_deadline: starts_at - 86_400,
            questions: &["Avez-vous une expérience dans le bois ?".to_owned()],
            offer_ids: &[offer_id],
        },
        staff,
    )
    .await?;
    for (name, email, referrer) in [
        (
            "Awa Diallo",
            "awa.diallo@demo.prochemploi.fr",
            Referrer::MissionLocale,
        ),
        (
            "Marc Lefebvre",
            "marc.lefebvre@demo.prochemploi.fr",
            Referrer::FranceTravail,
        ),
    ] {
        let registration = CheckedRegistration {
            full_name: name.to_owned(),
            email: email.to_owned(),
            phone: String::new(),
            situation: Situation::JobSeeker,
            referrer,
            priorities: Vec::new(),
            answers: vec!["Oui".to_owned()],
        };
        if let Err(e) = events::register(tx, id, &registration, None).await? {
            anyhow::bail!("demo registration refused: {e:?}");
        }
    }
    if let Err(e) =
        super::repo::event_reservations::set_reservation(tx, id, france_travail, 3, staff).await?
    {
        anyhow::bail!("demo reservation refused: {e:?}");
    }
    Ok(())
}

/// A forum held yesterday at Bruay-La-Buissière, three seats taken and one
/// person on the waiting list, nobody checked in yet: staff can record who came (attendance opens
/// on the event's day and stays open to corrections).
async fn demo_held_forum(
    tx: &mut super::db::Tx,
    platform_id: i64,
    staff: i64,
) -> anyhow::Result<()> {
    use crate::model::event::{CheckedRegistration, EventKind, Referrer, Situation};
    let yesterday = super::clock::iso_date(super::db::now() - 86_400);
    let held = super::clock::from_paris(&yesterday, "09:00").unwrap_or(super::db::now() - 86_400);
    // Registrations are taken before an event starts: the forum is created
    // ahead, its people registered, then it is dated yesterday.
    let ahead = super::db::now() + 30 * 86_400;
    let id = events::create(
        tx,
        &events::NewEvent {
            platform_id,
            kind: EventKind::Forum,
            title: "Forum de l'emploi de Bruay-La-Buissière",
            description:
                "Trente entreprises du Béthunois et leurs offres, des ateliers CV et entretien.",
            starts_at: ahead,
            ends_at: ahead + 8 * 3600,
            commune_insee: "62178",
            address: "Salle Marmottan, rue Augustin Caron",
            capacity: 3,
            company_capacity: 30,
            registration_deadline: ahead - 86_400,
            questions: &[],
            offer_ids: &[],
        },
        staff,
    )
    .await?;
    for (name, email, referrer) in [
        (
            "Chloé Dubois",
            "chloe.dubois@demo.prochemploi.fr",
            Referrer::MissionLocale,
        ),
        (
            "Bruno Petit",
            "bruno.petit@demo.prochemploi.fr",
            Referrer::FranceTravail,
        ),
        (
            "Inès Martin",
            "ines.martin@demo.prochemploi.fr",
            Referrer::CapEmploi,
        ),
        (
            "Karim Haddad",
            "karim.haddad@demo.prochemploi.fr",
            Referrer::Myself,
        ),
    ] {
        let registration = CheckedRegistration {
            full_name: name.to_owned(),
            email: email.to_owned(),
            phone: String::new(),
            situation: Situation::JobSeeker,
            referrer,
            priorities: Vec::new(),
            answers: Vec::new(),
        };
        if let Err(e) = events::register(tx, id, &registration, None).await? {
            anyhow::bail!("demo registration refused: {e:?}");
        }
    }
    sqlx::query(
        "UPDATE events SET starts_at = $1, ends_at = $2, registration_deadline = $3, created_at = $4 WHERE id = $5",
    )
    .bind(held)
    .bind(held + 8 * 3600)
    .bind(held - 86_400)
    .bind(held - 30 * 86_400)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
