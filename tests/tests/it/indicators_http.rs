//! The indicators, the activity log and the monthly reports over HTTP on
//! both databases: staff read their platform's figures (never another's),
//! open the records behind one, download the workbook; staff log contacts
//! with checked input; past reports are readable and downloadable.

use app::api::activity::{LogContact, LogIntervention};
use app::api::checkin::MarkCompanyPresence;
use app::api::indicators::{IndicatorRecords, IndicatorsFor, SetObjective};
use app::api::reports::AddReportRecipient;
use app::backend::db::now;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use tests::{engines, TestServer};

use crate::http::{call, page, signed_in, FT, LENS_STAFF, STAFF};
use crate::workbook::Workbook;

#[tokio::test]
async fn staff_read_drill_and_download_their_indicators() {
    for engine in engines() {
        let server = TestServer::start(engine).await.expect("server");
        let staff = signed_in(&server, STAFF).await;
        let (company,): (i64,) =
            sqlx::query_as("SELECT id FROM companies WHERE name = 'Menuiserie de l''Artois'")
                .fetch_one(&server.pool)
                .await
                .expect("demo company");
        let company = company.to_string();
        let today = app::backend::clock::iso_date(now());

        // Logging a contact: checked, then recorded.
        let mut form = vec![
            ("back", "/equipe/entreprises/1"),
            ("company_id", company.as_str()),
            ("channel", "visit"),
            ("date", "32/13/2026"),
            ("subject", "Visite des nouveaux locaux"),
        ];
        let (status, body) = call(&server, &staff, LogContact::PATH, &form).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert!(body["Invalid"]["fields"]["date"].is_string(), "{body}");
        assert_eq!(
            body["Invalid"]["values"]["subject"],
            "Visite des nouveaux locaux"
        );
        form[3] = ("date", today.as_str());
        let (status, body) = call(&server, &staff, LogContact::PATH, &form).await;
        assert!(status.is_success(), "{engine:?}: {body}");
        let (status, _) = call(
            &server,
            &staff,
            LogIntervention::PATH,
            &[
                ("kind", "economic_actor"),
                ("counterpart", "CCI Artois"),
                ("date", today.as_str()),
                ("subject", "Plan emploi"),
            ],
        )
        .await;
        assert!(status.is_success());
        let (_, html) = page(&server, &staff, &format!("/equipe/entreprises/{company}")).await;
        assert!(
            html.contains("Visite des nouveaux locaux (Sophie Martin)"),
            "the company's history shows the contact"
        );
        // Another platform's staff cannot log on this company.
        let lens = signed_in(&server, LENS_STAFF).await;
        let (status, _) = call(&server, &lens, LogContact::PATH, &form).await;
        assert_eq!(status.as_u16(), 422);

        // The dashboard counts the demo's visit 20 days ago and today's.
        let year = &today[..4];
        let (status, d) = call(&server, &staff, IndicatorsFor::PATH, &[("annee", year)]).await;
        assert!(status.is_success(), "{d}");
        let figure = |key: &str| {
            d["figures"]
                .as_array()
                .and_then(|f| f.iter().find(|x| x["key"] == key))
                .cloned()
                .unwrap_or_default()
        };
        assert!(
            figure("contacts")["numerator"]
                .as_i64()
                .is_some_and(|n| n >= 1),
            "{engine:?}: {d}"
        );
        assert_eq!(figure("economic_actors")["numerator"], 1);
        assert_eq!(figure("trade_leaders")["numerator"], 1);
        let (status, drill) = call(
            &server,
            &staff,
            IndicatorRecords::PATH,
            &[("key", "economic_actors"), ("annee", year)],
        )
        .await;
        assert!(status.is_success(), "{drill}");
        assert!(
            drill["rows"][0].to_string().contains("CCI Artois"),
            "{drill}"
        );
        let (_, html) = page(
            &server,
            &staff,
            &format!("/equipe/indicateurs/economic_actors?annee={year}"),
        )
        .await;
        assert!(html.contains("CCI Artois"));
        let (_, html) = page(
            &server,
            &staff,
            &format!("/equipe/indicateurs?annee={year}"),
        )
        .await;
        assert!(
            html.contains("Nombre de postes détectés par la plateforme") && html.contains("<svg"),
            "the dashboard with its charts"
        );
        let (status, body) = call(&server, &staff, IndicatorsFor::PATH, &[("annee", "20x6")]).await;
        assert_eq!(status.as_u16(), 422, "{body}");

        // Objectives: checked, then shown with the progress.
        let (status, body) = call(
            &server,
            &staff,
            SetObjective::PATH,
            &[
                ("year", year),
                ("indicator", "visited_tpe"),
                ("target", "140"),
            ],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert_eq!(body["Invalid"]["values"]["target"], "140");
        let (status, _) = call(
            &server,
            &staff,
            SetObjective::PATH,
            &[("year", year), ("indicator", "contacts"), ("target", "200")],
        )
        .await;
        assert!(status.is_success());
        let (_, d) = call(&server, &staff, IndicatorsFor::PATH, &[("annee", year)]).await;
        let contacts = d["figures"]
            .as_array()
            .and_then(|f| f.iter().find(|x| x["key"] == "contacts"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(contacts["objective"], 200);

        // The workbook and the CSV.
        let res = staff
            .get(server.url(&format!("/equipe/indicateurs.xlsx?annee={year}")))
            .send()
            .await
            .expect("xlsx");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()[reqwest::header::CONTENT_TYPE],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let book = Workbook::read(&res.bytes().await.expect("bytes"));
        // Annexe B as a spreadsheet shows it: label in B, value in D.
        let row = book
            .row(0, "Nombre de rencontres avec les acteurs économiques")
            .expect("the row of meetings");
        assert_eq!(row.get(3).map(String::as_str), Some("1"), "{row:?}");
        let row = book
            .row(0, "Nombre de contacts entreprises (Tel + Visites)")
            .expect("the row of contacts");
        assert_eq!(
            row.get(3).map(String::as_str),
            Some(contacts["numerator"].to_string().as_str()),
            "the workbook carries the page's figure: {row:?}"
        );
        let csv = staff
            .get(server.url(&format!("/equipe/indicateurs.csv?annee={year}")))
            .send()
            .await
            .expect("csv")
            .text()
            .await
            .expect("text");
        assert!(
            csv.contains("Nombre de rencontres avec les acteurs économiques;;1;"),
            "{csv}"
        );

        // Nobody else reads them: another platform, a partner, anonymous.
        let (bethune,): (i64,) =
            sqlx::query_as("SELECT id FROM platforms WHERE slug = 'bethune-bruay'")
                .fetch_one(&server.pool)
                .await
                .expect("platform");
        let (status, _) = call(
            &server,
            &lens,
            IndicatorsFor::PATH,
            &[("plateforme", &bethune.to_string())],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let ft = signed_in(&server, FT).await;
        let (status, _) = call(&server, &ft, IndicatorsFor::PATH, &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let res = server
            .client()
            .get(server.url("/equipe/indicateurs.xlsx"))
            .send()
            .await
            .expect("anon");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        // The Région reads every platform, each, and changes nothing.
        let region = signed_in(&server, "region@demo.prochemploi.fr").await;
        let (status, all) = call(&server, &region, IndicatorsFor::PATH, &[("annee", year)]).await;
        assert!(status.is_success(), "{all}");
        assert_eq!(
            all["by_platform"].as_array().map(Vec::len),
            Some(2),
            "{all}"
        );
        assert_eq!(all["staff"], false);
        let (status, one) = call(
            &server,
            &region,
            IndicatorsFor::PATH,
            &[("annee", year), ("plateforme", &bethune.to_string())],
        )
        .await;
        assert!(status.is_success(), "{one}");
        assert_eq!(
            one["figures"][0]["numerator"], contacts["numerator"],
            "the Région sees Béthune's own figure"
        );
        let (status, _) = call(
            &server,
            &region,
            SetObjective::PATH,
            &[("year", year), ("indicator", "contacts"), ("target", "1")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = page(&server, &region, "/equipe").await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the moderation queue is staff's"
        );
        let res = region
            .get(server.url(&format!("/equipe/indicateurs.xlsx?annee={year}")))
            .send()
            .await
            .expect("xlsx");
        assert_eq!(res.status(), StatusCode::OK);
        // Its workbook: Annexe B, one sheet per platform (2), the months
        // and the definitions.
        let book = Workbook::read(&res.bytes().await.expect("bytes"));
        assert_eq!(
            book.names().len(),
            5,
            "a sheet per platform in the Région's workbook: {:?}",
            book.names()
        );
        let staff_book = staff
            .get(server.url(&format!("/equipe/indicateurs.xlsx?annee={year}")))
            .send()
            .await
            .expect("xlsx")
            .bytes()
            .await
            .expect("bytes");
        assert_eq!(
            Workbook::read(&staff_book).names().len(),
            3,
            "a platform's own workbook has its three sheets"
        );
        // Administrators too.
        let admin = signed_in(&server, "admin@demo.prochemploi.fr").await;
        let (status, all) = call(&server, &admin, IndicatorsFor::PATH, &[("annee", year)]).await;
        assert!(status.is_success(), "{all}");
        assert_eq!(
            all["by_platform"].as_array().map(Vec::len),
            Some(2),
            "{all}"
        );

        // Companies registered for an event are marked present or absent.
        // (at the demo forum held yesterday: nobody is marked before the day)
        let (event_id,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM events WHERE starts_at < $1")
            .bind(now())
            .fetch_one(&server.pool)
            .await
            .expect("demo event");
        let (staff_id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(STAFF)
            .fetch_one(&server.pool)
            .await
            .expect("staff id");
        sqlx::query(
            "INSERT INTO event_companies (event_id, company_id, role, attendees, registered_by, created_at) \
             VALUES ($1, $2, 'recruiter', 2, $3, $4)",
        )
        .bind(event_id)
        .bind(company.parse::<i64>().unwrap_or_default())
        .bind(staff_id)
        .bind(now())
        .execute(&server.pool)
        .await
        .expect("registered company");
        let event = event_id.to_string();
        let mark = [
            ("event_id", event.as_str()),
            ("company_id", company.as_str()),
            ("present", "non"),
        ];
        let (status, _) = call(&server, &lens, MarkCompanyPresence::PATH, &mark).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = call(&server, &staff, MarkCompanyPresence::PATH, &mark).await;
        assert!(status.is_success(), "{body}");
        let (present,): (Option<i64>,) =
            sqlx::query_as("SELECT present FROM event_companies WHERE event_id = $1")
                .bind(event_id)
                .fetch_one(&server.pool)
                .await
                .expect("presence");
        assert_eq!(present, Some(0), "{engine:?}");
        let (_, html) = page(
            &server,
            &staff,
            &format!("/equipe/evenements/{event}/pointage"),
        )
        .await;
        assert!(
            html.contains("Entreprises inscrites") && html.contains("Absente"),
            "{html}"
        );

        // Monthly reports: the demo platform dates from two months ago.
        app::backend::indicators::run_monthly_reports(&server.pool, now(), "http://127.0.0.1", 10)
            .await
            .expect("reports");
        let (month,): (String,) = sqlx::query_as("SELECT MAX(month) FROM monthly_reports")
            .fetch_one(&server.pool)
            .await
            .expect("a report");
        let (_, html) = page(&server, &staff, "/equipe/bilans").await;
        assert!(html.contains(&format!("/equipe/bilans/{month}")), "{html}");
        let (_, html) = page(&server, &staff, &format!("/equipe/bilans/{month}")).await;
        assert!(
            html.contains("Bilan de l&#x27;activité") || html.contains("Bilan de l'activité"),
            "{html}"
        );
        let res = staff
            .get(server.url(&format!("/equipe/bilans/{month}/bilan.xlsx")))
            .send()
            .await
            .expect("report xlsx");
        assert_eq!(res.status(), StatusCode::OK);
        let res = lens
            .get(server.url(&format!("/equipe/bilans/{month}/bilan.xlsx")))
            .send()
            .await
            .expect("lens");
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "another platform's report does not exist for Lens"
        );
        let (status, body) = call(
            &server,
            &staff,
            AddReportRecipient::PATH,
            &[("email", "pas-une-adresse"), ("label", "Coprésidence")],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{body}");
        assert_eq!(body["Invalid"]["values"]["label"], "Coprésidence");
        let (subject, attachment): (String, Option<String>) = sqlx::query_as(
            "SELECT subject, attachment_name FROM outbox WHERE to_address = 'direction@demo.prochemploi.fr' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&server.pool)
        .await
        .expect("the report was e-mailed");
        assert!(subject.starts_with("Bilan de l'activité"), "{subject}");
        assert!(attachment.is_some_and(|a| a.ends_with(".xlsx")));
    }
}

/// The monthly report leaves through SMTP with its workbook attached: the
/// demo platform dates from two months ago, so the server builds the reports
/// of the months since at start and sends them.
#[tokio::test]
async fn the_monthly_report_is_mailed_with_its_workbook() {
    use tests::smtp_sink::SmtpSink;

    for engine in engines() {
        let sink = SmtpSink::start().await.expect("sink");
        let _server = TestServer::start_with_smtp(engine, Some(sink.url()))
            .await
            .expect("server");
        let mail = sink
            .wait_for(|m| {
                m.to.iter().any(|t| t == "direction@demo.prochemploi.fr")
                    && m.data.contains("Bilan de l")
            })
            .await
            .unwrap_or_else(|| panic!("{engine:?}: no report, got {:?}", sink.messages().len()));
        assert!(
            mail.data.contains("Content-Disposition: attachment"),
            "{}",
            mail.data
        );
        assert!(
            mail.data.contains("\"bilan-bethune-bruay-"),
            "{}",
            mail.data
        );
        // The workbook is a zip archive: base64 of "PK\x03\x04".
        assert!(
            mail.data.contains("UEsDB"),
            "the attachment is the workbook"
        );
    }
}
