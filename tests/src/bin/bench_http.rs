//! HTTP benchmark of a running portal against a static-file baseline: loads
//! N public offers into the portal's database, saves the very bytes of each
//! measured page, serves them with nginx, then measures both side by side
//! (requests per second, median and 99th percentile) with the same number
//! of connections, and prints one table with each figure as a ratio to
//! nginx. Run by `cargo xtask bench`, which builds and starts the portal.
//!
//! `bench_http <portal URL> <DATABASE_URL> <engine name> [N]`, with
//! `PROCHEMPLOI_NGINX`
//! the nginx binary (not `NGINX`: nginx reads that one itself).

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// How long each figure is measured (after a one-second warm-up).
const MEASURE: Duration = Duration::from_secs(4);

/// A measured run: requests per second, median and 99th percentile (ms).
struct Run {
    rps: f64,
    p50: f64,
    p99: f64,
}

/// `connections` clients, each on its own connection, asking `url` again
/// and again for [`MEASURE`]; with `encoding`, as a browser would ask.
async fn measure(url: &str, connections: usize, encoding: Option<&str>) -> anyhow::Result<Run> {
    let mut tasks = Vec::new();
    let warm_up = Instant::now() + Duration::from_secs(1);
    let end = warm_up + MEASURE;
    for _ in 0..connections {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .timeout(Duration::from_secs(30))
            .build()?;
        let url = url.to_owned();
        let encoding = encoding.map(str::to_owned);
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let start = Instant::now();
                if start >= end {
                    break;
                }
                let mut request = client.get(&url);
                if let Some(e) = &encoding {
                    request = request.header("accept-encoding", e.as_str());
                }
                let response = request.send().await?;
                if !response.status().is_success() {
                    bail!("{url}: {}", response.status());
                }
                response.bytes().await?;
                if start >= warm_up {
                    times.push(start.elapsed());
                }
            }
            Ok::<_, anyhow::Error>(times)
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await??);
    }
    if times.is_empty() {
        bail!("{url}: no request finished");
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    Ok(Run {
        rps: times.len() as f64 / MEASURE.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
    })
}

/// nginx serving a folder on a free port; killed on drop.
struct Nginx(Child, u16);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_nginx(nginx: &Path, dir: &Path) -> anyhow::Result<Nginx> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let d = dir.display();
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off; worker_processes 2; pid {d}/nginx.pid; error_log {d}/error.log;\n\
             events {{ worker_connections 1024; }}\n\
             http {{ access_log off; sendfile on; tcp_nodelay on; keepalive_requests 100000;\n\
             client_body_temp_path {d}/tmp; proxy_temp_path {d}/tmp; fastcgi_temp_path {d}/tmp;\n\
             uwsgi_temp_path {d}/tmp; scgi_temp_path {d}/tmp;\n\
             server {{ listen 127.0.0.1:{port}; root {d}/files; default_type text/html; }} }}\n"
        ),
    )?;
    std::fs::create_dir_all(dir.join("tmp"))?;
    let child = Command::new(nginx)
        .env_remove("NGINX")
        .arg("-c")
        .arg(&conf)
        .arg("-p")
        .arg(dir)
        .spawn()
        .context("starting nginx")?;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(Nginx(child, port));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("nginx did not start (see {d}/error.log)")
}

/// What is measured: a name, the path on the portal, connections, and the
/// encoding asked.
struct Case {
    name: &'static str,
    path: String,
    connections: usize,
    encoding: Option<&'static str>,
}

impl Case {
    /// The target of issue 15, as a share of nginx's requests per second
    /// and a 99th percentile: a static file at least half of nginx, a page
    /// at least a quarter with p99 under 50 ms.
    fn target(&self) -> (f64, f64) {
        if self.path.starts_with("/pkg/") || self.path.starts_with("/favicon") {
            (50.0, f64::INFINITY)
        } else {
            (25.0, 50.0)
        }
    }
}

