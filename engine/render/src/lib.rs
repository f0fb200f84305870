//! `rheo-render`: renders plotly figures (Rheo's PLOTLYJSON values, `{"data": [...],
//! "layout": {...}}`) to SVG and PNG without a browser or plotly.js.
//!
//! Layout of the crate: [`render_svg`] / [`render_png`] (and [`render`] by [`Format`]) are
//! the entry points for a figure that is already JSON; [`Figure::parse`] reads figure text
//! with the traces' data arrays in compact columns (module `document`) for
//! [`render_figure`]; `figure` reads the traces and layout, decides axis kinds and ranges,
//! lays out margins, legend and colour bar and paints everything through `paint`, a thin
//! painter over a plotters drawing backend (SVG string or RGB buffer, the latter encoded
//! with `png`); `axis` holds axis kinds (linear, date, category, log), value conversion and
//! ticks; `text` reads titles and plotly's pseudo-HTML; `time` parses ISO timestamps and makes date ticks; [`color`] parses CSS colours
//! and colour scales. Large line traces are decimated per pixel column (first, min, max and
//! last point of each column), markers per cell of about half a marker, heatmaps per pixel,
//! so a million-point series renders quickly with its extremes intact.
//!
//! Supported: `scatter`/`scattergl` (lines, markers, lines+markers, `fill`, `line.dash`,
//! `line.shape` hv/vh, `connectgaps`, per-point marker colours and sizes, colour axes with a
//! colour bar), date, numeric, category and log axes, secondary axes (`yaxis2` with
//! `overlaying`/`side`/`position`, as hetida's multi-axis plots use them), axis `domain`s,
//! titles, legend, `shapes` (line, rect, circle, with labels), `annotations`, `bar`
//! (group/stack/relative/overlay, horizontal), `pie`, `box`, `heatmap`/`contour` (as
//! coloured cells, with a colour bar), `table` (as a text grid) and `scattermapbox`
//! (markers on plain lon/lat axes). An embedded `layout.template` (plotly express figures)
//! supplies the colourway, backgrounds and axis defaults. Other trace types are skipped with
//! a note drawn in the image; sliders, menus and hover settings are ignored; a figure never
//! makes the renderer panic.
//!
//! Text in PNGs needs a font: DejaVu Sans is loaded once at run time from
//! `$RHEO_FONT` or `/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf` (Debian package
//! `fonts-dejavu-core`). Without it, PNGs are drawn without text. SVGs reference the
//! `sans-serif` family and need no font file.

pub mod axis;
pub mod color;
mod document;
mod figure;
mod paint;
mod text;
pub mod time;

pub use document::Figure;

use plotters::backend::{BitMapBackend, SVGBackend};
use serde_json::Value as Json;
use std::sync::OnceLock;

/// Why a figure could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The JSON is not a plotly figure (not an object, `data` not an array, …).
    #[error("invalid plotly figure: {0}")]
    InvalidFigure(String),
    /// The requested image size (width, height in pixels, as asked for: an option or the
    /// figure's `layout.width`/`layout.height`) is zero or too large.
    #[error(
        "invalid image size {}x{}: each side must be 1..={MAX_SIDE} pixels",
        side_text(*.0),
        side_text(*.1)
    )]
    InvalidSize(f64, f64),
    /// The drawing backend failed.
    #[error("drawing failed: {0}")]
    Backend(String),
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// A requested side length as the user wrote it: whole pixels, or scientific notation for
/// absurd values (a layout may ask for `1e300`), so the error message stays readable.
fn side_text(v: f64) -> String {
    if v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:e}")
    }
}

/// An image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics (text).
    Svg,
    /// Portable network graphics (RGB, 8 bit).
    Png,
}

