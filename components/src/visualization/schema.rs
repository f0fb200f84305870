//! Test-only validation of the plotly figure JSON the visualization components produce,
//! against plotly's schema for the attributes they use: known trace types (scatter, bar,
//! box, pie, heatmap, contour, table, scattermapbox), x/y (lat/lon, labels/values, z)
//! arrays of consistent lengths, valid modes and markers, axis references (`x`, `x2`, … —
//! never `x1`), layout axis keys with valid `anchor`/`overlaying`/`side`/`domain`/
//! `position`, shapes, sliders, margins, legends, and every colour a valid CSS colour
//! string and every colour scale a valid scale. Unknown scatter, axis, shape and layout
//! keys fail, so a typo in a builder is caught.

use serde_json::{Map, Value as Json};

/// CSS colour names plotly accepts (the CSS Color Module level 4 keywords).
const CSS_NAMES: &[&str] = &[
    "aliceblue",
    "antiquewhite",
    "aqua",
    "aquamarine",
    "azure",
    "beige",
    "bisque",
    "black",
    "blanchedalmond",
    "blue",
    "blueviolet",
    "brown",
    "burlywood",
    "cadetblue",
    "chartreuse",
    "chocolate",
    "coral",
    "cornflowerblue",
    "cornsilk",
    "crimson",
    "cyan",
    "darkblue",
    "darkcyan",
    "darkgoldenrod",
    "darkgray",
    "darkgrey",
    "darkgreen",
    "darkkhaki",
    "darkmagenta",
    "darkolivegreen",
    "darkorange",
    "darkorchid",
    "darkred",
    "darksalmon",
    "darkseagreen",
    "darkslateblue",
    "darkslategray",
    "darkslategrey",
    "darkturquoise",
    "darkviolet",
    "deeppink",
    "deepskyblue",
    "dimgray",
    "dimgrey",
    "dodgerblue",
    "firebrick",
    "floralwhite",
    "forestgreen",
    "fuchsia",
    "gainsboro",
    "ghostwhite",
    "gold",
    "goldenrod",
    "gray",
    "grey",
    "green",
    "greenyellow",
    "honeydew",
    "hotpink",
    "indianred",
    "indigo",
    "ivory",
    "khaki",
    "lavender",
    "lavenderblush",
    "lawngreen",
    "lemonchiffon",
    "lightblue",
    "lightcoral",
    "lightcyan",
    "lightgoldenrodyellow",
    "lightgray",
    "lightgrey",
    "lightgreen",
    "lightpink",
    "lightsalmon",
    "lightseagreen",
    "lightskyblue",
    "lightslategray",
    "lightslategrey",
    "lightsteelblue",
    "lightyellow",
    "lime",
    "limegreen",
    "linen",
    "magenta",
    "maroon",
    "mediumaquamarine",
    "mediumblue",
    "mediumorchid",
    "mediumpurple",
    "mediumseagreen",
    "mediumslateblue",
    "mediumspringgreen",
    "mediumturquoise",
    "mediumvioletred",
    "midnightblue",
    "mintcream",
    "mistyrose",
    "moccasin",
    "navajowhite",
    "navy",
    "oldlace",
    "olive",
    "olivedrab",
    "orange",
    "orangered",
    "orchid",
    "palegoldenrod",
    "palegreen",
    "paleturquoise",
    "palevioletred",
    "papayawhip",
    "peachpuff",
    "peru",
    "pink",
    "plum",
    "powderblue",
    "purple",
    "rebeccapurple",
    "red",
    "rosybrown",
    "royalblue",
    "saddlebrown",
    "salmon",
    "sandybrown",
    "seagreen",
    "seashell",
    "sienna",
    "silver",
    "skyblue",
    "slateblue",
    "slategray",
    "slategrey",
    "snow",
    "springgreen",
    "steelblue",
    "tan",
    "teal",
    "thistle",
    "tomato",
    "transparent",
    "turquoise",
    "violet",
    "wheat",
    "white",
    "whitesmoke",
    "yellow",
    "yellowgreen",
];

/// Marker symbol names used by the components (a subset of plotly's symbol enumeration;
/// symbols may also be given by number).
const SYMBOLS: &[&str] = &[
    "circle",
    "square",
    "diamond",
    "cross",
    "x",
    "triangle-up",
    "triangle-down",
    "star",
];

