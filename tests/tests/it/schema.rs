//! The two migration trees describe the same schema: after migrating a
//! fresh SQLite and a fresh PostgreSQL database, the tables, their columns
//! (type family, nullability), their unique indexes and their number of
//! CHECK constraints are compared, and any drift fails with its place.

use std::collections::BTreeMap;

use app::backend::db::Pool;
use tests::{engines, fresh_pool, Engine};

/// A column: (type family, not null).
type Columns = BTreeMap<String, (&'static str, bool)>;

#[derive(Debug, Default, PartialEq)]
struct Table {
    columns: Columns,
    /// Each unique index or constraint, as its sorted column list.
    unique: Vec<String>,
    checks: usize,
}

fn family(declared: &str) -> &'static str {
    let t = declared.to_lowercase();
    if t.contains("int") || t.contains("serial") {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else if t.contains("real")
        || t.contains("double")
        || t.contains("float")
        || t.contains("numeric")
    {
        "real"
    } else if t.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

/// Counts the CHECK constraints in a SQLite table's definition.
fn sqlite_checks(sql: &str) -> usize {
    sql.to_uppercase().matches("CHECK").count()
}

async fn sqlite_schema(pool: &Pool) -> BTreeMap<String, Table> {
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    let mut out = BTreeMap::new();
    // A CHECK added after a table's creation is a trigger pair on SQLite.
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_check\\_insert' ESCAPE '\\'",
    )
    .fetch_all(pool)
    .await
    .expect("triggers");
    for (name, sql) in tables {
        let added = triggers.iter().filter(|(t, _)| *t == name).count();
        let mut t = Table {
            checks: sqlite_checks(&sql) + added,
            ..Table::default()
        };
        let cols: Vec<(i64, String, String, i64, Option<String>, i64)> =
            sqlx::query_as(&format!("PRAGMA table_info(\"{name}\")"))
                .fetch_all(pool)
                .await
                .expect("columns");
        for (_, col, declared, notnull, _, pk) in cols {
            t.columns
                .insert(col, (family(&declared), notnull == 1 || pk > 0));
        }
        let indexes: Vec<(i64, String, i64, String, i64)> =
            sqlx::query_as(&format!("PRAGMA index_list(\"{name}\")"))
                .fetch_all(pool)
                .await
                .expect("indexes");
        for (_, index, unique, origin, _) in indexes {
            if unique != 1 || origin == "pk" {
                continue;
            }
            let cols: Vec<(i64, i64, Option<String>)> =
                sqlx::query_as(&format!("PRAGMA index_info(\"{index}\")"))
                    .fetch_all(pool)
                    .await
                    .expect("index columns");
            let mut names: Vec<String> = cols.into_iter().filter_map(|(_, _, n)| n).collect();
            names.sort();
            t.unique.push(names.join(","));
        }
        t.unique.sort();
        out.insert(name, t);
    }
    out
}

async fn postgres_schema(pool: &Pool) -> BTreeMap<String, Table> {
    let cols: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text \
         FROM information_schema.columns c JOIN information_schema.tables t \
         ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' \
         AND c.table_name <> '_sqlx_migrations' ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await
    .expect("columns");
    let mut out: BTreeMap<String, Table> = BTreeMap::new();
    for (table, col, declared, nullable) in cols {
        out.entry(table)
            .or_default()
            .columns
            .insert(col, (family(&declared), nullable == "NO"));
    }
    // Unique indexes (constraints make one too), primary keys aside.
    let uniques: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.relname::text, string_agg(a.attname::text, ',' ORDER BY a.attname::text) \
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey) \
         WHERE n.nspname = 'public' AND i.indisunique AND NOT i.indisprimary \
         GROUP BY t.relname, x.relname",
    )
    .fetch_all(pool)
    .await
    .expect("uniques");
    for (table, cols) in uniques {
        if let Some(t) = out.get_mut(&table) {
            t.unique.push(cols);
        }
    }
    let checks: Vec<(String, i64)> = sqlx::query_as(
        "SELECT t.relname::text, COUNT(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND c.contype = 'c' GROUP BY t.relname",
    )
    .fetch_all(pool)
    .await
    .expect("checks");
    for (table, n) in checks {
        if let Some(t) = out.get_mut(&table) {
            t.checks = usize::try_from(n).unwrap_or(0);
        }
    }
    for t in out.values_mut() {
        t.unique.sort();
    }
    out
}

#[tokio::test]
async fn both_migration_trees_describe_the_same_schema() {
    if !engines().contains(&Engine::Postgres) {
        return;
    }
    let sqlite = sqlite_schema(&fresh_pool(Engine::Sqlite).await.expect("sqlite")).await;
    let postgres = postgres_schema(&fresh_pool(Engine::Postgres).await.expect("postgres")).await;
    assert!(
        sqlite.len() >= 30,
        "every table is read: {:?}",
        sqlite.keys()
    );
    let mut drift = Vec::new();
    let names: std::collections::BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for name in names {
        match (sqlite.get(name), postgres.get(name)) {
            (Some(s), Some(p)) => {
                if s.columns != p.columns {
                    drift.push(format!(
                        "{name}: columns\n  sqlite   {:?}\n  postgres {:?}",
                        s.columns, p.columns
                    ));
                }
                if s.unique != p.unique {
                    drift.push(format!(
                        "{name}: unique\n  sqlite   {:?}\n  postgres {:?}",
                        s.unique, p.unique
                    ));
                }
                if s.checks != p.checks {
                    drift.push(format!(
                        "{name}: {} CHECK on SQLite, {} on PostgreSQL",
                        s.checks, p.checks
                    ));
                }
            }
            (Some(_), None) => drift.push(format!("{name}: only on SQLite")),
            (None, Some(_)) => drift.push(format!("{name}: only on PostgreSQL")),
            (None, None) => {}
        }
    }
    assert!(
        drift.is_empty(),
        "the schemas differ:\n{}",
        drift.join("\n")
    );
}

#[tokio::test]
async fn seats_set_aside_never_exceed_the_seats_left_on_either_engine() {
    for engine in engines() {
        let server = tests::TestServer::start(engine).await.expect("server");
        let over = sqlx::query(
            "UPDATE events SET reserved = capacity - confirmed + 1 WHERE id = (SELECT MIN(id) FROM events)",
        )
        .execute(&server.pool)
        .await;
        assert!(over.is_err(), "{engine:?}: refused by the database");
        let fits =
            sqlx::query("UPDATE events SET reserved = 0 WHERE id = (SELECT MIN(id) FROM events)")
                .execute(&server.pool)
                .await;
        assert!(fits.is_ok(), "{engine:?}: {fits:?}");
    }
}