impl Format {
    /// The format of a file extension or name (`"svg"`, `"png"`, case-insensitive).
    pub fn from_name(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// Image size. `None` takes the figure's `layout.width`/`layout.height`, else plotly's
/// default 700×450.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Width in pixels.
    pub width: Option<u32>,
    /// Height in pixels.
    pub height: Option<u32>,
}

/// Largest accepted side length in pixels.
pub const MAX_SIDE: u32 = 8192;

impl RenderOptions {
    /// The size used for `figure`; an error names the size as requested (layout values
    /// rounded to whole pixels, never clamped), so the user recognises the value they wrote.
    pub fn size_for(&self, figure: &Json) -> Result<(u32, u32), RenderError> {
        let layout = figure.get("layout");
        let dim = |k: &str| {
            layout
                .and_then(|l| l.get(k))
                .and_then(Json::as_f64)
                .filter(|v| v.is_finite() && *v >= 1.0)
                .map(f64::round)
        };
        let w = self.width.map(f64::from).or_else(|| dim("width"));
        let h = self.height.map(f64::from).or_else(|| dim("height"));
        let (w, h) = (w.unwrap_or(700.0), h.unwrap_or(450.0));
        let valid = |v: f64| (1.0..=f64::from(MAX_SIDE)).contains(&v);
        if !valid(w) || !valid(h) {
            return Err(RenderError::InvalidSize(w, h));
        }
        // Both are whole numbers within 1..=MAX_SIDE here.
        Ok((w as u32, h as u32))
    }
}

/// Path of the font used for PNG text.
pub const DEFAULT_FONT_PATH: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Loads and registers the PNG font once; `true` when text can be drawn in PNGs.
pub fn font_available() -> bool {
    static LOADED: OnceLock<bool> = OnceLock::new();
    *LOADED.get_or_init(|| {
        let path = std::env::var_os("RHEO_FONT")
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| DEFAULT_FONT_PATH.into());
        let Ok(bytes) = std::fs::read(&path) else {
            return false;
        };
        // The font lives for the whole process (plotters keeps `&'static` font data).
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, bytes)
            .is_ok()
    })
}

/// Renders `figure` as an SVG document.
pub fn render_svg(figure: &Json, options: &RenderOptions) -> Result<String, RenderError> {
    figure_svg(&Figure::borrowed(figure), options)
}

/// Renders a [`Figure`] as an SVG document.
pub fn figure_svg(figure: &Figure, options: &RenderOptions) -> Result<String, RenderError> {
    let (w, h) = options.size_for(figure.json())?;
    let mut out = String::new();
    {
        let backend = SVGBackend::with_string(&mut out, (w, h));
        let mut painter = paint::Painter::new(backend, true, false);
        figure::draw(figure, w, h, &mut painter)?;
        painter.finish()?;
    }
    Ok(out)
}

/// Renders `figure` to raw RGB pixels (`width * height * 3` bytes, rows top to bottom);
/// returns the pixels and the size.
pub fn render_rgb(
    figure: &Json,
    options: &RenderOptions,
) -> Result<(Vec<u8>, u32, u32), RenderError> {
    figure_rgb(&Figure::borrowed(figure), options)
}

/// Renders a [`Figure`] to raw RGB pixels (see [`render_rgb`]).
pub fn figure_rgb(
    figure: &Figure,
    options: &RenderOptions,
) -> Result<(Vec<u8>, u32, u32), RenderError> {
    let (w, h) = options.size_for(figure.json())?;
    let mut buf = vec![255u8; w as usize * h as usize * 3];
    {
        let backend = BitMapBackend::with_buffer(&mut buf, (w, h));
        let mut painter = paint::Painter::new(backend, font_available(), true);
        figure::draw(figure, w, h, &mut painter)?;
        painter.finish()?;
    }
    Ok((buf, w, h))
}

/// Renders `figure` as a PNG file's bytes. Text is left out when no font is available
/// (see [`font_available`]).
pub fn render_png(figure: &Json, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    let (rgb, w, h) = render_rgb(figure, options)?;
    encode_png(&rgb, w, h)
}

/// Encodes RGB pixels as PNG.
pub fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc
            .write_header()
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| RenderError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// Decodes an 8-bit RGB or RGBA PNG to RGB pixels and its size (for tests and tools).
pub fn decode_png(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32), RenderError> {
    let err = |e: png::DecodingError| RenderError::Png(e.to_string());
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .map_err(err)?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).map_err(err)?;
    buf.truncate(info.buffer_size());
    if info.bit_depth != png::BitDepth::Eight {
        return Err(RenderError::Png("only 8-bit PNGs are supported".into()));
    }
    let rgb = match info.color_type {
        png::ColorType::Rgb => buf,
        png::ColorType::Rgba => buf.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect(),
        other => {
            return Err(RenderError::Png(format!(
                "unsupported PNG colour type {other:?}"
            )))
        }
    };
    Ok((rgb, info.width, info.height))
}

/// Renders `figure` in `format`.
pub fn render(
    figure: &Json,
    format: Format,
    options: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    render_figure(&Figure::borrowed(figure), format, options)
}

/// Renders a [`Figure`] (from [`Figure::parse`], which keeps the data arrays compact) in
/// `format`.
pub fn render_figure(
    figure: &Figure,
    format: Format,
    options: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Svg => figure_svg(figure, options).map(String::into_bytes),
        Format::Png => {
            let (rgb, w, h) = figure_rgb(figure, options)?;
            encode_png(&rgb, w, h)
        }
    }
}