/// « atteint » or « NON ATTEINT ».
fn verdict(met: bool) -> &'static str {
    if met {
        "atteint"
    } else {
        "NON ATTEINT"
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(database_url), Some(engine)) = (args.get(1), args.get(2), args.get(3))
    else {
        bail!("usage: bench_http <portal URL> <DATABASE_URL> <engine name> [N]");
    };
    let n: usize = args.get(4).map_or(Ok(100_000), |a| a.parse())?;
    let nginx = PathBuf::from(
        std::env::var("PROCHEMPLOI_NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into()),
    );

    let pool = app::backend::db::connect(database_url).await?;
    let t = Instant::now();
    tests::bench_data::load_public_offers(&pool, n).await?;
    eprintln!(
        "{engine}: {n} public offers loaded in {:.0} s",
        t.elapsed().as_secs_f64()
    );
    let (offer,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM offers WHERE status = 'published'")
        .fetch_one(&pool)
        .await?;
    let (event,): (Option<i64>,) = sqlx::query_as("SELECT MIN(id) FROM events")
        .fetch_one(&pool)
        .await?;

    let client = reqwest::Client::new();
    let home = client.get(format!("{base}/")).send().await?.text().await?;
    let wasm = home
        .split('"')
        .find(|s| s.starts_with("/pkg/frontend") && s.ends_with(".wasm"))
        .context("the page names no wasm")?
        .to_owned();
    let mut cases = vec![
        Case {
            name: "/",
            path: "/".into(),
            connections: 16,
            encoding: None,
        },
        Case {
            name: "/offres",
            path: "/offres".into(),
            connections: 16,
            encoding: None,
        },
        Case {
            name: "/offres?q=soudeur",
            path: "/offres?q=soudeur".into(),
            connections: 16,
            encoding: None,
        },
        Case {
            name: "/offres?page=200",
            path: "/offres?page=200".into(),
            connections: 16,
            encoding: None,
        },
        Case {
            name: "une offre",
            path: format!("/offres/{offer}"),
            connections: 16,
            encoding: None,
        },
        Case {
            name: "favicon, 1 connexion",
            path: "/favicon.svg".into(),
            connections: 1,
            encoding: None,
        },
        Case {
            name: "favicon, 16 connexions",
            path: "/favicon.svg".into(),
            connections: 16,
            encoding: None,
        },
        Case {
            name: "wasm (brotli), 8 connexions",
            path: wasm,
            connections: 8,
            encoding: Some("br, gzip"),
        },
    ];
    if let Some(e) = event {
        cases.insert(
            5,
            Case {
                name: "un événement",
                path: format!("/evenements/{e}"),
                connections: 16,
                encoding: None,
            },
        );
    }

    // The very bytes of each page, for nginx to serve.
    let dir = std::env::temp_dir().join(format!("prochemploi-bench-{}", std::process::id()));
    let files = dir.join("files");
    std::fs::create_dir_all(&files)?;
    for (i, c) in cases.iter().enumerate() {
        let mut request = client.get(format!("{base}{}", c.path));
        if let Some(e) = c.encoding {
            request = request.header("accept-encoding", e);
        }
        let bytes = request.send().await?.bytes().await?;
        std::fs::write(files.join(i.to_string()), &bytes)?;
    }
    let server = start_nginx(&nginx, &dir)?;
    let baseline = format!("http://127.0.0.1:{}", server.1);

    println!(
        "\n{engine}, {n} offres publiques — portail / nginx (mêmes octets), {} s par mesure",
        MEASURE.as_secs()
    );
    println!(
        "| {:<30} | {:>9} | {:>8} | {:>8} | {:>9} | {:>8} | {:>7} | {:<28} |",
        "Page", "portail/s", "p50 ms", "p99 ms", "nginx/s", "p99 ms", "ratio", "objectif"
    );
    println!(
        "|{:-<32}|{:->11}|{:->10}|{:->10}|{:->11}|{:->10}|{:->9}|{:-<30}|",
        "", "", "", "", "", "", "", ""
    );
    for (i, c) in cases.iter().enumerate() {
        let portal = measure(&format!("{base}{}", c.path), c.connections, c.encoding).await?;
        let file = measure(&format!("{baseline}/{i}"), c.connections, None).await?;
        let ratio = 100.0 * portal.rps / file.rps;
        let (share, p99) = c.target();
        let target = if p99.is_finite() {
            format!("≥ {share} %, p99 < {p99} ms")
        } else {
            format!("≥ {share} %")
        };
        println!(
            "| {:<30} | {:>9.0} | {:>8.1} | {:>8.1} | {:>9.0} | {:>8.1} | {:>6.1} % | {:<28} |",
            c.name,
            portal.rps,
            portal.p50,
            portal.p99,
            file.rps,
            file.p99,
            ratio,
            format!("{target} : {}", verdict(ratio >= share && portal.p99 < p99))
        );
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    if let Some(event) = event {
        let (people, seats) = (1_000, 100);
        let b = tests::bench_burst::run(&pool, base, event, people, seats).await?;
        println!(
            "\n{engine} — rafale : {people} candidats s'inscrivent au même instant (une connexion \
             et une adresse chacun) pour {seats} places\n  réponses {} / {people} (perdues {}), \
             inscrits {} (places ou liste d'attente), p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms\n  \
             places confirmées {} (compteur {}) pour une capacité de {} : {}\n  \
             objectif (toutes répondues, aucune surréservation) : {}",
            b.answered,
            b.lost,
            b.registered,
            b.p50_ms,
            b.p99_ms,
            b.max_ms,
            b.confirmed_rows,
            b.confirmed_counter,
            b.capacity,
            if b.oversold() {
                "SURRÉSERVATION"
            } else {
                "aucune surréservation"
            },
            verdict(b.lost == 0 && b.answered == people && !b.oversold())
        );
    }
    Ok(())
}
