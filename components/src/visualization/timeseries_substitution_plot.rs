//! Timeseries Substitution Plot (`3160c5a1-0cfb-7396-739a-a106c2a3e130`): the effect of a
//! substitution series on raw values.

use super::plot_util::{figure_output, sort_rows};
use super::plotly::{column_values, floats, number, Figure, Layout, Line, Marker, Mode, Scatter};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::timestamp::IsoFormatter;
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType};
use serde_json::Value as Json;
use std::cmp::Ordering;

/// Identity and ports of Timeseries Substitution Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "3160c5a1-0cfb-7396-739a-a106c2a3e130",
    revision_group_id: "3160c5a1-0cfb-7396-739a-a106c2a3e130",
    name: "Timeseries Substitution Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Apply a substitution to a timeseries and plot the results together with \
                  ignored, replaced and new values",
    inputs: &[
        PortSpec::new(
            "raw_values",
            "85ffd7a5-3cd5-0c23-a21c-969ee4f97bea",
            DataType::Series,
        ),
        PortSpec::new(
            "substitution_series",
            "46fe5379-1e3d-12c4-7929-5ed3fcd8a5c6",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "substituted_ts_plot",
        "c756773d-5e8a-6ee6-4c64-ea44f26b2336",
        DataType::PlotlyJson,
    )],
};

/// Timeseries Substitution Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Timeseries Substitution Plot. Both series are sorted by index (stable) and keep the
/// first entry of duplicated labels; then, comparing labels:
///
/// 1. the substituted series — raw values (as floats) without those whose label carries a
///    null substitution, with non-null substitutions replacing raw values, plus the
///    substitution entries at new labels (nulls included), sorted by label: mode
///    `"markers+lines"`, named `<raw name>_substituted` (`raw_values_substituted` when the
///    raw series has no or an empty name), line colour "blue", opacity 0.6;
/// 2. "replaced raw values": raw entries with a non-null substitution, mode markers, line
///    colour "orange", marker size 10 opacity 0.6;
/// 3. "ignored raw values": raw entries with a null substitution, markers, "red", marker
///    symbol "x" size 10 opacity 0.6;
/// 4. "added values": substitution entries at labels the raw series lacks (in their own
///    dtype), markers, "green", marker symbol "cross" size 10 opacity 0.6.
///
/// Layout: hetida's standard time layout. Values must be numeric (raw values are cast to
/// float: strings raise `ValueError` as `astype(float)` would). Deviations: indexes must be
/// datetime or integer and of the same kind (`TypeError` otherwise, also for tz-naive vs
/// tz-aware); aware indexes with different offsets match by instant and the substituted
/// trace is then written in UTC.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let raw = inputs.series("raw_values")?;
    let subst = inputs.series("substitution_series")?;
    Ok(figure_output(
        "substituted_ts_plot",
        substitution_figure(raw, subst)?,
    ))
}

/// Label keys of an index (ns or ints; `None` = NaT).
fn keys(col: &Column) -> Result<Vec<Option<i64>>, ComponentError> {
    match col.kind() {
        ColumnKind::Datetime => Ok(col.datetime_ns_opt().unwrap_or_default()),
        ColumnKind::Int => Ok(col
            .i64_values()
            .unwrap_or_default()
            .iter()
            .map(|&i| Some(i))
            .collect()),
        _ => Err(ComponentError::type_error(
            "the series indexes must hold timestamps or integers",
        )),
    }
}

/// Sorted positions with the first entry of every duplicated label.
fn sorted_unique(index: &Column, keys: &[Option<i64>]) -> Vec<usize> {
    let mut rows = sort_rows(index, (0..keys.len()).collect());
    rows.dedup_by(|b, a| keys[*a] == keys[*b]);
    rows
}

/// Label order of [`sorted_unique`] (NaT last).
fn cmp_key(a: Option<i64>, b: Option<i64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (a, b) => b.is_some().cmp(&a.is_some()),
    }
}

/// The outcome of substituting: the handled series (label, value) and which raw rows were
/// replaced or ignored (NaN substitute) and which substitution rows added.
struct Substitution {
    handled: Vec<(Option<i64>, f64)>,
    replaced: Vec<usize>,
    ignored: Vec<usize>,
    added: Vec<usize>,
}

