//! Demo data: two platforms, partner organisations, one account per role and
//! a few offers, so that a new user can walk the whole loop at once.

use super::db::Pool;
use super::password;
use super::repo::offers::{self, Owner};
use super::repo::{platforms, users};
use crate::model::validate::CheckedOffer;
use crate::model::{ContractType, OfferStatus, PartnerKind, PublishedElsewhere, Role};

/// The password of every demo account (demo mode only, printed at start-up).
pub const DEMO_PASSWORD: &str = "demo-prochemploi";

/// A demo account, as printed at start-up and listed in the README.
pub struct DemoAccount {
    pub email: &'static str,
    pub what: &'static str,
}

/// The demo accounts.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "admin@demo.prochemploi.fr",
        what: "administration (toutes les plateformes)",
    },
    DemoAccount {
        email: "equipe.bethune@demo.prochemploi.fr",
        what: "équipe de la plateforme Béthune-Bruay",
    },
    DemoAccount {
        email: "equipe.lens@demo.prochemploi.fr",
        what: "équipe de la plateforme Lens-Liévin",
    },
    DemoAccount {
        email: "conseiller.ft@demo.prochemploi.fr",
        what: "partenaire France Travail Béthune",
    },
    DemoAccount {
        email: "conseiller.ml@demo.prochemploi.fr",
        what: "partenaire Mission locale de l'Artois",
    },
    DemoAccount {
        email: "conseiller.cap@demo.prochemploi.fr",
        what: "partenaire Cap emploi Pas-de-Calais",
    },
    DemoAccount {
        email: "contact@menuiserie-artois.demo.fr",
        what: "entreprise Menuiserie de l'Artois",
    },
];

/// Loads the demo data unless it is already there. Returns whether it did.
pub async fn seed(pool: &Pool) -> anyhow::Result<bool> {
    if platforms::list(pool)
        .await?
        .iter()
        .any(|p| p.slug == "bethune-bruay")
    {
        return Ok(false);
    }
    let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = pool.begin().await?;
    let bethune = platforms::create(
        &mut tx,
        "bethune-bruay",
        "Proch'Emploi Béthune-Bruay, Artois-Lys Romane",
        &["200072460"],
    )
    .await?;
    let lens = platforms::create(
        &mut tx,
        "lens-lievin",
        "Proch'Emploi Lens-Liévin",
        &["246200364"],
    )
    .await?;
    let ft = platforms::create_partner_org(
        &mut tx,
        bethune,
        PartnerKind::FranceTravail,
        "France Travail Béthune",
    )
    .await?;
    let ml = platforms::create_partner_org(
        &mut tx,
        bethune,
        PartnerKind::MissionLocale,
        "Mission locale de l'Artois",
    )
    .await?;
    let cap = platforms::create_partner_org(
        &mut tx,
        bethune,
        PartnerKind::CapEmploi,
        "Cap emploi Pas-de-Calais",
    )
    .await?;
    platforms::create_partner_org(
        &mut tx,
        lens,
        PartnerKind::FranceTravail,
        "France Travail Lens",
    )
    .await?;
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

    let account =
        |email, full_name, role, platform_id, company_id, partner_org_id| users::NewUser {
            email,
            full_name,
            password_hash: &hash,
            role,
            platform_id,
            company_id,
            partner_org_id,
        };
    users::create(
        &mut tx,
        &account(
            "admin@demo.prochemploi.fr",
            "Alice Admin",
            Role::Admin,
            None,
            None,
            None,
        ),
    )
    .await?;
    let staff = users::create(
        &mut tx,
        &account(
            "equipe.bethune@demo.prochemploi.fr",
            "Sophie Martin",
            Role::Staff,
            Some(bethune),
            None,
            None,
        ),
    )
    .await?;
    users::create(
        &mut tx,
        &account(
            "equipe.lens@demo.prochemploi.fr",
            "Karim Benali",
            Role::Staff,
            Some(lens),
            None,
            None,
        ),
    )
    .await?;
    users::create(
        &mut tx,
        &account(
            "conseiller.ft@demo.prochemploi.fr",
            "Paul Lefebvre",
            Role::Partner,
            None,
            None,
            Some(ft),
        ),
    )
    .await?;
    users::create(
        &mut tx,
        &account(
            "conseiller.ml@demo.prochemploi.fr",
            "Inès Dubois",
            Role::Partner,
            None,
            None,
            Some(ml),
        ),
    )
    .await?;
    users::create(
        &mut tx,
        &account(
            "conseiller.cap@demo.prochemploi.fr",
            "Marc Petit",
            Role::Partner,
            None,
            None,
            Some(cap),
        ),
    )
    .await?;
    let owner_user = users::create(
        &mut tx,
        &account(
            "contact@menuiserie-artois.demo.fr",
            "Jeanne Dupont",
            Role::Company,
            None,
            Some(company),
            None,
        ),
    )
    .await?;

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
    };
    let published_id = offers::create(&mut tx, owner, owner_user, &published, "62178").await?;
    tx.commit().await?;
    offers::transition(pool, published_id, OfferStatus::Published, staff, None).await??;
    offers::share(pool, published_id, ft, staff).await?;
    Ok(true)
}
