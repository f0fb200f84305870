//! Cartesian axes: their kind (linear, date, category, log), value conversion, range,
//! pixel mapping and ticks.

use crate::time;
use serde_json::Value as Json;
use std::collections::HashMap;

/// How an axis maps values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Numbers.
    Linear,
    /// ISO date strings (or milliseconds).
    Date,
    /// Strings placed at 0, 1, 2, … in order of appearance.
    Category,
    /// Numbers on a log10 scale.
    Log,
}

/// One x or y axis of the figure.
#[derive(Debug, Clone)]
pub struct Axis {
    /// `"x"`, `"x2"`, `"y"`, …
    pub id: String,
    /// Layout entry (`layout.xaxis2`), `Null` when absent.
    pub spec: Json,
    /// Kind; `None` until the first data decides it.
    pub kind: Option<Kind>,
    /// Category names in order.
    pub cats: Vec<String>,
    cat_index: HashMap<String, usize>,
    /// Data extent (converted units).
    pub lo: f64,
    /// Data extent (converted units).
    pub hi: f64,
    /// Pad the autorange by 5% of the axis length.
    pub padded: bool,
    /// Include zero in the autorange (bars).
    pub tozero: bool,
    /// Final range (converted units); `range.0` maps to `pix.0`.
    pub range: (f64, f64),
    /// Pixel positions of `range.0` and `range.1`.
    pub pix: (f64, f64),
    /// Fraction of the plot area the axis spans.
    pub domain: (f64, f64),
    /// Whether a trace or shape uses the axis.
    pub used: bool,
}

impl Axis {
    /// A new axis with its layout entry.
    pub fn new(id: &str, spec: Json) -> Self {
        let kind = match spec.get("type").and_then(Json::as_str) {
            Some("date") => Some(Kind::Date),
            Some("category") | Some("multicategory") => Some(Kind::Category),
            Some("log") => Some(Kind::Log),
            Some("linear") => Some(Kind::Linear),
            _ => None,
        };
        let domain = spec
            .get("domain")
            .and_then(Json::as_array)
            .and_then(|d| Some((d.first()?.as_f64()?, d.get(1)?.as_f64()?)))
            .unwrap_or((0.0, 1.0));
        Axis {
            id: id.to_string(),
            spec,
            kind,
            cats: Vec::new(),
            cat_index: HashMap::new(),
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
            padded: false,
            tozero: false,
            range: (0.0, 1.0),
            pix: (0.0, 1.0),
            domain,
            used: false,
        }
    }

    /// Is this an x axis?
    pub fn is_x(&self) -> bool {
        self.id.starts_with('x')
    }

    /// Decides the kind from a sample value when not fixed yet.
    pub fn infer(&mut self, sample: Option<&Json>) {
        match sample {
            Some(Json::String(s)) => self.infer_str(s),
            Some(Json::Number(_)) => self.infer_number(),
            _ => {}
        }
    }

    /// Decides the kind from a string sample, if not decided yet: a date, a number or a
    /// category.
    pub fn infer_str(&mut self, s: &str) {
        if self.kind.is_some() {
            return;
        }
        self.kind = Some(if time::parse_iso_ms(s).is_some() {
            Kind::Date
        } else if s.trim().parse::<f64>().is_ok() {
            Kind::Linear
        } else {
            Kind::Category
        });
    }

    /// Decides the kind from a number sample, if not decided yet: linear.
    pub fn infer_number(&mut self) {
        self.kind.get_or_insert(Kind::Linear);
    }