/// The outcome of a check: `Err("<path>: <what>")` at the first violation.
type Check<T = ()> = Result<T, String>;

/// Whether `s` is a colour plotly's colour validator accepts: a CSS name, `#rgb`,
/// `#rrggbb`, or `rgb(…)`/`rgba(…)`/`hsl(…)`/`hsla(…)` with the right number of numeric
/// components.
pub fn is_css_color(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    if let Some(hex) = s.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    for (func, n) in [("rgba", 4), ("rgb", 3), ("hsla", 4), ("hsl", 3)] {
        if let Some(rest) = s.strip_prefix(func) {
            let Some(inner) = rest
                .trim()
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
            else {
                return false;
            };
            let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
            let ok_count = parts.len() == n || (func.len() == 3 && parts.len() == 4);
            return ok_count
                && parts.iter().all(|p| {
                    p.trim_end_matches('%')
                        .parse::<f64>()
                        .is_ok_and(f64::is_finite)
                });
        }
    }
    CSS_NAMES.contains(&s.as_str())
}

fn fail<T>(path: &str, what: &str) -> Check<T> {
    Err(format!("{path}: {what}"))
}

fn obj<'a>(v: &'a Json, path: &str) -> Check<&'a Map<String, Json>> {
    match v.as_object() {
        Some(m) => Ok(m),
        None => fail(path, &format!("expected an object, got {v}")),
    }
}

fn array<'a>(v: &'a Json, path: &str) -> Check<&'a Vec<Json>> {
    match v.as_array() {
        Some(a) => Ok(a),
        None => fail(path, "expected an array"),
    }
}

fn allowed_keys(m: &Map<String, Json>, keys: &[&str], path: &str) -> Check {
    match m.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(k) => fail(path, &format!("unknown key '{k}'")),
        None => Ok(()),
    }
}

fn color(v: &Json, path: &str) -> Check {
    match v.as_str() {
        Some(s) if is_css_color(s) => Ok(()),
        _ => fail(path, &format!("not a CSS colour: {v}")),
    }
}

fn number_in(v: &Json, lo: f64, hi: f64, path: &str) -> Check {
    match v.as_f64() {
        Some(x) if (lo..=hi).contains(&x) => Ok(()),
        _ => fail(path, &format!("expected a number in [{lo}, {hi}], got {v}")),
    }
}

fn boolean(v: &Json, path: &str) -> Check {
    if v.is_boolean() {
        Ok(())
    } else {
        fail(path, &format!("expected a boolean, got {v}"))
    }
}

fn string(v: &Json, path: &str) -> Check {
    if v.is_string() {
        Ok(())
    } else {
        fail(path, &format!("expected a string, got {v}"))
    }
}

fn one_of(v: &Json, options: &[&str], path: &str) -> Check {
    match v.as_str() {
        Some(s) if options.contains(&s) => Ok(()),
        _ => fail(path, &format!("expected one of {options:?}, got {v}")),
    }
}

/// Whether `s` is an axis id of the given letter: `x`, `x2`, `x3`, … (plotly rejects `x1`
/// and `x0`).
fn is_axis_id(s: &str, letter: char) -> bool {
    let Some(rest) = s.strip_prefix(letter) else {
        return false;
    };
    rest.is_empty()
        || (rest.chars().all(|c| c.is_ascii_digit()) && !rest.starts_with('0') && rest != "1")
}

/// The axis id of a layout axis key (`xaxis` → `x`, `yaxis3` → `y3`), if it is one.
fn axis_key_id(key: &str) -> Option<(char, String)> {
    for letter in ['x', 'y'] {
        if let Some(rest) = key.strip_prefix(&format!("{letter}axis")) {
            let id = format!("{letter}{rest}");
            if is_axis_id(&id, letter) {
                return Some((letter, id));
            }
        }
    }
    None
}

fn title(v: &Json, path: &str) -> Check {
    let tm = obj(v, path)?;
    allowed_keys(tm, &["text"], path)?;
    match tm.get("text") {
        Some(x) => string(x, &format!("{path}.text")),
        None => Ok(()),
    }
}

fn font(v: &Json, path: &str) -> Check {
    let m = obj(v, path)?;
    allowed_keys(m, &["color", "size", "family"], path)?;
    if let Some(c) = m.get("color") {
        color(c, &format!("{path}.color"))?;
    }
    if let Some(s) = m.get("size") {
        number_in(s, 1.0, f64::INFINITY, &format!("{path}.size"))?;
    }
    Ok(())
}

