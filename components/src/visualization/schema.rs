//! Test-only validation of the plotly figure JSON the visualization components produce,
//! against plotly's schema for the attributes they use: known trace types, x/y arrays of
//! equal length, valid modes, axis references (`x`, `x2`, … — never `x1`), layout axis keys
//! with valid `anchor`/`overlaying`/`side`/`domain`/`position`, shapes, sliders, margins,
//! and every colour a valid CSS colour string. Unknown keys fail, so a typo in a builder is
//! caught.

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

/// Marker symbol names used by the components (a subset of plotly's symbol enumeration).
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

fn fail(path: &str, what: &str) -> ! {
    panic!("plotly schema violation at {path}: {what}")
}

fn obj<'a>(v: &'a Json, path: &str) -> &'a Map<String, Json> {
    v.as_object()
        .unwrap_or_else(|| fail(path, &format!("expected an object, got {v}")))
}

fn allowed_keys(m: &Map<String, Json>, keys: &[&str], path: &str) {
    for k in m.keys() {
        if !keys.contains(&k.as_str()) {
            fail(path, &format!("unknown key '{k}'"));
        }
    }
}

fn color(v: &Json, path: &str) {
    match v.as_str() {
        Some(s) if is_css_color(s) => {}
        _ => fail(path, &format!("not a CSS colour: {v}")),
    }
}

fn number_in(v: &Json, lo: f64, hi: f64, path: &str) {
    match v.as_f64() {
        Some(x) if (lo..=hi).contains(&x) => {}
        _ => fail(path, &format!("expected a number in [{lo}, {hi}], got {v}")),
    }
}

fn boolean(v: &Json, path: &str) {
    if !v.is_boolean() {
        fail(path, &format!("expected a boolean, got {v}"));
    }
}

fn string(v: &Json, path: &str) {
    if !v.is_string() {
        fail(path, &format!("expected a string, got {v}"));
    }
}

fn one_of(v: &Json, options: &[&str], path: &str) {
    match v.as_str() {
        Some(s) if options.contains(&s) => {}
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

fn font(v: &Json, path: &str) {
    let m = obj(v, path);
    allowed_keys(m, &["color", "size", "family"], path);
    if let Some(c) = m.get("color") {
        color(c, &format!("{path}.color"));
    }
    if let Some(s) = m.get("size") {
        number_in(s, 1.0, f64::INFINITY, &format!("{path}.size"));
    }
}

fn line(v: &Json, path: &str) {
    let m = obj(v, path);
    allowed_keys(m, &["color", "width", "dash"], path);
    if let Some(c) = m.get("color") {
        color(c, &format!("{path}.color"));
    }
    if let Some(w) = m.get("width") {
        number_in(w, 0.0, f64::INFINITY, &format!("{path}.width"));
    }
    if let Some(d) = m.get("dash") {
        one_of(
            d,
            &["solid", "dot", "dash", "longdash", "dashdot", "longdashdot"],
            path,
        );
    }
}

fn data_array<'a>(v: &'a Json, path: &str) -> &'a Vec<Json> {
    let a = v
        .as_array()
        .unwrap_or_else(|| fail(path, "data must be an array"));
    for (i, x) in a.iter().enumerate() {
        if !(x.is_null() || x.is_number() || x.is_string() || x.is_boolean()) {
            fail(&format!("{path}[{i}]"), &format!("not a scalar datum: {x}"));
        }
    }
    a
}

fn scatter(m: &Map<String, Json>, path: &str, axes: &[String]) {
    allowed_keys(
        m,
        &[
            "type", "x", "y", "mode", "name", "line", "marker", "opacity", "visible", "xaxis",
            "yaxis",
        ],
        path,
    );
    let x = m.get("x").map(|v| data_array(v, &format!("{path}.x")));
    let y = m.get("y").map(|v| data_array(v, &format!("{path}.y")));
    if let (Some(x), Some(y)) = (x, y) {
        if x.len() != y.len() {
            fail(
                path,
                &format!("x has {} entries, y has {}", x.len(), y.len()),
            );
        }
    }
    if let Some(mode) = m.get("mode") {
        let s = mode
            .as_str()
            .unwrap_or_else(|| fail(&format!("{path}.mode"), "not a string"));
        let flags: Vec<&str> = s.split('+').collect();
        let ok = s == "none"
            || flags
                .iter()
                .all(|f| ["lines", "markers", "text"].contains(f));
        if !ok {
            fail(&format!("{path}.mode"), &format!("invalid flaglist '{s}'"));
        }
    }
    if let Some(n) = m.get("name") {
        string(n, &format!("{path}.name"));
    }
    if let Some(l) = m.get("line") {
        line(l, &format!("{path}.line"));
    }
    if let Some(mk) = m.get("marker") {
        let p = format!("{path}.marker");
        let mm = obj(mk, &p);
        allowed_keys(mm, &["color", "size", "symbol", "opacity"], &p);
        if let Some(c) = mm.get("color") {
            color(c, &format!("{p}.color"));
        }
        if let Some(s) = mm.get("size") {
            number_in(s, 0.0, f64::INFINITY, &format!("{p}.size"));
        }
        if let Some(o) = mm.get("opacity") {
            number_in(o, 0.0, 1.0, &format!("{p}.opacity"));
        }
        if let Some(s) = mm.get("symbol") {
            one_of(s, SYMBOLS, &format!("{p}.symbol"));
        }
    }
    if let Some(o) = m.get("opacity") {
        number_in(o, 0.0, 1.0, &format!("{path}.opacity"));
    }
    if let Some(v) = m.get("visible") {
        if !(v.is_boolean() || v == "legendonly") {
            fail(
                &format!("{path}.visible"),
                "expected true, false or 'legendonly'",
            );
        }
    }
    for (key, letter) in [("xaxis", 'x'), ("yaxis", 'y')] {
        if let Some(a) = m.get(key) {
            let s = a.as_str().unwrap_or("");
            if !is_axis_id(s, letter) {
                fail(&format!("{path}.{key}"), &format!("invalid axis id {a}"));
            }
            if s.len() > 1 && !axes.iter().any(|x| x == s) {
                fail(
                    &format!("{path}.{key}"),
                    &format!("axis {s} not in the layout"),
                );
            }
        }
    }
}