    /// The kind, linear when nothing decided it.
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Linear)
    }

    /// Converts a data value (NaN when it has no position).
    pub fn conv(&mut self, v: &Json) -> f64 {
        match v {
            Json::String(s) => self.conv_str(s),
            // Numbers on a category axis are categories too (by their text).
            Json::Number(n) => self.conv_number(n.as_f64().unwrap_or(f64::NAN), || n.to_string()),
            Json::Bool(b) => match self.kind() {
                Kind::Category => self.cat(if *b { "true" } else { "false" }),
                Kind::Linear => f64::from(u8::from(*b)),
                _ => f64::NAN,
            },
            _ => f64::NAN,
        }
    }

    /// Converts a string data value (NaN when it has no position).
    pub fn conv_str(&mut self, s: &str) -> f64 {
        match self.kind() {
            Kind::Category => self.cat(s),
            Kind::Date => time::parse_iso_ms(s).unwrap_or(f64::NAN),
            Kind::Linear => s.trim().parse().unwrap_or(f64::NAN),
            Kind::Log => log(s.trim().parse().unwrap_or(f64::NAN)),
        }
    }

    /// Converts a number data value; on a category axis it is the category named `text()`
    /// (the number as JSON writes it).
    pub fn conv_number(&mut self, v: f64, text: impl FnOnce() -> String) -> f64 {
        match self.kind() {
            Kind::Category => self.cat(&text()),
            Kind::Date | Kind::Linear => v,
            Kind::Log => log(v),
        }
    }

    /// Converts a plain number (data units) to axis units.
    pub fn conv_num(&self, v: f64) -> f64 {
        if self.kind() == Kind::Log {
            log(v)
        } else {
            v
        }
    }

    /// The index of a category, registering it on first sight.
    pub fn cat(&mut self, s: &str) -> f64 {
        if let Some(&i) = self.cat_index.get(s) {
            return i as f64;
        }
        let i = self.cats.len();
        self.cats.push(s.to_string());
        self.cat_index.insert(s.to_string(), i);
        i as f64
    }

    /// Widens the data extent.
    pub fn extend(&mut self, v: f64) {
        if v.is_finite() {
            self.lo = self.lo.min(v);
            self.hi = self.hi.max(v);
        }
    }

    /// Fixes `range` from the layout or the data extent.
    pub fn finish_range(&mut self) {
        let explicit = self
            .spec
            .get("range")
            .and_then(Json::as_array)
            .filter(|r| r.len() == 2)
            .cloned();
        if let Some(r) = explicit {
            let conv = |a: &mut Axis, v: &Json| match (a.kind(), v) {
                // Log ranges are given in log10 units already.
                (Kind::Log, Json::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                _ => a.conv(v),
            };
            let (a, b) = (conv(self, &r[0]), conv(self, &r[1]));
            if a.is_finite() && b.is_finite() && a != b {
                self.range = (a, b);
                return;
            }
        }
        let (mut lo, mut hi) = (self.lo, self.hi);
        if self.tozero && self.kind() != Kind::Log {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if !(lo.is_finite() && hi.is_finite()) {
            self.range = match self.kind() {
                Kind::Date => (946_684_800_000.0, 978_307_200_000.0),
                _ => (-1.0, 6.0),
            };
        } else {
            if lo == hi {
                let d = match self.kind() {
                    Kind::Date => 86_400_000.0,
                    Kind::Category => 1.0,
                    _ if lo == 0.0 => 1.0,
                    _ => lo.abs() * 0.5,
                };
                lo -= d;
                hi += d;
            } else if self.kind() == Kind::Category {
                lo -= 0.5;
                hi += 0.5;
            } else if self.padded {
                let pad = (hi - lo) * 0.05 / 0.9;
                let zero_lo = self.tozero && lo == 0.0;
                let zero_hi = self.tozero && hi == 0.0;
                if !zero_lo {
                    lo -= pad;
                }
                if !zero_hi {
                    hi += pad;
                }
            }
            self.range = (lo, hi);
        }
        let reversed = self.spec.get("autorange").and_then(Json::as_str) == Some("reversed");
        if reversed {
            self.range = (self.range.1, self.range.0);
        }
    }

    /// Pixel position of a converted value.
    #[inline]
    pub fn px(&self, v: f64) -> f64 {
        let (r0, r1) = self.range;
        let p = self.pix.0 + (v - r0) / (r1 - r0) * (self.pix.1 - self.pix.0);
        p.clamp(-1.0e6, 1.0e6)
    }

    /// Pixel extent along the axis (ascending).
    pub fn pix_span(&self) -> (f64, f64) {
        (self.pix.0.min(self.pix.1), self.pix.0.max(self.pix.1))
    }

    /// Axis title text.
    pub fn title(&self) -> Option<String> {
        crate::text::title_text(self.spec.get("title"))
    }

    /// Whether tick labels are shown.
    pub fn visible(&self) -> bool {
        self.spec.get("visible") != Some(&Json::Bool(false))
            && self.spec.get("showticklabels") != Some(&Json::Bool(false))
    }

    /// Ticks (position in axis units, label) for about `len_px` pixels of axis.
    pub fn ticks(&self, len_px: f64) -> Vec<(f64, String)> {
        let target = (len_px / if self.is_x() { 90.0 } else { 40.0 })
            .round()
            .clamp(2.0, 12.0) as usize;
        let (lo, hi) = (
            self.range.0.min(self.range.1),
            self.range.0.max(self.range.1),
        );
        if let Some(vals) = self.spec.get("tickvals").and_then(Json::as_array) {
            let texts = self.spec.get("ticktext").and_then(Json::as_array);
            let mut me = self.clone();
            return vals
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let p = me.conv(v);
                    let label = texts
                        .and_then(|t| t.get(i))
                        .map(json_label)
                        .unwrap_or_else(|| json_label(v));
                    (p >= lo && p <= hi).then_some((p, label))
                })
                .collect();
        }
        match self.kind() {
            Kind::Date => time::date_ticks(lo, hi, target),
            Kind::Category => {
                let first = lo.ceil().max(0.0) as usize;
                let last = (hi.floor().max(-1.0) + 1.0) as usize;
                let last = last.min(self.cats.len());
                if first >= last {
                    return Vec::new();
                }
                let n = last - first;
                let widest = self.cats[first..last]
                    .iter()
                    .map(|c| crate::paint::text_width(c, 12.0))
                    .fold(0.0, f64::max);
                let room = if self.is_x() { widest + 8.0 } else { 16.0 };
                let step = ((n as f64 * room / len_px.max(1.0)).ceil() as usize).max(1);
                (first..last)
                    .step_by(step)
                    .map(|i| (i as f64, self.cats[i].clone()))
                    .collect()
            }
            Kind::Log => {
                let (a, b) = (lo.ceil() as i64, hi.floor() as i64);
                let step = (((b - a) as f64 / target as f64).ceil() as i64).max(1);
                let mut out = Vec::new();
                let mut e = a;
                while e <= b && out.len() < 100 {
                    out.push((
                        e as f64,
                        format_number(
                            10f64.powi(e as i32),
                            10f64.powi(e as i32),
                            10f64.powi(e as i32),
                        ),
                    ));
                    e += step;
                }
                out
            }
            Kind::Linear => linear_ticks(lo, hi, target),
        }
    }
}

