//! `prochemploi`: runs the portal, or creates the first admin account.
//!
//! ```text
//! prochemploi                      serve (configuration from the environment)
//! prochemploi create-admin EMAIL "Prénom Nom"   password read from PROCHEMPLOI_ADMIN_PASSWORD or stdin
//! ```

use std::io::BufRead;

use anyhow::{bail, Context};
use app::backend::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};
use server::{app_state, prepare_database, router, serve, spawn_background, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    if let Err(err) = run().await {
        eprintln!("Erreur : {err:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Config::from_env()?;
    match args.first().map(String::as_str) {
        None | Some("serve") => run_server(config).await,
        Some("create-admin") => {
            let (Some(email), Some(name)) = (args.get(1), args.get(2)) else {
                bail!("usage : prochemploi create-admin EMAIL \"Prénom Nom\"");
            };
            let password = match std::env::var("PROCHEMPLOI_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("Mot de passe (12 caractères au moins), puis Entrée :");
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let pool = app::backend::db::connect(&config.database_url).await?;
            app::backend::accounts::create_admin(&pool, email, name, &password).await?;
            println!("Compte administrateur créé pour {email}.");
            Ok(())
        }
        Some(other) => bail!("commande inconnue : {other} (serve, create-admin)"),
    }
}

async fn run_server(mut config: Config) -> anyhow::Result<()> {
    let pool = prepare_database(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
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
    }
    let state = app_state(&config, pool);
    spawn_background(&config, &state)?;
    println!("Portail Proch'Emploi : http://{addr}");
    serve(listener, router(&config, state)).await
}