fn line(v: &Json, path: &str) -> Check {
    let m = obj(v, path)?;
    allowed_keys(m, &["color", "width", "dash"], path)?;
    if let Some(c) = m.get("color") {
        color(c, &format!("{path}.color"))?;
    }
    if let Some(w) = m.get("width") {
        number_in(w, 0.0, f64::INFINITY, &format!("{path}.width"))?;
    }
    if let Some(d) = m.get("dash") {
        one_of(
            d,
            &["solid", "dot", "dash", "longdash", "dashdot", "longdashdot"],
            path,
        )?;
    }
    Ok(())
}

fn data_array<'a>(v: &'a Json, path: &str) -> Check<&'a Vec<Json>> {
    let Some(a) = v.as_array() else {
        return fail(path, "data must be an array");
    };
    for (i, x) in a.iter().enumerate() {
        if !(x.is_null() || x.is_number() || x.is_string() || x.is_boolean()) {
            return fail(&format!("{path}[{i}]"), &format!("not a scalar datum: {x}"));
        }
    }
    Ok(a)
}

/// A marker of `n` points: one colour or a colour/value per point, one size or a size
/// per point, a known symbol name or a symbol number.
fn marker(v: &Json, n: usize, path: &str) -> Check {
    let m = obj(v, path)?;
    allowed_keys(
        m,
        &[
            "color",
            "coloraxis",
            "opacity",
            "pattern",
            "size",
            "sizemode",
            "sizeref",
            "symbol",
        ],
        path,
    )?;
    for key in ["color", "size"] {
        if let Some(Json::Array(v)) = m.get(key) {
            if v.len() != n {
                return fail(
                    &format!("{path}.{key}"),
                    &format!("has {} entries, x {n}", v.len()),
                );
            }
        }
    }
    match m.get("color") {
        Some(Json::Array(items)) => {
            for (i, c) in items.iter().enumerate() {
                if c.is_string() {
                    color(c, &format!("{path}.color[{i}]"))?;
                }
            }
        }
        Some(c) => color(c, &format!("{path}.color"))?,
        None => {}
    }
    if let Some(s) = m.get("size") {
        if !s.is_array() {
            number_in(s, 0.0, f64::INFINITY, &format!("{path}.size"))?;
        }
    }
    if let Some(o) = m.get("opacity") {
        number_in(o, 0.0, 1.0, &format!("{path}.opacity"))?;
    }
    match m.get("symbol") {
        Some(s) if s.is_number() => number_in(s, 0.0, 152.0, &format!("{path}.symbol"))?,
        Some(s) => one_of(s, SYMBOLS, &format!("{path}.symbol"))?,
        None => {}
    }
    Ok(())
}

fn scatter(m: &Map<String, Json>, path: &str, axes: &[String]) -> Check {
    allowed_keys(
        m,
        &[
            "type",
            "x",
            "y",
            "mode",
            "name",
            "line",
            "marker",
            "opacity",
            "visible",
            "xaxis",
            "yaxis",
            "hovertemplate",
            "legendgroup",
            "orientation",
            "showlegend",
        ],
        path,
    )?;
    let x = match m.get("x") {
        Some(v) => Some(data_array(v, &format!("{path}.x"))?),
        None => None,
    };
    let y = match m.get("y") {
        Some(v) => Some(data_array(v, &format!("{path}.y"))?),
        None => None,
    };
    if let (Some(x), Some(y)) = (x, y) {
        if x.len() != y.len() {
            return fail(
                path,
                &format!("x has {} entries, y has {}", x.len(), y.len()),
            );
        }
    }
    if let Some(mode) = m.get("mode") {
        let Some(s) = mode.as_str() else {
            return fail(&format!("{path}.mode"), "not a string");
        };
        let ok = s == "none"
            || s.split('+')
                .all(|f| ["lines", "markers", "text"].contains(&f));
        if !ok {
            return fail(&format!("{path}.mode"), &format!("invalid flaglist '{s}'"));
        }
    }
    for key in ["name", "hovertemplate", "legendgroup"] {
        if let Some(n) = m.get(key) {
            string(n, &format!("{path}.{key}"))?;
        }
    }
    if let Some(o) = m.get("orientation") {
        one_of(o, &["v", "h"], &format!("{path}.orientation"))?;
    }
    if let Some(b) = m.get("showlegend") {
        boolean(b, &format!("{path}.showlegend"))?;
    }
    if let Some(l) = m.get("line") {
        line(l, &format!("{path}.line"))?;
    }
    if let Some(mk) = m.get("marker") {
        marker(mk, x.map_or(0, Vec::len), &format!("{path}.marker"))?;
    }
    if let Some(o) = m.get("opacity") {
        number_in(o, 0.0, 1.0, &format!("{path}.opacity"))?;
    }
    if let Some(v) = m.get("visible") {
        if !(v.is_boolean() || v == "legendonly") {
            return fail(
                &format!("{path}.visible"),
                "expected true, false or 'legendonly'",
            );
        }
    }
    for (key, letter) in [("xaxis", 'x'), ("yaxis", 'y')] {
        if let Some(a) = m.get(key) {
            let s = a.as_str().unwrap_or("");
            if !is_axis_id(s, letter) {
                return fail(&format!("{path}.{key}"), &format!("invalid axis id {a}"));
            }
            if s.len() > 1 && !axes.iter().any(|x| x == s) {
                return fail(
                    &format!("{path}.{key}"),
                    &format!("axis {s} not in the layout"),
                );
            }
        }
    }
    Ok(())
}

