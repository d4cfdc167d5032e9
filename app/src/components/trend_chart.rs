//! A figure's trend by month as a small server-rendered SVG bar chart,
//! readable without JavaScript, with its values as text for screen readers.

use leptos::prelude::*;

const MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// "mars 2026" of "2026-03".
pub fn month_label(m: &str) -> String {
    let (y, mo) = m.split_once('-').unwrap_or((m, "01"));
    let i = mo.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {y}", MONTHS[i])
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}").replace('.', ",")
    }
}

/// The text alternative: "janv. 2026 : 3 ; févr. 2026 : 5…".
pub fn trend_text(months: &[(String, f64)], rate: bool) -> String {
    months
        .iter()
        .map(|(m, v)| {
            format!(
                "{} : {}{}",
                month_label(m),
                number(*v),
                if rate { " %" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// One figure's months: a bar chart large enough to read, with the months
/// under the bars and the values above them, and the same values as a
/// table (the accessible alternative, also for printing).
#[component]
pub fn TrendChart(months: Vec<(String, f64)>, rate: bool, label: String) -> impl IntoView {
    let max = months
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let n = months.len().max(1);
    let (w, h, top, bottom) = (360.0, 150.0, 16.0, 22.0);
    let plot = h - top - bottom;
    let bar = w / n as f64;
    // Past a year, one month label in `every` keeps them apart.
    let every = n.div_ceil(12);
    let unit = if rate { " %" } else { "" };
    let description = format!("Par mois, {label} : {}", trend_text(&months, rate));
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, (m, v))| {
            let bh = (v / max * plot).max(if *v > 0.0 { 1.5 } else { 0.0 });
            let x = i as f64 * bar;
            let centre = format!("{:.1}", x + bar / 2.0);
            let name = month_label(m);
            let short = name.split(' ').next().unwrap_or_default().to_owned();
            view! {
                <rect x=format!("{:.1}", x + bar * 0.15) y=format!("{:.1}", top + plot - bh) width=format!("{:.1}", (bar * 0.7).max(1.0)) height=format!("{bh:.1}")></rect>
                {(*v > 0.0 && n <= 12).then(|| view! {
                    <text class="value" x=centre.clone() y=format!("{:.1}", top + plot - bh - 3.0) text-anchor="middle">{number(*v)}</text>
                })}
                {(i % every == 0).then(|| view! {
                    <text class="month" x=centre y=format!("{:.1}", h - 6.0) text-anchor="middle">{short}</text>
                })}
            }
            .into_any()
        })
        .collect_view();
    let rows = months
        .iter()
        .map(|(m, v)| view! { <tr><th scope="row">{month_label(m)}</th><td class="number">{format!("{}{unit}", number(*v))}</td></tr> })
        .collect_view();
    view! {
        <figure class="trend-figure">
            <figcaption>{label.clone()}</figcaption>
            <svg class="trend" viewBox=format!("0 0 {w} {h}") role="img" aria-label=description>
                <line x1="0" y1=format!("{}", top + plot) x2=format!("{w}") y2=format!("{}", top + plot)></line>
                {bars}
            </svg>
            <details class="trend-table">
                <summary>"Tableau des valeurs"</summary>
                <table class="table">
                    <caption class="visually-hidden">{format!("{label}, par mois")}</caption>
                    <thead><tr><th scope="col">"Mois"</th><th scope="col">"Valeur"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}
