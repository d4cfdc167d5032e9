//! `prochemploi`: runs the portal, or sets a deployment up.
//!
//! ```text
//! prochemploi                                            serve (configuration from the environment)
//! prochemploi create-admin EMAIL "Prénom Nom"
//! prochemploi create-platform SLUG "Nom" EPCI [EPCI...]
//! prochemploi create-partner-org PLATFORM_SLUG KIND "Nom"
//! prochemploi create-staff PLATFORM_SLUG EMAIL "Prénom Nom"
//! prochemploi create-partner ORG_ID EMAIL "Prénom Nom"
//! prochemploi create-region EMAIL "Prénom Nom"         reads every platform's indicators
//! prochemploi gen-key                                    prints a new key (64 hex characters)
//! prochemploi backup FILE                                consistent copy while the server runs
//! prochemploi restore FILE                               into an empty database
//! prochemploi rotate-key                                 re-encrypts with PROCHEMPLOI_NEW_SECRET_KEY
//! ```
//! Passwords are read from PROCHEMPLOI_ADMIN_PASSWORD (admins) or
//! PROCHEMPLOI_USER_PASSWORD (others), else from standard input.

use std::io::BufRead;
use std::time::Duration;

use anyhow::{bail, Context};
use app::backend::accounts::{self, Membership};
use app::backend::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET};
use server::{app_state, prepare_database, router, serve, spawn_background, Config};

const USAGE: &str = "usage : prochemploi [serve | create-admin EMAIL NOM | create-platform SLUG NOM EPCI... | \
create-partner-org PLATEFORME TYPE NOM | create-staff PLATEFORME EMAIL NOM | create-partner ORGANISATION EMAIL NOM | \
create-region EMAIL NOM | gen-key | backup FICHIER | restore FICHIER | rotate-key]";

#[tokio::main]
async fn main() {
    // Read once; a configuration error is reported by `run`, in French.
    let config = Config::from_env();
    let json_logs = config.as_ref().is_ok_and(|c| c.json_logs);
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let logs = server::request_log::subscriber(json_logs, colour, std::io::stdout);
    if tracing::subscriber::set_global_default(logs).is_err() {
        eprintln!("Erreur : journal déjà installé");
    }
    if let Err(err) = run(config).await {
        eprintln!("Erreur : {err:#}");
        std::process::exit(1);
    }
}