fn arr<'a>(t: &'a Map<String, Json>, key: &str) -> Option<&'a Vec<Json>> {
    t.get(key).and_then(Json::as_array)
}

fn same_len(t: &Map<String, Json>, a: &str, b: &str, path: &str) -> Check {
    match (arr(t, a), arr(t, b)) {
        (Some(x), Some(y)) if x.len() != y.len() => fail(
            path,
            &format!("{a} has {} entries, {b} has {}", x.len(), y.len()),
        ),
        _ => Ok(()),
    }
}

/// A heatmap or contour: `z` rows of equal length matching `x`, one row per `y`, hover
/// texts shaped like `z`.
fn matrix(t: &Map<String, Json>, path: &str) -> Check {
    let Some(z) = arr(t, "z") else {
        return fail(path, "z missing");
    };
    let width = z.first().and_then(Json::as_array).map_or(0, Vec::len);
    if z.iter()
        .any(|r| r.as_array().is_none_or(|r| r.len() != width))
    {
        return fail(path, "z rows differ in length");
    }
    if let Some(x) = arr(t, "x") {
        if !z.is_empty() && x.len() != width {
            return fail(path, &format!("x has {} entries, z rows {width}", x.len()));
        }
    }
    if let Some(y) = arr(t, "y") {
        if y.len() != z.len() {
            return fail(
                path,
                &format!("y has {} entries, z {} rows", y.len(), z.len()),
            );
        }
    }
    if let Some(h) = arr(t, "hovertext") {
        if h.len() != z.len()
            || h.iter()
                .any(|r| r.as_array().is_none_or(|r| r.len() != width))
        {
            return fail(path, "hovertext shape differs from z");
        }
    }
    Ok(())
}

/// A table: as many header values as cell columns, cell columns of equal length.
fn table(t: &Map<String, Json>, path: &str) -> Check {
    let header = array(&t["header"]["values"], &format!("{path}.header.values"))?;
    let cells = array(&t["cells"]["values"], &format!("{path}.cells.values"))?;
    if header.len() != cells.len() {
        return fail(path, "header and cell columns differ");
    }
    let h = cells.first().and_then(Json::as_array).map_or(0, Vec::len);
    if cells
        .iter()
        .any(|c| c.as_array().is_none_or(|c| c.len() != h))
    {
        return fail(path, "cell columns differ in length");
    }
    if arr(t, "columnwidth").is_some_and(|w| w.len() != header.len()) {
        return fail(path, "columnwidth length differs from the header");
    }
    Ok(())
}

/// A scattermapbox: per-point data as long as `lat`.
fn scattermapbox(t: &Map<String, Json>, path: &str) -> Check {
    same_len(t, "lat", "lon", path)?;
    let n = arr(t, "lat").map_or(0, Vec::len);
    for key in ["hovertext", "customdata"] {
        if arr(t, key).is_some_and(|v| v.len() != n) {
            return fail(path, &format!("{key} length differs from lat"));
        }
    }
    match t.get("marker") {
        Some(mk) => marker(mk, n, &format!("{path}.marker")),
        None => Ok(()),
    }
}

