//! CSS colours as plotly accepts them (`"red"`, `"#1f77b4"`, `"#abc"`, `"rgb(1, 2, 3)"`,
//! `"rgba(1, 2, 3, 0.5)"`, `"hsl(120, 50%, 50%)"`), plotly's default colourway and the
//! colour scales used for heatmaps and colour-mapped markers.

use serde_json::Value as Json;

/// An RGBA colour with alpha in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 0 = transparent.
    pub a: f64,
}

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Rgba { r, g, b, a: 1.0 }
    }

    /// The same colour with its opacity multiplied by `f`.
    pub fn fade(self, f: f64) -> Self {
        Rgba {
            a: (self.a * f).clamp(0.0, 1.0),
            ..self
        }
    }

    /// Linear interpolation towards `o` (`t` = 0 → self, 1 → `o`).
    pub fn lerp(self, o: Rgba, t: f64) -> Rgba {
        let m = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
        Rgba {
            r: m(self.r, o.r),
            g: m(self.g, o.g),
            b: m(self.b, o.b),
            a: self.a + (o.a - self.a) * t,
        }
    }
}

/// Black.
pub const BLACK: Rgba = Rgba::rgb(0, 0, 0);
/// White.
pub const WHITE: Rgba = Rgba::rgb(255, 255, 255);
/// plotly's text and axis-line grey (`#444`).
pub const TEXT: Rgba = Rgba::rgb(0x44, 0x44, 0x44);
/// plotly's grid colour without a template (`#eee`).
pub const GRID: Rgba = Rgba::rgb(0xee, 0xee, 0xee);

/// plotly.js's default colourway (used when the figure has no template).
pub const DEFAULT_COLORWAY: [Rgba; 10] = [
    Rgba::rgb(0x1f, 0x77, 0xb4),
    Rgba::rgb(0xff, 0x7f, 0x0e),
    Rgba::rgb(0x2c, 0xa0, 0x2c),
    Rgba::rgb(0xd6, 0x27, 0x28),
    Rgba::rgb(0x94, 0x67, 0xbd),
    Rgba::rgb(0x8c, 0x56, 0x4b),
    Rgba::rgb(0xe3, 0x77, 0xc2),
    Rgba::rgb(0x7f, 0x7f, 0x7f),
    Rgba::rgb(0xbc, 0xbd, 0x22),
    Rgba::rgb(0x17, 0xbe, 0xcf),
];

