//! The analytics' two charts, drawn as SVG on the server: bars to compare
//! (dealers, categories) and columns for a time series (months, weeks). Each
//! is an image with a title and a description for screen readers, fits a
//! 360 px phone (a viewBox drawn at the width of its box) and prints; the
//! numbers sit in a table beside it, which screen readers and print also use.

use leptos::prelude::*;

/// One bar or column: its label, its value (`None`: no figure, no bar) and
/// the value as the page writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Datum {
    pub label: String,
    pub value: Option<f64>,
    pub shown: String,
}

impl Datum {
    pub fn new(label: impl Into<String>, value: Option<f64>, shown: impl Into<String>) -> Self {
        Self { label: label.into(), value, shown: shown.into() }
    }
}

/// The drawing's width in its own units; the box scales it to the screen.
const WIDTH: f64 = 360.0;
/// Labels longer than this many characters are cut in the drawing (the table has them whole).
const LABEL_CHARS: usize = 10;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{cut}…")
    }
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// The range the axis spans: from zero (or below it) to the largest value
/// or `top`, whichever is higher.
fn span(data: &[Datum], top: Option<f64>) -> (f64, f64) {
    let values = data.iter().filter_map(|d| d.value);
    let (low, high) = values.fold((0.0_f64, top.unwrap_or(0.0)), |(lo, hi), v| (lo.min(v), hi.max(v)));
    (low, if high > low { high } else { low + 1.0 })
}

/// The image's frame: title and description first, so they name it.
#[component]
fn Frame(id: &'static str, title: String, desc: String, height: f64, children: Children) -> impl IntoView {
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <svg
            class="chart"
            viewBox=format!("0 0 {WIDTH} {}", n(height))
            width="100%"
            role="img"
            aria-labelledby=labelled
            preserveAspectRatio="xMinYMin meet"
        >
            <title id=title_id>{title}</title>
            <desc id=desc_id>{desc}</desc>
            {children()}
        </svg>
    }
}

/// Horizontal bars, one per row, labelled on the left with the value at the
/// bar's end; `axis` names what the bars measure, `top` the scale's least top
/// (5 for a CSAT, 100 for a share).
#[component]
pub fn BarChart(
    id: &'static str,
    title: String,
    desc: String,
    axis: &'static str,
    data: Vec<Datum>,
    #[prop(optional)] top: Option<f64>,
) -> impl IntoView {
    const ROW: f64 = 24.0;
    const LEFT: f64 = 96.0;
    const RIGHT: f64 = WIDTH - 48.0;
    let (low, high) = span(&data, top);
    let x = move |v: f64| LEFT + (v - low) / (high - low) * (RIGHT - LEFT);
    let height = ROW * data.len() as f64 + 36.0;
    let rows = data
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let y = 8.0 + ROW * i as f64;
            let bar = d.value.map(|v| {
                let (from, to) = (x(v.min(0.0)), x(v.max(0.0)));
                view! { <rect class="bar" x=n(from) y=n(y + 3.0) width=n((to - from).max(1.0)) height=n(ROW - 8.0) /> }
            });
            let end = d.value.map_or(LEFT, |v| x(v.max(0.0)));
            view! {
                <text class="label" x=n(LEFT - 4.0) y=n(y + ROW / 2.0 + 3.0) text-anchor="end">
                    {short(&d.label)}
                </text>
                {bar}
                <text class="value" x=n(end + 4.0) y=n(y + ROW / 2.0 + 3.0)>
                    {d.shown}
                </text>
            }
        })
        .collect_view();
    let base = height - 28.0;
    view! {
        <Frame id title desc height>
            <line class="axis" x1=n(x(0.0)) y1="4" x2=n(x(0.0)) y2=n(base) />
            <line class="axis" x1=n(LEFT) y1=n(base) x2=n(RIGHT) y2=n(base) />
            <text class="tick" x=n(LEFT) y=n(base + 12.0) text-anchor="middle">
                {tick(low)}
            </text>
            <text class="tick" x=n(RIGHT) y=n(base + 12.0) text-anchor="middle">
                {tick(high)}
            </text>
            {rows}
            <text class="axis-label" x=n((LEFT + RIGHT) / 2.0) y=n(height - 4.0) text-anchor="middle">
                {axis}
            </text>
        </Frame>
    }
}

fn tick(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Columns over time (months, weeks), labelled below (every few when there
/// are many), with the scale on the left; `axis` names the values, `along`
/// the time.
#[component]
pub fn ColumnChart(
    id: &'static str,
    title: String,
    desc: String,
    axis: &'static str,
    along: &'static str,
    data: Vec<Datum>,
    #[prop(optional)] top: Option<f64>,
) -> impl IntoView {
    const LEFT: f64 = 34.0;
    const RIGHT: f64 = WIDTH - 6.0;
    const TOP: f64 = 18.0;
    const BASE: f64 = 150.0;
    let (low, high) = span(&data, top);
    let y = move |v: f64| BASE - (v - low) / (high - low) * (BASE - TOP);
    let slot = (RIGHT - LEFT) / data.len().max(1) as f64;
    // At most about twelve labels fit under the columns.
    let every = data.len().div_ceil(12).max(1);
    let columns = data
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let x = LEFT + slot * i as f64;
            let column = d.value.map(|v| {
                let (top, bottom) = (y(v.max(0.0)), y(v.min(0.0)));
                view! { <rect class="bar" x=n(x + slot * 0.15) y=n(top) width=n(slot * 0.7) height=n((bottom - top).max(1.0)) /> }
            });
            let label = (i % every == 0).then(|| {
                view! {
                    <text class="tick" x=n(x + slot / 2.0) y=n(BASE + 12.0) text-anchor="middle">
                        {d.label.clone()}
                    </text>
                }
            });
            view! {
                {column}
                {label}
            }
        })
        .collect_view();
    let ticks = [low, (low + high) / 2.0, high]
        .into_iter()
        .map(|v| {
            view! {
                <text class="tick" x=n(LEFT - 4.0) y=n(y(v) + 3.0) text-anchor="end">
                    {tick(v)}
                </text>
                <line class="grid" x1=n(LEFT) y1=n(y(v)) x2=n(RIGHT) y2=n(y(v)) />
            }
        })
        .collect_view();
    view! {
        <Frame id title desc height=182.0>
            <text class="axis-label" x="2" y="10">
                {axis}
            </text>
            {ticks}
            <line class="axis" x1=n(LEFT) y1=n(y(0.0)) x2=n(RIGHT) y2=n(y(0.0)) />
            {columns}
            <text class="axis-label" x=n((LEFT + RIGHT) / 2.0) y="178" text-anchor="middle">
                {along}
            </text>
        </Frame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_starts_at_zero_reaches_the_top_and_takes_negatives_in() {
        let d = |v| Datum::new("x", Some(v), "");
        assert_eq!(span(&[d(3.0), d(4.5)], Some(5.0)), (0.0, 5.0));
        assert_eq!(span(&[d(120.0)], Some(100.0)), (0.0, 120.0));
        assert_eq!(span(&[d(-40.0), d(20.0)], Some(100.0)), (-40.0, 100.0), "an NPS below zero");
        assert_eq!(span(&[], None), (0.0, 1.0), "nothing to show still draws an axis");
        assert_eq!(span(&[Datum::new("x", None, "—")], None), (0.0, 1.0));
    }

    #[test]
    fn long_labels_are_cut_in_the_drawing_only() {
        assert_eq!(short("上海浦东店"), "上海浦东店");
        assert_eq!(short("Meridian Motors Shanghai"), "Meridian …");
        assert_eq!(short("1234567890"), "1234567890");
    }
}