/// A bar or box trace: x and y of equal length and a marker with one entry per point.
fn bar_or_box(t: &Map<String, Json>, path: &str) -> Check {
    same_len(t, "x", "y", path)?;
    if let Some(l) = t.get("line") {
        line(l, &format!("{path}.line"))?;
    }
    match t.get("marker") {
        Some(mk) => marker(
            mk,
            arr(t, "x").map_or(0, Vec::len),
            &format!("{path}.marker"),
        ),
        None => Ok(()),
    }
}

fn colorscale(cs: &Json, path: &str) -> Check {
    let stops = array(cs, path)?;
    if stops.len() < 2 {
        return fail(path, "colorscale needs at least two stops");
    }
    let mut last = f64::NEG_INFINITY;
    for (i, s) in stops.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let Some(pair) = s.as_array().filter(|p| p.len() == 2) else {
            return fail(&p, "stop is not a pair");
        };
        let Some(x) = pair[0].as_f64() else {
            return fail(&p, "stop position is not a number");
        };
        if !(0.0..=1.0).contains(&x) || x < last {
            return fail(&p, &format!("stop at {x} out of order"));
        }
        color(&pair[1], &p)?;
        last = x;
    }
    if stops[0][0].as_f64() != Some(0.0) || stops[stops.len() - 1][0].as_f64() != Some(1.0) {
        return fail(path, "colorscale must run from 0 to 1");
    }
    Ok(())
}

/// Every `color`/`fillcolor` string (or array of strings) below `v` is a CSS colour and
/// every `colorscale` a valid scale.
fn all_colors(v: &Json, path: &str) -> Check {
    match v {
        Json::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}.{k}");
                match (k.as_str(), x) {
                    ("color" | "fillcolor", Json::String(_)) => color(x, &p)?,
                    ("color", Json::Array(items)) => {
                        for it in items.iter().filter(|it| it.is_string()) {
                            color(it, &p)?;
                        }
                    }
                    ("colorscale", cs) => colorscale(cs, &p)?,
                    _ => all_colors(x, &p)?,
                }
            }
            Ok(())
        }
        Json::Array(items) => items.iter().try_for_each(|x| all_colors(x, path)),
        _ => Ok(()),
    }
}

fn axis(m: &Map<String, Json>, letter: char, id: &str, path: &str) -> Check {
    allowed_keys(
        m,
        &[
            "anchor",
            "automargin",
            "domain",
            "linecolor",
            "overlaying",
            "position",
            "showgrid",
            "showline",
            "side",
            "tickfont",
            "title",
            "autorange",
        ],
        path,
    )?;
    let other = if letter == 'x' { 'y' } else { 'x' };
    if let Some(a) = m.get("anchor") {
        let s = a.as_str().unwrap_or("");
        if !(s == "free" || is_axis_id(s, other)) {
            return fail(&format!("{path}.anchor"), &format!("invalid anchor {a}"));
        }
    }
    if let Some(o) = m.get("overlaying") {
        let s = o.as_str().unwrap_or("");
        if !(s == "free" || (is_axis_id(s, letter) && s != id)) {
            return fail(
                &format!("{path}.overlaying"),
                &format!("invalid overlaying {o}"),
            );
        }
    }
    if let Some(s) = m.get("side") {
        let sides: &[&str] = if letter == 'x' {
            &["top", "bottom"]
        } else {
            &["left", "right"]
        };
        one_of(s, sides, &format!("{path}.side"))?;
    }
    if let Some(d) = m.get("domain") {
        let Some(a) = d.as_array().filter(|a| a.len() == 2) else {
            return fail(&format!("{path}.domain"), "expected [start, end]");
        };
        number_in(&a[0], 0.0, 1.0, &format!("{path}.domain[0]"))?;
        number_in(&a[1], 0.0, 1.0, &format!("{path}.domain[1]"))?;
    }
    if let Some(p) = m.get("position") {
        number_in(p, 0.0, 1.0, &format!("{path}.position"))?;
    }
    for key in ["automargin", "showgrid", "showline"] {
        if let Some(b) = m.get(key) {
            boolean(b, &format!("{path}.{key}"))?;
        }
    }
    if let Some(a) = m.get("autorange") {
        if !a.is_boolean() {
            one_of(a, &["reversed"], &format!("{path}.autorange"))?;
        }
    }
    if let Some(c) = m.get("linecolor") {
        color(c, &format!("{path}.linecolor"))?;
    }
    if let Some(f) = m.get("tickfont") {
        font(f, &format!("{path}.tickfont"))?;
    }
    if let Some(t) = m.get("title") {
        title(t, &format!("{path}.title"))?;
    }
    Ok(())
}