fn log(v: f64) -> f64 {
    if v > 0.0 {
        v.log10()
    } else {
        f64::NAN
    }
}

/// A JSON value as tick or legend text.
pub fn json_label(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

/// Nice linear ticks: steps of 1, 2 or 5 × 10^k, about `target` of them.
pub fn linear_ticks(lo: f64, hi: f64, target: usize) -> Vec<(f64, String)> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let span = hi - lo;
    let target = target.max(1) as f64;
    let raw = span / target;
    let mag = 10f64.powf(raw.log10().floor());
    // The 1-2-5 step whose tick count is closest to the target (more ticks on a tie).
    let count = |s: f64| ((hi / s).floor() - (lo / s).ceil() + 1.0).max(0.0);
    let step = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
        .into_iter()
        .map(|m| m * mag)
        .min_by(|&a, &b| {
            let (da, db) = ((count(a) - target).abs(), (count(b) - target).abs());
            da.total_cmp(&db).then(count(b).total_cmp(&count(a)))
        })
        .unwrap_or(mag);
    let maxabs = lo.abs().max(hi.abs());
    let mut out = Vec::new();
    let mut k = (lo / step).ceil();
    while k * step <= hi + step * 1e-9 && out.len() < 200 {
        let v = k * step;
        let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
        out.push((v, format_number(v, step, maxabs)));
        k += 1.0;
    }
    out
}