fn axis(m: &Map<String, Json>, letter: char, id: &str, path: &str) {
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
    );
    let other = if letter == 'x' { 'y' } else { 'x' };
    if let Some(a) = m.get("anchor") {
        let s = a.as_str().unwrap_or("");
        if !(s == "free" || is_axis_id(s, other)) {
            fail(&format!("{path}.anchor"), &format!("invalid anchor {a}"));
        }
    }
    if let Some(o) = m.get("overlaying") {
        let s = o.as_str().unwrap_or("");
        if !(s == "free" || (is_axis_id(s, letter) && s != id)) {
            fail(
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
        one_of(s, sides, &format!("{path}.side"));
    }
    if let Some(d) = m.get("domain") {
        let a = d
            .as_array()
            .filter(|a| a.len() == 2)
            .unwrap_or_else(|| fail(&format!("{path}.domain"), "expected [start, end]"));
        number_in(&a[0], 0.0, 1.0, &format!("{path}.domain[0]"));
        number_in(&a[1], 0.0, 1.0, &format!("{path}.domain[1]"));
    }
    if let Some(p) = m.get("position") {
        number_in(p, 0.0, 1.0, &format!("{path}.position"));
    }
    for key in ["automargin", "showgrid", "showline"] {
        if let Some(b) = m.get(key) {
            boolean(b, &format!("{path}.{key}"));
        }
    }
    if let Some(c) = m.get("linecolor") {
        color(c, &format!("{path}.linecolor"));
    }
    if let Some(f) = m.get("tickfont") {
        font(f, &format!("{path}.tickfont"));
    }
    if let Some(t) = m.get("title") {
        let tm = obj(t, &format!("{path}.title"));
        allowed_keys(tm, &["text"], &format!("{path}.title"));
        if let Some(x) = tm.get("text") {
            string(x, &format!("{path}.title.text"));
        }
    }
}

fn shape(v: &Json, path: &str) {
    let m = obj(v, path);
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
        ],
        path,
    );
    one_of(
        m.get("type").unwrap_or(&Json::Null),
        &["line", "rect", "circle", "path"],
        &format!("{path}.type"),
    );
    for key in ["x0", "x1", "y0", "y1"] {
        match m.get(key) {
            Some(x) if x.is_null() || x.is_number() || x.is_string() => {}
            other => fail(
                &format!("{path}.{key}"),
                &format!("invalid coordinate {other:?}"),
            ),
        }
    }
    for (key, letter) in [("xref", 'x'), ("yref", 'y')] {
        if let Some(r) = m.get(key) {
            let s = r.as_str().unwrap_or("");
            if !(s == "paper" || is_axis_id(s, letter)) {
                fail(&format!("{path}.{key}"), &format!("invalid reference {r}"));
            }
        }
    }
    if let Some(l) = m.get("line") {
        line(l, &format!("{path}.line"));
    }
    if let Some(c) = m.get("fillcolor") {
        color(c, &format!("{path}.fillcolor"));
    }
    if let Some(l) = m.get("label") {
        let p = format!("{path}.label");
        let lm = obj(l, &p);
        allowed_keys(lm, &["text", "textangle", "font"], &p);
        if let Some(t) = lm.get("text") {
            string(t, &format!("{p}.text"));
        }
        if let Some(a) = lm.get("textangle") {
            number_in(a, -180.0, 180.0, &format!("{p}.textangle"));
        }
        if let Some(f) = lm.get("font") {
            font(f, &format!("{p}.font"));
        }
    }
}