/// Parses a CSS colour string; `None` for anything unrecognised.
pub fn parse(s: &str) -> Option<Rgba> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        return parse_hex(hex);
    }
    let lower = s.to_ascii_lowercase();
    if let Some(open) = lower.find('(') {
        let func = lower[..open].trim();
        let inner = lower[open + 1..].trim_end().strip_suffix(')')?;
        let parts: Vec<&str> = inner
            .split([',', '/', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let num = |p: &str| -> Option<f64> {
            match p.strip_suffix('%') {
                Some(v) => v.parse::<f64>().ok().map(|v| v / 100.0 * 255.0),
                None => p.parse::<f64>().ok(),
            }
        };
        let alpha = |p: Option<&&str>| -> Option<f64> {
            match p {
                None => Some(1.0),
                Some(p) => match p.strip_suffix('%') {
                    Some(v) => v.parse::<f64>().ok().map(|v| v / 100.0),
                    None => p.parse::<f64>().ok(),
                },
            }
        };
        let byte = |v: f64| v.round().clamp(0.0, 255.0) as u8;
        return match func {
            "rgb" | "rgba" if parts.len() >= 3 => Some(Rgba {
                r: byte(num(parts[0])?),
                g: byte(num(parts[1])?),
                b: byte(num(parts[2])?),
                a: alpha(parts.get(3))?.clamp(0.0, 1.0),
            }),
            "hsl" | "hsla" if parts.len() >= 3 => {
                let h = parts[0].trim_end_matches("deg").parse::<f64>().ok()?;
                let pct = |p: &str| {
                    p.trim_end_matches('%')
                        .parse::<f64>()
                        .ok()
                        .map(|v| v / 100.0)
                };
                let (r, g, b) = hsl_to_rgb(h, pct(parts[1])?, pct(parts[2])?);
                Some(Rgba {
                    r,
                    g,
                    b,
                    a: alpha(parts.get(3))?.clamp(0.0, 1.0),
                })
            }
            _ => None,
        };
    }
    if lower == "transparent" {
        return Some(Rgba {
            r: 0,
            g: 0,
            b: 0,
            a: 0.0,
        });
    }
    NAMED
        .binary_search_by(|(n, _)| n.cmp(&lower.as_str()))
        .ok()
        .map(|i| {
            let v = NAMED[i].1;
            Rgba::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
        })
}

/// A JSON colour value (string) or `None`.
pub fn from_json(v: &Json) -> Option<Rgba> {
    v.as_str().and_then(parse)
}

fn parse_hex(hex: &str) -> Option<Rgba> {
    let d = |c: u8| (c as char).to_digit(16).map(|v| v as u8);
    let b = hex.as_bytes();
    match b.len() {
        3 | 4 => {
            let v: Option<Vec<u8>> = b.iter().map(|&c| d(c).map(|x| x * 17)).collect();
            let v = v?;
            Some(Rgba {
                r: v[0],
                g: v[1],
                b: v[2],
                a: v.get(3).map_or(1.0, |&a| a as f64 / 255.0),
            })
        }
        6 | 8 => {
            let v: Option<Vec<u8>> = b
                .chunks(2)
                .map(|p| Some(d(p[0])? * 16 + d(p[1])?))
                .collect();
            let v = v?;
            Some(Rgba {
                r: v[0],
                g: v[1],
                b: v[2],
                a: v.get(3).map_or(1.0, |&a| a as f64 / 255.0),
            })
        }
        _ => None,
    }
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (u8, u8, u8) {
    let h = h.rem_euclid(360.0) / 360.0;
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let f = |mut t: f64| {
        if t < 0.0 {
            t += 1.0;
        }
        if t > 1.0 {
            t -= 1.0;
        }
        let v = if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        };
        (v * 255.0).round().clamp(0.0, 255.0) as u8
    };
    (f(h + 1.0 / 3.0), f(h), f(h - 1.0 / 3.0))
}

/// A continuous colour scale: stops `(position in [0, 1], colour)` in ascending order.
#[derive(Debug, Clone)]
pub struct ColorScale(pub Vec<(f64, Rgba)>);

impl ColorScale {
    /// The colour at `t` in `[0, 1]` (clamped).
    pub fn at(&self, t: f64) -> Rgba {
        let stops = &self.0;
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        for w in stops.windows(2) {
            let (p0, c0) = w[0];
            let (p1, c1) = w[1];
            if t <= p1 {
                let f = if p1 > p0 { (t - p0) / (p1 - p0) } else { 0.0 };
                return c0.lerp(c1, f);
            }
        }
        stops.last().map_or(BLACK, |s| s.1)
    }

    /// The scale named by or given in `v` (plotly's `colorscale`: a name such as
    /// `"Viridis"` or a list of `[position, colour]` pairs); plotly's default
    /// (`"Plasma"`-like sequential scale) otherwise. `reverse` flips it.
    pub fn from_json(v: Option<&Json>, reverse: bool) -> ColorScale {
        let mut scale = match v {
            Some(Json::String(name)) => named_scale(name),
            Some(Json::Array(items)) => {
                let stops: Vec<(f64, Rgba)> = items
                    .iter()
                    .filter_map(|p| {
                        let p = p.as_array()?;
                        Some((p.first()?.as_f64()?, from_json(p.get(1)?)?))
                    })
                    .collect();
                (stops.len() >= 2).then_some(stops)
            }
            _ => None,
        }
        .unwrap_or_else(|| named_scale("Plasma").unwrap_or_default());
        if reverse {
            scale = scale.into_iter().rev().map(|(p, c)| (1.0 - p, c)).collect();
        }
        ColorScale(scale)
    }
}

fn named_scale(name: &str) -> Option<Vec<(f64, Rgba)>> {
    let hexes: &[&str] = match name.to_ascii_lowercase().as_str() {
        "viridis" => &[
            "#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58",
            "#b5de2b", "#fde725",
        ],
        "plasma" => &[
            "#0d0887", "#46039f", "#7201a8", "#9c179e", "#bd3786", "#d8576b", "#ed7953", "#fb9f3a",
            "#fdca26", "#f0f921",
        ],
        "rdbu" => &[
            "#050aac", "#6a89f7", "#bebebe", "#dcaa84", "#e6915a", "#b20a1c",
        ],
        "blues" => &[
            "#000033", "#0000cc", "#3366ff", "#6699ff", "#99ccff", "#ffffff",
        ],
        "reds" => &["#dcdcdc", "#f5c3a0", "#ea9168", "#db5d3b", "#b20a1c"],
        "greys" | "greys_r" => &["#000000", "#ffffff"],
        "hot" => &["#000000", "#e60000", "#ffd200", "#ffffff"],
        "jet" => &[
            "#000083", "#003caa", "#05ffff", "#ffff00", "#fa0000", "#800000",
        ],
        "bluered" => &["#0000ff", "#ff0000"],
        "ylgnbu" => &[
            "#081d58", "#253494", "#225ea8", "#1d91c0", "#41b6c4", "#7fcdbb", "#c7e9b4", "#edf8d9",
            "#ffffd9",
        ],
        "ylorrd" => &[
            "#800026", "#bd0026", "#e31a1c", "#fc4e2a", "#fd8d3c", "#feb24c", "#fed976", "#ffeda0",
            "#ffffcc",
        ],
        "portland" => &["#0c3383", "#0a88ba", "#f2d338", "#f28f38", "#d91e1e"],
        "electric" => &[
            "#000000", "#1e0064", "#780064", "#a05a00", "#e6c800", "#fffadc",
        ],
        "picnic" => &[
            "#0000ff", "#3399ff", "#66ccff", "#99ccff", "#ccccff", "#ffffff", "#ffccff", "#ff99ff",
            "#ff66cc", "#ff6666", "#ff0000",
        ],
        "rainbow" => &[
            "#96005a", "#0000c8", "#0019ff", "#0098ff", "#2cff96", "#97ff00", "#ffea00", "#ff6f00",
            "#ff0000",
        ],
        "earth" => &[
            "#000082", "#00b4b4", "#28d228", "#e6e632", "#784614", "#ffffff",
        ],
        "cividis" => &[
            "#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8678", "#a59c74", "#c3b369",
            "#e1cc55", "#fee838",
        ],
        _ => return None,
    };
    let n = hexes.len() - 1;
    Some(
        hexes
            .iter()
            .enumerate()
            .filter_map(|(i, h)| Some((i as f64 / n as f64, parse(h)?)))
            .collect(),
    )
}

/// CSS named colours (sorted by name for binary search), as `0xRRGGBB`.
static NAMED: &[(&str, u32)] = &[
    ("aliceblue", 0xf0f8ff),
    ("antiquewhite", 0xfaebd7),
    ("aqua", 0x00ffff),
    ("aquamarine", 0x7fffd4),
    ("azure", 0xf0ffff),
    ("beige", 0xf5f5dc),
    ("bisque", 0xffe4c4),
    ("black", 0x000000),
    ("blanchedalmond", 0xffebcd),
    ("blue", 0x0000ff),
    ("blueviolet", 0x8a2be2),
    ("brown", 0xa52a2a),
    ("burlywood", 0xdeb887),
    ("cadetblue", 0x5f9ea0),
    ("chartreuse", 0x7fff00),
    ("chocolate", 0xd2691e),
    ("coral", 0xff7f50),
    ("cornflowerblue", 0x6495ed),
    ("cornsilk", 0xfff8dc),
    ("crimson", 0xdc143c),
    ("cyan", 0x00ffff),
    ("darkblue", 0x00008b),
    ("darkcyan", 0x008b8b),
    ("darkgoldenrod", 0xb8860b),
    ("darkgray", 0xa9a9a9),
    ("darkgreen", 0x006400),
    ("darkgrey", 0xa9a9a9),
    ("darkkhaki", 0xbdb76b),
    ("darkmagenta", 0x8b008b),
    ("darkolivegreen", 0x556b2f),
    ("darkorange", 0xff8c00),
    ("darkorchid", 0x9932cc),
    ("darkred", 0x8b0000),
    ("darksalmon", 0xe9967a),
    ("darkseagreen", 0x8fbc8f),
    ("darkslateblue", 0x483d8b),
    ("darkslategray", 0x2f4f4f),
    ("darkslategrey", 0x2f4f4f),
    ("darkturquoise", 0x00ced1),
    ("darkviolet", 0x9400d3),
    ("deeppink", 0xff1493),
    ("deepskyblue", 0x00bfff),
    ("dimgray", 0x696969),
    ("dimgrey", 0x696969),
    ("dodgerblue", 0x1e90ff),
    ("firebrick", 0xb22222),
    ("floralwhite", 0xfffaf0),
    ("forestgreen", 0x228b22),
    ("fuchsia", 0xff00ff),
    ("gainsboro", 0xdcdcdc),
    ("ghostwhite", 0xf8f8ff),
    ("gold", 0xffd700),
    ("goldenrod", 0xdaa520),
    ("gray", 0x808080),
    ("green", 0x008000),
    ("greenyellow", 0xadff2f),
    ("grey", 0x808080),
    ("honeydew", 0xf0fff0),
    ("hotpink", 0xff69b4),
    ("indianred", 0xcd5c5c),
    ("indigo", 0x4b0082),
    ("ivory", 0xfffff0),
    ("khaki", 0xf0e68c),
    ("lavender", 0xe6e6fa),
    ("lavenderblush", 0xfff0f5),
    ("lawngreen", 0x7cfc00),
    ("lemonchiffon", 0xfffacd),
    ("lightblue", 0xadd8e6),
    ("lightcoral", 0xf08080),
    ("lightcyan", 0xe0ffff),
    ("lightgoldenrodyellow", 0xfafad2),
    ("lightgray", 0xd3d3d3),
    ("lightgreen", 0x90ee90),
    ("lightgrey", 0xd3d3d3),
    ("lightpink", 0xffb6c1),
    ("lightsalmon", 0xffa07a),
    ("lightseagreen", 0x20b2aa),
    ("lightskyblue", 0x87cefa),
    ("lightslategray", 0x778899),
    ("lightslategrey", 0x778899),
    ("lightsteelblue", 0xb0c4de),
    ("lightyellow", 0xffffe0),
    ("lime", 0x00ff00),
    ("limegreen", 0x32cd32),
    ("linen", 0xfaf0e6),
    ("magenta", 0xff00ff),
    ("maroon", 0x800000),
    ("mediumaquamarine", 0x66cdaa),
    ("mediumblue", 0x0000cd),
    ("mediumorchid", 0xba55d3),
    ("mediumpurple", 0x9370db),
    ("mediumseagreen", 0x3cb371),
    ("mediumslateblue", 0x7b68ee),
    ("mediumspringgreen", 0x00fa9a),
    ("mediumturquoise", 0x48d1cc),
    ("mediumvioletred", 0xc71585),
    ("midnightblue", 0x191970),
    ("mintcream", 0xf5fffa),
    ("mistyrose", 0xffe4e1),
    ("moccasin", 0xffe4b5),
    ("navajowhite", 0xffdead),
    ("navy", 0x000080),
    ("oldlace", 0xfdf5e6),
    ("olive", 0x808000),
    ("olivedrab", 0x6b8e23),
    ("orange", 0xffa500),
    ("orangered", 0xff4500),
    ("orchid", 0xda70d6),
    ("palegoldenrod", 0xeee8aa),
    ("palegreen", 0x98fb98),
    ("paleturquoise", 0xafeeee),
    ("palevioletred", 0xdb7093),
    ("papayawhip", 0xffefd5),
    ("peachpuff", 0xffdab9),
    ("peru", 0xcd853f),
    ("pink", 0xffc0cb),
    ("plum", 0xdda0dd),
    ("powderblue", 0xb0e0e6),
    ("purple", 0x800080),
    ("rebeccapurple", 0x663399),
    ("red", 0xff0000),
    ("rosybrown", 0xbc8f8f),
    ("royalblue", 0x4169e1),
    ("saddlebrown", 0x8b4513),
    ("salmon", 0xfa8072),
    ("sandybrown", 0xf4a460),
    ("seagreen", 0x2e8b57),
    ("seashell", 0xfff5ee),
    ("sienna", 0xa0522d),
    ("silver", 0xc0c0c0),
    ("skyblue", 0x87ceeb),
    ("slateblue", 0x6a5acd),
    ("slategray", 0x708090),
    ("slategrey", 0x708090),
    ("snow", 0xfffafa),
    ("springgreen", 0x00ff7f),
    ("steelblue", 0x4682b4),
    ("tan", 0xd2b48c),
    ("teal", 0x008080),
    ("thistle", 0xd8bfd8),
    ("tomato", 0xff6347),
    ("turquoise", 0x40e0d0),
    ("violet", 0xee82ee),
    ("wheat", 0xf5deb3),
    ("white", 0xffffff),
    ("whitesmoke", 0xf5f5f5),
    ("yellow", 0xffff00),
    ("yellowgreen", 0x9acd32),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_table_is_sorted() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn parses_css_forms() {
        assert_eq!(parse("red"), Some(Rgba::rgb(255, 0, 0)));
        assert_eq!(parse("SlateGray"), Some(Rgba::rgb(0x70, 0x80, 0x90)));
        assert_eq!(parse("#1f77b4"), Some(Rgba::rgb(0x1f, 0x77, 0xb4)));
        assert_eq!(parse("#abc"), Some(Rgba::rgb(0xaa, 0xbb, 0xcc)));
        assert_eq!(parse("rgb(40, 251, 0)"), Some(Rgba::rgb(40, 251, 0)));
        let c = parse("rgba(10,20,30,0.25)").unwrap();
        assert_eq!((c.r, c.g, c.b), (10, 20, 30));
        assert!((c.a - 0.25).abs() < 1e-12);
        assert_eq!(parse("hsl(0, 100%, 50%)"), Some(Rgba::rgb(255, 0, 0)));
        assert_eq!(parse("nonsense"), None);
        assert_eq!(parse("rgb(1,2)"), None);
    }

    #[test]
    fn scale_interpolates() {
        let s = ColorScale(vec![(0.0, BLACK), (1.0, WHITE)]);
        assert_eq!(s.at(0.5), Rgba::rgb(128, 128, 128));
        assert_eq!(s.at(2.0), WHITE);
        assert_eq!(s.at(f64::NAN), BLACK);
    }
}