/// The password from the environment variable, or typed on standard input.
fn password(var: &str) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    eprintln!("Mot de passe (12 caractères au moins), puis Entrée :");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn run(config: anyhow::Result<Config>) -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = config?;
    let arg = |i: usize| args.get(i).map(String::as_str);
    let command = arg(0);
    if matches!(command, None | Some("serve")) {
        return run_server(config).await;
    }
    match (command, arg(1)) {
        (Some("gen-key"), None) => {
            println!("{}", server::maintenance::new_key());
            return Ok(());
        }
        (Some("restore"), Some(file)) => {
            server::maintenance::restore(&config.database_url, std::path::Path::new(file)).await?;
            println!("Sauvegarde restaurée. Démarrez le portail : les migrations manquantes s'appliqueront.");
            return Ok(());
        }
        _ => {}
    }
    let pool = prepare_database(&config).await?;
    match (command, arg(1), arg(2), arg(3)) {
        (Some("create-admin"), Some(email), Some(name), None) => {
            let pw = password("PROCHEMPLOI_ADMIN_PASSWORD")?;
            accounts::create_admin(&pool, email, name, &pw).await?;
            println!("Compte administrateur créé pour {email}.");
        }
        (Some("create-platform"), Some(slug), Some(name), Some(_)) => {
            let epcis: Vec<&str> = args[3..].iter().map(String::as_str).collect();
            let id = accounts::create_platform(&pool, slug, name, &epcis).await?;
            println!("Plateforme « {name} » créée (n° {id}).");
        }
        (Some("create-partner-org"), Some(platform), Some(kind), Some(name)) => {
            let id = accounts::create_partner_org(&pool, platform, kind, name).await?;
            println!("Organisation « {name} » créée (n° {id}).");
        }
        (Some("create-staff"), Some(platform), Some(email), Some(name)) => {
            let pw = password("PROCHEMPLOI_USER_PASSWORD")?;
            let membership = Membership::Staff {
                platform_slug: platform,
            };
            accounts::create_account(&pool, membership, email, name, &pw).await?;
            println!("Compte de l'équipe créé pour {email}.");
        }
        (Some("create-region"), Some(email), Some(name), None) => {
            let pw = password("PROCHEMPLOI_USER_PASSWORD")?;
            accounts::create_account(&pool, Membership::Region, email, name, &pw).await?;
            println!("Compte Région (lecture des indicateurs) créé pour {email}.");
        }
        (Some("create-partner"), Some(org), Some(email), Some(name)) => {
            let org_id = org
                .parse()
                .context("ORGANISATION est le numéro de l'organisation")?;
            let pw = password("PROCHEMPLOI_USER_PASSWORD")?;
            accounts::create_account(&pool, Membership::Partner { org_id }, email, name, &pw)
                .await?;
            println!("Compte partenaire créé pour {email}.");
        }
        (Some("backup"), Some(file), None, None) => {
            server::maintenance::backup(&pool, &config.database_url, std::path::Path::new(file))
                .await?;
            println!("Sauvegarde écrite dans {file}.");
        }
        (Some("rotate-key"), None, None, None) => {
            let new = std::env::var("PROCHEMPLOI_NEW_SECRET_KEY")
                .context("set PROCHEMPLOI_NEW_SECRET_KEY to the new key (prochemploi gen-key)")?;
            let rotation = app::backend::secrets::Rotation {
                old: server::secret_key(&config)?,
                new: app::backend::secrets::SecretKey::from_hex(&new)
                    .context("PROCHEMPLOI_NEW_SECRET_KEY")?,
            };
            let done = server::maintenance::rotate(&pool, &config.uploads_dir, &rotation).await?;
            println!(
                "Rechiffré : {} champ(s), {} courriel(s), {} CV. Remplacez maintenant la clé \
                 (PROCHEMPLOI_SECRET_KEY ou le fichier de clé) par la nouvelle sur chaque instance.",
                done.fields, done.mails, done.files
            );
        }
        _ => bail!("{USAGE}"),
    }
    Ok(())
}

async fn run_server(mut config: Config) -> anyhow::Result<()> {
    let pool = prepare_database(&config).await?;
    let listener = server::listen(config.addr, config.listen_backlog)
        .with_context(|| format!("could not listen on {}", config.addr))?;
    let addr = listener.local_addr()?;
    if std::env::var("PROCHEMPLOI_PUBLIC_URL").is_err() {
        // Links in e-mails name the port actually bound (it may be random).
        config.public_url = format!("http://{addr}");
    }
    if config.demo {
        println!(
            "Mode démonstration : comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :"
        );
        for account in DEMO_ACCOUNTS {
            println!("  {:<40} {}", account.email, account.what);
        }
        println!(
            "Les comptes de l'équipe, des partenaires, de la Région et l'administration demandent un code à 6 chiffres :\n  \
             ajoutez la clé {DEMO_TOTP_SECRET} à une application d'authentification (TOTP, 30 s)."
        );
    }
    let state = app_state(&config, pool);
    let metrics = server::Metrics::new();
    let workers = spawn_background(&config, &state, &metrics)?;
    println!("Portail Proch'Emploi : http://{addr}");
    let served = serve(&config, listener, router(&config, state, &metrics)).await;
    // The requests are done; the workers end the round they are in.
    if !workers.stop(Duration::from_secs(30)).await {
        tracing::warn!("background work still running after 30 s: stopped");
    }
    tracing::info!("stopped");
    served
}