fn shape(v: &Json, path: &str) -> Check {
    let m = obj(v, path)?;
    allowed_keys(
        m,
        &[
            "type",
            "x0",
            "x1",
            "y0",
            "y1",
            "xref",
            "yref",
            "line",
            "fillcolor",
            "label",
            "name",
        ],
        path,
    )?;
    one_of(
        m.get("type").unwrap_or(&Json::Null),
        &["line", "rect", "circle", "path"],
        &format!("{path}.type"),
    )?;
    for key in ["x0", "x1", "y0", "y1"] {
        match m.get(key) {
            Some(x) if x.is_null() || x.is_number() || x.is_string() => {}
            other => {
                return fail(
                    &format!("{path}.{key}"),
                    &format!("invalid coordinate {other:?}"),
                )
            }
        }
    }
    for (key, letter) in [("xref", 'x'), ("yref", 'y')] {
        if let Some(r) = m.get(key) {
            let s = r.as_str().unwrap_or("");
            if !(s == "paper" || is_axis_id(s, letter)) {
                return fail(&format!("{path}.{key}"), &format!("invalid reference {r}"));
            }
        }
    }
    if let Some(l) = m.get("line") {
        line(l, &format!("{path}.line"))?;
    }
    if let Some(c) = m.get("fillcolor") {
        color(c, &format!("{path}.fillcolor"))?;
    }
    if let Some(n) = m.get("name") {
        string(n, &format!("{path}.name"))?;
    }
    if let Some(l) = m.get("label") {
        let p = format!("{path}.label");
        let lm = obj(l, &p)?;
        allowed_keys(lm, &["text", "textangle", "font"], &p)?;
        if let Some(t) = lm.get("text") {
            string(t, &format!("{p}.text"))?;
        }
        if let Some(a) = lm.get("textangle") {
            number_in(a, -180.0, 180.0, &format!("{p}.textangle"))?;
        }
        if let Some(f) = lm.get("font") {
            font(f, &format!("{p}.font"))?;
        }
    }
    Ok(())
}

fn slider(v: &Json, n_traces: usize, path: &str) -> Check {
    let m = obj(v, path)?;
    allowed_keys(m, &["active", "currentvalue", "pad", "steps"], path)?;
    let steps = match m.get("steps") {
        Some(s) => array(s, &format!("{path}.steps"))?,
        None => return fail(&format!("{path}.steps"), "expected an array"),
    };
    if let Some(a) = m.get("active") {
        match a.as_u64() {
            Some(i) if steps.is_empty() || (i as usize) < steps.len() => {}
            _ => {
                return fail(
                    &format!("{path}.active"),
                    &format!("invalid active step {a}"),
                )
            }
        }
    }
    if let Some(c) = m.get("currentvalue") {
        let cm = obj(c, &format!("{path}.currentvalue"))?;
        allowed_keys(cm, &["prefix"], path)?;
    }
    if let Some(p) = m.get("pad") {
        let pm = obj(p, &format!("{path}.pad"))?;
        allowed_keys(pm, &["t", "b", "l", "r"], path)?;
        for x in pm.values() {
            number_in(x, f64::NEG_INFINITY, f64::INFINITY, &format!("{path}.pad"))?;
        }
    }
    for (i, s) in steps.iter().enumerate() {
        let p = format!("{path}.steps[{i}]");
        let sm = obj(s, &p)?;
        allowed_keys(sm, &["args", "label", "method"], &p)?;
        one_of(
            sm.get("method").unwrap_or(&Json::Null),
            &["restyle", "relayout", "animate", "update", "skip"],
            &format!("{p}.method"),
        )?;
        if let Some(l) = sm.get("label") {
            string(l, &format!("{p}.label"))?;
        }
        if let Some(Json::Array(args)) = sm.get("args") {
            if let Some(vis) = args.first().and_then(|a| a.get("visible")) {
                let ok = vis
                    .as_array()
                    .is_some_and(|v| v.len() == n_traces && v.iter().all(Json::is_boolean));
                if !ok {
                    return fail(
                        &format!("{p}.args[0].visible"),
                        "one boolean per trace expected",
                    );
                }
            }
        }
    }
    Ok(())
}