/// Formats a tick value like plotly: enough decimals for the step, SI-like suffixes
/// (`k`, `M`, `B`, `T`) for large magnitudes, a true minus sign.
pub fn format_number(v: f64, step: f64, maxabs: f64) -> String {
    // Each label takes the suffix of its own magnitude (0, 200k, …, 800k, 1M), as plotly.
    let mag = if maxabs >= 1e4 { v.abs() } else { 0.0 };
    let (div, suffix) = if mag >= 1e12 {
        (1e12, "T")
    } else if mag >= 1e9 {
        (1e9, "B")
    } else if mag >= 1e6 {
        (1e6, "M")
    } else if mag >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    if maxabs > 0.0 && maxabs < 1e-4 {
        let s = format!("{v:.1e}");
        return s.replace('-', "\u{2212}");
    }
    let (v, step) = (v / div, step / div);
    let decimals = if step >= 1.0 {
        0
    } else {
        ((-step.log10()).ceil() as usize).min(12)
    };
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if s == "-0" {
        s = "0".into();
    }
    if v != 0.0 {
        s.push_str(suffix);
    }
    s.replace('-', "\u{2212}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn linear_ticks_are_nice() {
        let t = linear_ticks(0.0, 10.0, 5);
        let v: Vec<f64> = t.iter().map(|p| p.0).collect();
        assert_eq!(v, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(t[1].1, "2");
        let t = linear_ticks(-0.5, 0.5, 4);
        assert_eq!(t[0].1, "\u{2212}0.4");
        assert!(linear_ticks(1.0, 1.0, 4).is_empty());
    }

    #[test]
    fn numbers_get_suffixes() {
        assert_eq!(format_number(20000.0, 10000.0, 50000.0), "20k");
        assert_eq!(format_number(1.5e6, 5e5, 2e6), "1.5M");
        assert_eq!(format_number(2e5, 2e5, 1e6), "200k");
        assert_eq!(format_number(1e6, 2e5, 1e6), "1M");
        assert_eq!(format_number(500.0, 500.0, 2e4), "500");
        assert_eq!(format_number(0.25, 0.05, 1.0), "0.25");
    }

    #[test]
    fn kinds_are_inferred_and_converted() {
        let mut a = Axis::new("x", Json::Null);
        a.infer(Some(&json!("2020-01-01T00:00:00+00:00")));
        assert_eq!(a.kind(), Kind::Date);
        let mut c = Axis::new("x", Json::Null);
        c.infer(Some(&json!("apples")));
        assert_eq!(c.conv(&json!("pears")), 0.0);
        assert_eq!(c.conv(&json!("apples")), 1.0);
        assert_eq!(c.conv(&json!("pears")), 0.0);
        let mut l = Axis::new("y", json!({"type": "log"}));
        assert_eq!(l.conv(&json!(100)), 2.0);
        assert!(l.conv(&json!(-1)).is_nan());
    }

    #[test]
    fn ranges_pad_and_honour_layout() {
        let mut a = Axis::new("y", Json::Null);
        a.extend(0.0);
        a.extend(9.0);
        a.padded = true;
        a.finish_range();
        assert!(a.range.0 < 0.0 && a.range.1 > 9.0);
        let mut b = Axis::new("y", json!({"range": [1, 2]}));
        b.extend(0.0);
        b.finish_range();
        assert_eq!(b.range, (1.0, 2.0));
        let mut e = Axis::new("y", Json::Null);
        e.finish_range();
        assert_eq!(e.range, (-1.0, 6.0));
    }
}