/// Merges the raw series `(labels, values, sorted rows)` with the substitutions in label
/// order: a substitute replaces the raw value of its label (a NaN one is ignored), other
/// substitutes are added.
fn substitute(
    (rk, rv, r): (&[Option<i64>], &[f64], &[usize]),
    (sk, sv, s): (&[Option<i64>], &[f64], &[usize]),
) -> Substitution {
    let mut out = Substitution {
        handled: Vec::with_capacity(r.len() + s.len()),
        replaced: Vec::new(),
        ignored: Vec::new(),
        added: Vec::new(),
    };
    let (mut i, mut j) = (0, 0);
    while i < r.len() || j < s.len() {
        let ord = match (r.get(i), s.get(j)) {
            (Some(&a), Some(&b)) => cmp_key(rk[a], sk[b]),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match ord {
            Ordering::Less => {
                out.handled.push((rk[r[i]], rv[r[i]]));
                i += 1;
            }
            Ordering::Greater => {
                out.handled.push((sk[s[j]], sv[s[j]]));
                out.added.push(s[j]);
                j += 1;
            }
            Ordering::Equal => {
                let new = sv[s[j]];
                if new.is_nan() {
                    out.ignored.push(r[i]);
                } else {
                    out.replaced.push(r[i]);
                    out.handled.push((rk[r[i]], new));
                }
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Builds the figure (see [`run`]).
fn substitution_figure(raw: &SeriesValue, subst: &SeriesValue) -> Result<Json, ComponentError> {
    let rk = keys(&raw.index)?;
    let sk = keys(&subst.index)?;
    let datetime = raw.index.kind() == ColumnKind::Datetime;
    if datetime != (subst.index.kind() == ColumnKind::Datetime)
        || (datetime && raw.index.tz.is_aware() != subst.index.tz.is_aware())
    {
        return Err(ComponentError::type_error(
            "Cannot compare tz-naive and tz-aware timestamps",
        ));
    }
    let rv = raw.values.f64_values().ok_or_else(|| {
        ComponentError::value_error("could not convert string to float: raw_values")
    })?;
    let sv = subst
        .values
        .f64_values()
        .ok_or_else(|| ComponentError::type_error("the substitution values must be numeric"))?;
    let r = sorted_unique(&raw.index, &rk);
    let s = sorted_unique(&subst.index, &sk);

    let Substitution {
        handled,
        replaced,
        ignored,
        added,
    } = substitute((&rk, &rv, &r), (&sk, &sv, &s));

    let tz = if raw.index.tz == subst.index.tz {
        raw.index.tz
    } else {
        Tz::Utc
    };
    let mut fmt = IsoFormatter::new(tz);
    let hx: Vec<Json> = handled
        .iter()
        .map(|(k, _)| match k {
            None => Json::Null,
            Some(k) if datetime => Json::String(fmt.format(*k)),
            Some(k) => Json::from(*k),
        })
        .collect();
    let hy: Vec<f64> = handled.iter().map(|(_, v)| *v).collect();
    let raw_floats = |rows: &[usize]| floats(&rows.iter().map(|&p| rv[p]).collect::<Vec<_>>());
    let name = match raw.name.as_deref() {
        Some(n) if !n.is_empty() => format!("{n}_substituted"),
        _ => "raw_values_substituted".to_string(),
    };
    let marker = |symbol: Option<&str>| Marker {
        size: Some(number(10.0)),
        opacity: Some(0.6),
        symbol: symbol.map(Json::from),
        ..Default::default()
    };
    let color = |c: &str| Line {
        color: Some(c.into()),
        ..Default::default()
    };

    let mut fig = Figure::new(Layout::standard_time());
    fig.add_scatter(
        Scatter::new(hx, floats(&hy))
            .mode(Mode::MarkersLines)
            .name(name)
            .line(color("blue"))
            .opacity(0.6),
    );
    fig.add_scatter(
        Scatter::new(
            column_values(&raw.index, Some(&replaced)),
            raw_floats(&replaced),
        )
        .mode(Mode::Markers)
        .name("replaced raw values")
        .line(color("orange"))
        .marker(marker(None)),
    );
    fig.add_scatter(
        Scatter::new(
            column_values(&raw.index, Some(&ignored)),
            raw_floats(&ignored),
        )
        .mode(Mode::Markers)
        .name("ignored raw values")
        .line(color("red"))
        .marker(marker(Some("x"))),
    );
    fig.add_scatter(
        Scatter::new(
            column_values(&subst.index, Some(&added)),
            column_values(&subst.values, Some(&added)),
        )
        .mode(Mode::Markers)
        .name("added values")
        .line(color("green"))
        .marker(marker(Some("cross"))),
    );
    Ok(fig.into_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{try_plot, ts_series, H, T0};
    use rheo_core::Value;
    use serde_json::json;

    fn run(raw: SeriesValue, s: SeriesValue) -> Result<Json, ComponentError> {
        try_plot(
            &COMPONENT,
            &[
                ("raw_values", Value::Series(raw)),
                ("substitution_series", Value::Series(s)),
            ],
        )
    }

    fn ts(h: i64) -> String {
        format!("2020-01-01T{h:02}:00:00+00:00")
    }

    #[test]
    fn replaced_ignored_and_added_values() {
        // raw: 00 -> 1, 01 -> 2, 02 -> 3 (given unsorted, with a duplicate 01 dropped).
        let mut raw = SeriesValue::new(
            Column::from_datetime_ns(vec![T0 + 2 * H, T0, T0 + H, T0 + H], Tz::Utc),
            Column::from_i64(vec![3, 1, 2, 9]),
        );
        raw.name = Some("temp".into());
        // subst: 01 -> 20 (replace), 02 -> NaN (ignore), 03 -> 40 (add), 04 -> NaN (add).
        let s = ts_series(
            &[T0 + H, T0 + 2 * H, T0 + 3 * H, T0 + 4 * H],
            Tz::Utc,
            &[20.0, f64::NAN, 40.0, f64::NAN],
        );
        let fig = run(raw, s).unwrap();
        check_figure(&fig);
        assert_eq!(
            fig["data"][0],
            json!({"line": {"color": "blue"}, "mode": "markers+lines",
                   "name": "temp_substituted", "opacity": 0.6,
                   "x": [ts(0), ts(1), ts(3), ts(4)], "y": [1.0, 20.0, 40.0, null],
                   "type": "scatter"})
        );
        assert_eq!(
            fig["data"][1],
            json!({"line": {"color": "orange"}, "marker": {"opacity": 0.6, "size": 10},
                   "mode": "markers", "name": "replaced raw values", "x": [ts(1)],
                   "y": [2.0], "type": "scatter"})
        );
        assert_eq!(fig["data"][2]["name"], "ignored raw values");
        assert_eq!(fig["data"][2]["marker"]["symbol"], "x");
        assert_eq!(fig["data"][2]["x"], json!([ts(2)]));
        assert_eq!(fig["data"][2]["y"], json!([3.0]));
        assert_eq!(fig["data"][3]["name"], "added values");
        assert_eq!(fig["data"][3]["marker"]["symbol"], "cross");
        assert_eq!(fig["data"][3]["x"], json!([ts(3), ts(4)]));
        assert_eq!(fig["data"][3]["y"], json!([40.0, null]));
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "Values");
    }

    #[test]
    fn empty_substitution_and_errors() {
        let raw = ts_series(&[T0], Tz::Utc, &[f64::NAN]);
        let fig = run(raw.clone(), ts_series(&[], Tz::Utc, &[])).unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"].as_array().unwrap().len(), 4);
        assert_eq!(fig["data"][0]["name"], "raw_values_substituted");
        assert_eq!(fig["data"][0]["y"], json!([null]));
        assert_eq!(fig["data"][3]["x"], json!([]));
        let e = run(raw, ts_series(&[T0], Tz::Naive, &[1.0])).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let ints = SeriesValue::new(
            Column::from_i64(vec![2, 1]),
            Column::from_f64(vec![1.0, 2.0]),
        );
        let sub = SeriesValue::new(Column::from_i64(vec![2]), Column::from_i64(vec![5]));
        let fig = run(ints, sub).unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["x"], json!([1, 2]));
        assert_eq!(fig["data"][0]["y"], json!([2.0, 5.0]));
    }
}