/// The layout keys that are not axes.
fn layout_entry(key: &str, value: &Json, n_traces: usize, path: &str) -> Check {
    match key {
        "autosize" | "showlegend" => boolean(value, path),
        "height" | "width" => number_in(value, 10.0, f64::INFINITY, path),
        "hovermode" => one_of(
            value,
            &["x", "y", "closest", "x unified", "y unified"],
            path,
        ),
        "barmode" => one_of(value, &["stack", "group", "overlay", "relative"], path),
        "boxmode" => one_of(value, &["group", "overlay"], path),
        "coloraxis" => allowed_keys(obj(value, path)?, &["colorbar", "colorscale"], path),
        "legend" => {
            let m = obj(value, path)?;
            allowed_keys(m, &["itemsizing", "title", "tracegroupgap"], path)?;
            if let Some(t) = m.get("title") {
                title(t, &format!("{path}.title"))?;
            }
            Ok(())
        }
        "mapbox" => allowed_keys(
            obj(value, path)?,
            &["center", "domain", "style", "zoom"],
            path,
        ),
        "margin" => {
            let m = obj(value, path)?;
            allowed_keys(m, &["l", "r", "b", "t", "pad", "autoexpand"], path)?;
            for (k, x) in m {
                if k != "autoexpand" {
                    number_in(x, 0.0, f64::INFINITY, &format!("{path}.{k}"))?;
                }
            }
            Ok(())
        }
        "shapes" => {
            for (i, s) in array(value, path)?.iter().enumerate() {
                shape(s, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        "sliders" => {
            for (i, s) in array(value, path)?.iter().enumerate() {
                slider(s, n_traces, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        other => fail(path, &format!("unknown layout key '{other}'")),
    }
}

/// Checks `fig` against plotly's schema for the attributes the visualization components
/// use; `Err` describes the first violation (`"<path>: <what>"`).
pub fn validate(fig: &Json) -> Check {
    let top = obj(fig, "figure")?;
    allowed_keys(top, &["data", "layout"], "figure")?;
    let data = match top.get("data") {
        Some(d) => array(d, "figure.data")?,
        None => return fail("figure.data", "expected an array"),
    };
    let layout = match top.get("layout") {
        Some(l) => obj(l, "figure.layout")?,
        None => return fail("figure.layout", "missing"),
    };
    let mut axes = Vec::new();
    for (key, value) in layout {
        let path = format!("layout.{key}");
        if let Some((letter, id)) = axis_key_id(key) {
            axis(obj(value, &path)?, letter, &id, &path)?;
            axes.push(id);
        } else {
            layout_entry(key, value, data.len(), &path)?;
        }
    }
    // Overlaid axes must overlay an axis that exists.
    for (key, value) in layout {
        if axis_key_id(key).is_some() {
            if let Some(o) = value.get("overlaying").and_then(Json::as_str) {
                if o.len() > 1 && !axes.iter().any(|a| a == o) {
                    return fail(
                        &format!("layout.{key}.overlaying"),
                        "overlays a missing axis",
                    );
                }
            }
        }
    }
    for (i, trace) in data.iter().enumerate() {
        let path = format!("data[{i}]");
        let m = obj(trace, &path)?;
        match m.get("type").and_then(Json::as_str) {
            Some("scatter") => scatter(m, &path, &axes)?,
            Some("bar" | "box") => bar_or_box(m, &path)?,
            Some("heatmap" | "contour") => matrix(m, &path)?,
            Some("pie") => same_len(m, "labels", "values", &path)?,
            Some("table") => table(m, &path)?,
            Some("scattermapbox") => scattermapbox(m, &path)?,
            Some(t) => fail(&path, &format!("trace type '{t}' not covered"))?,
            None => fail(&path, "trace without a type")?,
        }
    }
    all_colors(fig, "figure")
}

/// Panics with a description of the first violation when `fig` is not a valid plotly
/// figure for the attributes the visualization components use (see [`validate`]).
pub fn check_figure(fig: &Json) {
    if let Err(e) = validate(fig) {
        panic!("plotly schema violation at {e}\n{fig:#}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_css_colours_and_rejects_others() {
        for ok in [
            "red",
            "#1199bb",
            "#abc",
            "rgb(40, 251, 0)",
            "rgba(251, 40, 0, 0.4)",
            "hsl(0,100%,50%)",
            "slategray",
            "LimeGreen",
            "#636EFA",
        ] {
            assert!(is_css_color(ok), "{ok}");
        }
        for bad in [
            "",
            "redd",
            "#12345",
            "rgb(1,2)",
            "rgba(1,2,3)",
            "rgb(a,b,c)",
            "#ggg",
        ] {
            assert!(!is_css_color(bad), "{bad}");
        }
    }

    #[test]
    fn axis_ids_follow_plotly() {
        assert!(is_axis_id("x", 'x') && is_axis_id("x2", 'x') && is_axis_id("y10", 'y'));
        assert!(!is_axis_id("x1", 'x') && !is_axis_id("x0", 'x') && !is_axis_id("y2", 'x'));
        assert_eq!(axis_key_id("yaxis3"), Some(('y', "y3".into())));
        assert_eq!(axis_key_id("xaxis1"), None);
    }

    #[test]
    fn accepts_a_valid_figure() {
        check_figure(&json!({
            "data": [{"line": {"color": "red"}, "mode": "lines+markers", "x": [1, 2],
                      "y": [null, 2.0], "yaxis": "y2", "type": "scatter"}],
            "layout": {"xaxis": {"domain": [0, 0.94]}, "yaxis2": {"overlaying": "y",
                       "side": "right", "anchor": "x"}, "height": 200,
                       "shapes": [{"type": "rect", "x0": "a", "x1": "b", "y0": 0, "y1": 1,
                                   "fillcolor": "rgba(1, 2, 3, 0.5)"}]}
        }));
    }

    #[test]
    #[should_panic(expected = "x has 2 entries, y has 1")]
    fn rejects_unequal_lengths() {
        check_figure(&json!({"data": [{"x": [1, 2], "y": [1], "type": "scatter"}], "layout": {}}));
    }

    #[test]
    #[should_panic(expected = "layout.yaxis2.side")]
    fn rejects_bad_side() {
        check_figure(&json!({"data": [], "layout": {"yaxis2": {"side": "top"}}}));
    }

    #[test]
    #[should_panic(expected = "not a CSS colour")]
    fn rejects_bad_colour() {
        check_figure(
            &json!({"data": [{"x": [], "y": [], "line": {"color": "bluish"},
                                       "type": "scatter"}], "layout": {}}),
        );
    }

    #[test]
    #[should_panic(expected = "overlays a missing axis")]
    fn rejects_dangling_overlay() {
        check_figure(&json!({"data": [], "layout": {"yaxis3": {"overlaying": "y2"}}}));
    }

    #[test]
    #[should_panic(expected = "unknown layout key")]
    fn rejects_unknown_layout_key() {
        check_figure(&json!({"data": [], "layout": {"xaxis1": {}}}));
    }

    #[test]
    fn css_colours() {
        for ok in [
            "#1199bb",
            "#fff",
            "rgb(40, 251, 0)",
            "rgba(251, 40, 0, 0.4)",
            "Gray",
            "mediumvioletred",
        ] {
            assert!(is_css_color(ok), "{ok}");
        }
        for bad in ["#12", "#ggg", "rgb(1,2)", "rgb(1,2,3", "blurple", ""] {
            assert!(!is_css_color(bad), "{bad}");
        }
    }

    #[test]
    fn schema_rejects_inconsistent_figures() {
        let cases = [
            json!({"data": [{"type": "sankey"}], "layout": {}}),
            json!({"data": [{"type": "scatter", "x": [1], "y": []}], "layout": {}}),
            json!({"data": [{"type": "pie", "labels": ["a"], "values": []}], "layout": {}}),
            json!({"data": [{"type": "heatmap", "z": [[1, 2], [3]]}], "layout": {}}),
            json!({"data": [{"type": "heatmap", "z": [[1, 2]], "x": ["a"]}], "layout": {}}),
            json!({"data": [{"type": "scatter", "x": [], "y": [], "line": {"color": "nocolour"}}], "layout": {}}),
            json!({"data": [], "layout": {"template": {}}}),
            json!({"data": [{"type": "table", "header": {"values": ["a"]}, "cells": {"values": []}}], "layout": {}}),
            json!({"data": [{"type": "scattermapbox", "lat": [1], "lon": [2], "hovertext": []}], "layout": {}}),
        ];
        for c in cases {
            assert!(validate(&c).is_err(), "{c}");
        }
    }
}