fn slider(v: &Json, n_traces: usize, path: &str) {
    let m = obj(v, path);
    allowed_keys(m, &["active", "currentvalue", "pad", "steps"], path);
    let steps = m
        .get("steps")
        .and_then(Json::as_array)
        .unwrap_or_else(|| fail(&format!("{path}.steps"), "expected an array"));
    if let Some(a) = m.get("active") {
        match a.as_u64() {
            Some(i) if steps.is_empty() || (i as usize) < steps.len() => {}
            _ => fail(
                &format!("{path}.active"),
                &format!("invalid active step {a}"),
            ),
        }
    }
    if let Some(c) = m.get("currentvalue") {
        let cm = obj(c, &format!("{path}.currentvalue"));
        allowed_keys(cm, &["prefix"], path);
    }
    if let Some(p) = m.get("pad") {
        let pm = obj(p, &format!("{path}.pad"));
        allowed_keys(pm, &["t", "b", "l", "r"], path);
        for x in pm.values() {
            number_in(x, f64::NEG_INFINITY, f64::INFINITY, &format!("{path}.pad"));
        }
    }
    for (i, s) in steps.iter().enumerate() {
        let p = format!("{path}.steps[{i}]");
        let sm = obj(s, &p);
        allowed_keys(sm, &["args", "label", "method"], &p);
        one_of(
            sm.get("method").unwrap_or(&Json::Null),
            &["restyle", "relayout", "animate", "update", "skip"],
            &format!("{p}.method"),
        );
        if let Some(l) = sm.get("label") {
            string(l, &format!("{p}.label"));
        }
        if let Some(Json::Array(args)) = sm.get("args") {
            if let Some(vis) = args.first().and_then(|a| a.get("visible")) {
                let ok = vis
                    .as_array()
                    .is_some_and(|v| v.len() == n_traces && v.iter().all(Json::is_boolean));
                if !ok {
                    fail(
                        &format!("{p}.args[0].visible"),
                        "one boolean per trace expected",
                    );
                }
            }
        }
    }
}

/// Panics with a description of the first violation when `fig` is not a valid plotly
/// figure for the attributes the visualization components use.
pub fn check_figure(fig: &Json) {
    let top = obj(fig, "figure");
    allowed_keys(top, &["data", "layout"], "figure");
    let data = top
        .get("data")
        .and_then(Json::as_array)
        .unwrap_or_else(|| fail("figure.data", "expected an array"));
    let layout = obj(
        top.get("layout")
            .unwrap_or_else(|| fail("figure.layout", "missing")),
        "figure.layout",
    );
    let mut axes = Vec::new();
    for (key, value) in layout {
        let path = format!("layout.{key}");
        if let Some((letter, id)) = axis_key_id(key) {
            axis(obj(value, &path), letter, &id, &path);
            axes.push(id);
            continue;
        }
        match key.as_str() {
            "autosize" | "showlegend" => boolean(value, &path),
            "height" | "width" => number_in(value, 10.0, f64::INFINITY, &path),
            "hovermode" => one_of(
                value,
                &["x", "y", "closest", "x unified", "y unified"],
                &path,
            ),
            "margin" => {
                let m = obj(value, &path);
                allowed_keys(m, &["l", "r", "b", "t", "pad", "autoexpand"], &path);
                for (k, x) in m {
                    if k != "autoexpand" {
                        number_in(x, 0.0, f64::INFINITY, &format!("{path}.{k}"));
                    }
                }
            }
            "shapes" => {
                for (i, s) in value
                    .as_array()
                    .unwrap_or_else(|| fail(&path, "expected an array"))
                    .iter()
                    .enumerate()
                {
                    shape(s, &format!("{path}[{i}]"));
                }
            }
            "sliders" => {
                for (i, s) in value
                    .as_array()
                    .unwrap_or_else(|| fail(&path, "expected an array"))
                    .iter()
                    .enumerate()
                {
                    slider(s, data.len(), &format!("{path}[{i}]"));
                }
            }
            other => fail(&path, &format!("unknown layout key '{other}'")),
        }
    }
    // Overlaid axes must overlay an axis that exists.
    for (key, value) in layout {
        if axis_key_id(key).is_some() {
            if let Some(o) = value.get("overlaying").and_then(Json::as_str) {
                if o.len() > 1 && !axes.iter().any(|a| a == o) {
                    fail(
                        &format!("layout.{key}.overlaying"),
                        "overlays a missing axis",
                    );
                }
            }
        }
    }
    for (i, trace) in data.iter().enumerate() {
        let path = format!("data[{i}]");
        let m = obj(trace, &path);
        match m.get("type").and_then(Json::as_str) {
            Some("scatter") => scatter(m, &path, &axes),
            Some(t) => fail(&path, &format!("trace type '{t}' not covered")),
            None => fail(&path, "trace without a type"),
        }
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
}
