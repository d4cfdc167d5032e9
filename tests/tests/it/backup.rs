//! Backup while the portal runs and restore into an empty database, on
//! both engines: every table comes back identical. And the key rotation
//! re-encrypts every sensitive field.

use app::backend::db::{self, Backend, Pool};
use sqlx::Row;
use tests::{engines, fresh_database_url, Engine};

async fn tables(pool: &Pool, engine: Engine) -> Vec<String> {
    let sql = match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%' ORDER BY table_name"
        }
    };
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(pool).await.expect("tables");
    rows.into_iter().map(|(t,)| t).collect()
}

/// Every row of a table as text, in a stable order.
async fn dump(pool: &Pool, table: &str) -> Vec<String> {
    let rows = sqlx::query(&format!("SELECT * FROM {table}"))
        .fetch_all(pool)
        .await
        .expect("rows");
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            (0..row.columns().len())
                .map(|i| {
                    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                        format!("{v:?}")
                    } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                        format!("{v:?}")
                    } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
                        format!("{v:?}")
                    } else if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
                        format!("{v:?}")
                    } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
                        format!("{v:?}")
                    } else {
                        "?".to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn a_backup_restores_every_table_into_an_empty_database() {
    for engine in engines() {
        if engine == Engine::Postgres
            && std::process::Command::new("pg_dump")
                .arg("--version")
                .output()
                .is_err()
        {
            panic!("pg_dump is needed to back up PostgreSQL");
        }
        let url = fresh_database_url(engine).await.expect("url");
        let pool = db::connect(&url).await.expect("pool");
        app::backend::repo::reference::load(&pool)
            .await
            .expect("reference");
        app::backend::demo::seed(&pool).await.expect("demo");
        let file = std::env::temp_dir().join("prochemploi-tests").join(format!(
            "backup-{:?}-{}.bak",
            engine,
            db::now()
        ));
        let _ = std::fs::remove_file(&file);
        server::maintenance::backup(&pool, &url, &file)
            .await
            .expect("backup");
        assert!(
            server::maintenance::backup(&pool, &url, &file)
                .await
                .is_err(),
            "never overwrites a file"
        );

        // Never over data.
        assert!(server::maintenance::restore(&url, &file).await.is_err());
        let target = fresh_database_url(engine).await.expect("target");
        server::maintenance::restore(&target, &file)
            .await
            .expect("restore");
        let restored = db::connect(&target).await.expect("restored pool");
        let names = tables(&pool, engine).await;
        assert!(names.len() > 40, "{names:?}");
        assert_eq!(names, tables(&restored, engine).await);
        for table in &names {
            assert_eq!(
                dump(&pool, table).await,
                dump(&restored, table).await,
                "{engine:?}: table {table} differs"
            );
        }
        assert_eq!(
            Backend::of_url(&target).expect("backend"),
            match engine {
                Engine::Sqlite => Backend::Sqlite,
                Engine::Postgres => Backend::Postgres,
            }
        );
        let _ = std::fs::remove_file(&file);
    }
}

#[tokio::test]
async fn the_key_rotation_re_encrypts_every_sensitive_field() {
    use app::backend::secrets::{self, Rotation, SecretKey};
    for engine in engines() {
        let url = fresh_database_url(engine).await.expect("url");
        let pool = db::connect(&url).await.expect("pool");
        app::backend::repo::reference::load(&pool)
            .await
            .expect("reference");
        app::backend::demo::seed(&pool).await.expect("demo");
        let (event,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM events WHERE starts_at > $1")
            .bind(db::now())
            .fetch_one(&pool)
            .await
            .expect("event");
        let mut r = crate::events::person(7);
        r.phone = "06 00 00 00 07".into();
        crate::events::register_via(&pool, event, &r, None)
            .await
            .expect("registered");
        // A row from before encryption, still in clear.
        sqlx::query("UPDATE registrations SET phone = '03 21 00 00 00' WHERE id = (SELECT MIN(id) FROM registrations WHERE email <> $1)")
            .bind(&r.email)
            .execute(&pool)
            .await
            .expect("legacy");
        let uploads = std::env::temp_dir().join(format!("prochemploi-rotate-{}", db::now()));
        std::fs::create_dir_all(uploads.join("cv")).expect("dir");
        std::fs::write(
            uploads.join("cv").join("a.pdf"),
            secrets::seal_file(b"%PDF-1.4").expect("seal"),
        )
        .expect("cv");
        let new = SecretKey::random();
        let rotation = Rotation {
            old: secrets::current_key(),
            new: new.clone(),
        };
        let done = server::maintenance::rotate(&pool, &uploads, &rotation)
            .await
            .expect("rotate");
        assert!(done.fields >= 2 && done.files == 1, "{done:?}");
        let check = Rotation {
            old: new.clone(),
            new,
        };
        let phones: Vec<(String,)> =
            sqlx::query_as("SELECT phone FROM registrations WHERE phone <> ''")
                .fetch_all(&pool)
                .await
                .expect("phones");
        assert!(phones.len() >= 2);
        for (phone,) in &phones {
            assert!(check.field_is_new(phone), "{engine:?}: {phone}");
        }
        let file = std::fs::read(uploads.join("cv").join("a.pdf")).expect("file");
        assert!(check.file_is_new(&file));
        // Run again after an interruption: nothing left to do.
        let again = server::maintenance::rotate(&pool, &uploads, &rotation)
            .await
            .expect("again");
        assert_eq!((again.fields, again.files), (0, 0));
        let _ = std::fs::remove_dir_all(&uploads);
    }
}

#[tokio::test]
async fn outside_demo_mode_the_portal_refuses_to_start_without_its_key() {
    let missing = std::env::temp_dir()
        .join("prochemploi-tests")
        .join(format!("absent-{}.key", db::now()));
    let config = server::Config {
        database_url: fresh_database_url(Engine::Sqlite).await.expect("url"),
        demo: false,
        secret_key: Some(server::config::KeySource::File(missing.clone())),
        ..server::Config::default()
    };
    let error = server::prepare_database(&config)
        .await
        .expect_err("no key, no start");
    assert!(
        format!("{error:#}").contains("prochemploi gen-key"),
        "{error:#}"
    );
    assert!(!missing.exists(), "no key is made up outside demo mode");
    let bad = server::Config {
        secret_key: Some(server::config::KeySource::Hex("trop court".into())),
        ..config
    };
    assert!(server::prepare_database(&bad).await.is_err());
}
