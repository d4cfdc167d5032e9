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

#[component]
pub fn TrendChart(months: Vec<(String, f64)>, rate: bool, label: String) -> impl IntoView {
    let max = months
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let n = months.len().max(1) as f64;
    let (w, h) = (120.0, 32.0);
    let bar = w / n;
    let description = format!("Tendance par mois, {label} : {}", trend_text(&months, rate));
    let title = description.clone();
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let bh = (v / max * (h - 2.0)).max(if *v > 0.0 { 1.5 } else { 0.0 });
            view! {
                <rect x=format!("{:.1}", i as f64 * bar + 1.0) y=format!("{:.1}", h - bh) width=format!("{:.1}", (bar - 2.0).max(1.0)) height=format!("{bh:.1}")></rect>
            }
        })
        .collect_view();
    view! {
        <svg class="trend" viewBox=format!("0 0 {w} {h}") width="120" height="32" role="img" aria-label=description>
            <title>{title}</title>
            {bars}
            <line x1="0" y1=format!("{h}") x2=format!("{w}") y2=format!("{h}")></line>
        </svg>
    }
}
