//! The painting pass, one function per phase: read the figure (traces against their axes),
//! plan the frame (margins, legend, colour bar, plot area), paint background and grid,
//! shapes and traces, axes, then title, legend, colour bar and notes.

use super::axes::draw_axes;
use super::layout::{layout_bars, shape_extents, Area};
use super::marks::{draw_bars, draw_box, draw_heat, draw_markers, line_segments};
use super::pie_table::{draw_pie, draw_table, pie_slices_meta};
use super::prepare::prepare;
use super::shapes::draw_shapes;
use super::{
    arr, num, ColorBar, Fig, Prep, ScatterPrep, Trace, AXIS_TITLE_FONT, LEGEND_FONT, NULL,
    TICK_FONT, TITLE_FONT,
};
use crate::axis::{json_label, Axis, Kind};
use crate::color::{Rgba, DEFAULT_COLORWAY, GRID, TEXT, WHITE};
use crate::document::Figure;
use crate::paint::{text_width, Clip, HAlign, Painter, Pt, VAlign};
use crate::text::{clean_text, title_text};
use crate::{color, RenderError};
use plotters::backend::DrawingBackend;
use serde_json::Value as Json;
use std::collections::HashMap;

/// Lays out and paints `figure` on a `width`×`height` backend.
pub(crate) fn draw<B: DrawingBackend>(
    figure: &Figure,
    width: u32,
    height: u32,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let (mut fig, content) = read_figure(figure)?;
    let frame = plan_frame(&mut fig, width as f64, height as f64);
    let tick_sets = paint_background(&fig, content, &frame, p)?;
    paint_shapes_and_traces(&mut fig, &frame, p)?;
    draw_axes(&fig, &tick_sets, frame.plot, p)?;
    paint_title(&fig, &frame, p)?;
    let legend_x = paint_legend(&frame, p)?;
    paint_colorbar(&frame, legend_x, p)?;
    paint_notes(&fig, &frame, p)
}

/// What the figure holds that decides whether plot backgrounds and zero lines are drawn.
#[derive(Debug, Clone, Copy)]
struct Content {
    /// Some trace is drawn on cartesian axes.
    cartesian: bool,
    /// Some layout shape refers to data coordinates.
    data_shapes: bool,
}

/// Where everything goes, decided before anything is painted.
struct Frame {
    /// Image size.
    w: f64,
    h: f64,
    /// The area inside the margins.
    area: Area,
    /// The plot area (`area` less the layout's `pad`): left, top, right, bottom.
    plot: (f64, f64, f64, f64),
    /// Top margin (the title is centred in it).
    top: f64,
    /// Room the right-hand axes take, before the legend starts.
    right_axes: f64,
    title: Option<String>,
    /// Legend entries; empty when no legend is shown.
    legend: Vec<(String, LegendMark)>,
    legend_w: f64,
    colorbar: Option<ColorBar>,
}

/// Reads `figure` into the figure model: traces prepared against their axes, the axes
/// that are used and their ranges.
fn read_figure<'a>(figure: &'a Figure) -> Result<(Fig<'a>, Content), RenderError> {
    let Some(obj) = figure.json().as_object() else {
        return Err(RenderError::InvalidFigure(
            "a plotly figure is a JSON object with `data` and `layout`".into(),
        ));
    };
    let data = match obj.get("data") {
        None | Some(Json::Null) => &[][..],
        Some(Json::Array(a)) => a.as_slice(),
        Some(_) => {
            return Err(RenderError::InvalidFigure(
                "`data` must be an array of traces".into(),
            ))
        }
    };
    let layout = match obj.get("layout") {
        Some(l @ Json::Object(_)) => l,
        None | Some(Json::Null) => &NULL,
        Some(_) => {
            return Err(RenderError::InvalidFigure(
                "`layout` must be an object".into(),
            ))
        }
    };
    let mut fig = Fig {
        layout,
        columns: &figure.columns,
        axes: Vec::new(),
        index: HashMap::new(),
        traces: Vec::new(),
        notes: Vec::new(),
        colorway: colorway(layout),
    };
    for (i, t) in data.iter().enumerate() {
        read_trace(&mut fig, i, t);
    }
    layout_bars(&mut fig);
    let content = Content {
        cartesian: fig.traces.iter().any(|t| {
            matches!(
                t.prep,
                Prep::Scatter(_) | Prep::Bar(_) | Prep::Box(_) | Prep::Heat(_)
            )
        }),
        data_shapes: arr(layout.get("shapes").unwrap_or(&NULL))
            .iter()
            .any(|s| s.get("xref").and_then(Json::as_str).unwrap_or("x") != "paper"),
    };
    mark_used_axes(&mut fig, content, data.is_empty());
    shape_extents(&mut fig);
    // Overlaying axes share the domain of the axis they overlay.
    for i in 0..fig.axes.len() {
        if let Some(o) = fig.axes[i].spec.get("overlaying").and_then(Json::as_str) {
            if let Some(&j) = fig.index.get(o) {
                fig.axes[i].domain = fig.axes[j].domain;
            }
        }
        fig.axes[i].finish_range();
    }
    Ok((fig, content))
}

/// The layout's colour cycle (or its template's, or plotly's default).
fn colorway(layout: &Json) -> Vec<Rgba> {
    layout
        .get("colorway")
        .or_else(|| {
            layout
                .get("template")
                .and_then(|t| t.get("layout"))
                .and_then(|l| l.get("colorway"))
        })
        .map(|c| arr(c).iter().filter_map(color::from_json).collect())
        .filter(|c: &Vec<Rgba>| !c.is_empty())
        .unwrap_or_else(|| DEFAULT_COLORWAY.to_vec())
}

/// Prepares trace `i` and adds it to the figure (invisible and unreadable traces are
/// skipped, the latter with a note).
fn read_trace<'a>(fig: &mut Fig<'a>, i: usize, t: &'a Json) {
    if !t.is_object() {
        fig.notes.push(format!("trace {i} is not an object"));
        return;
    }
    let visible = t.get("visible");
    if visible == Some(&Json::Bool(false)) {
        return;
    }
    let drawn = visible.and_then(Json::as_str) != Some("legendonly");
    let Some(prep) = prepare(fig, i, t) else {
        return;
    };
    let name = t
        .get("name")
        .map(json_label)
        .map(|s| clean_text(&s))
        .unwrap_or_else(|| format!("trace {i}"));
    let color = match &prep {
        Prep::Scatter(s) => {
            if s.lines {
                s.color
            } else {
                s.mcolor[0]
            }
        }
        Prep::Bar(b) => b.color[0],
        Prep::Box(b) => b.color,
        _ => fig.colorway[i % fig.colorway.len()],
    };
    let legend = t.get("showlegend") != Some(&Json::Bool(false))
        && !matches!(prep, Prep::Heat(_) | Prep::Table | Prep::Pie);
    fig.traces.push(Trace {
        json: t,
        name,
        legend,
        drawn,
        color,
        prep,
    });
}

/// Marks the axes that are drawn: `x`/`y` for cartesian content (or an empty figure), and
/// every axis the layout configures when there is cartesian content.
fn mark_used_axes(fig: &mut Fig, content: Content, no_data: bool) {
    if content.cartesian || content.data_shapes || fig.traces.is_empty() && no_data {
        let (xa, ya) = (fig.axis("x"), fig.axis("y"));
        fig.axes[xa].used = true;
        fig.axes[ya].used = true;
    }
    if !content.cartesian {
        return;
    }
    let Some(m) = fig.layout.as_object() else {
        return;
    };
    for k in m.keys() {
        let id = match (k.strip_prefix("xaxis"), k.strip_prefix("yaxis")) {
            (Some(n), _) if n.chars().all(|c| c.is_ascii_digit()) => format!("x{n}"),
            (_, Some(n)) if n.chars().all(|c| c.is_ascii_digit()) => format!("y{n}"),
            _ => continue,
        };
        let a = fig.axis(&id);
        fig.axes[a].used = true;
    }
}

/// Plans the frame: the layout's margins, grown to fit tick labels, axis titles, the
/// figure title, legend and colour bar, then the plot area; places every axis on it.
fn plan_frame(fig: &mut Fig, w: f64, h: f64) -> Frame {
    let layout = fig.layout;
    let margin = layout.get("margin").unwrap_or(&NULL);
    let mget = |k: &str, d: f64| num(margin.get(k)).unwrap_or(d);
    let (mut ml, mut mr, mut mt, mut mb) = (
        mget("l", 80.0),
        mget("r", 80.0),
        mget("t", 100.0),
        mget("b", 80.0),
    );
    let pad = mget("pad", 0.0);
    let title = title_text(layout.get("title"));
    let legend = legend_items(fig);
    let legend_w = legend
        .iter()
        .map(|(n, _)| text_width(n, LEGEND_FONT) + 50.0)
        .fold(0.0, f64::max)
        .min(w * 0.4);
    let colorbar = colorbar_of(fig);
    // Space for tick labels and titles, with provisional tick sets.
    let prov = Area {
        l: ml,
        t: mt,
        r: (w - mr).max(ml + 10.0),
        b: (h - mb).max(mt + 10.0),
    };
    let need = axis_room(fig, prov);
    ml = ml.max(need.l);
    mb = mb.max(need.b);
    let mut right_extra = 0.0;
    if !legend.is_empty() {
        right_extra += legend_w + 10.0;
    }
    if colorbar.is_some() {
        right_extra += 70.0;
    }
    mr = mr.max(need.r + right_extra);
    if title.is_some() {
        mt = mt.max(
            TITLE_FONT * 1.2 * title.as_deref().map_or(1, |t| t.lines().count()) as f64 + 16.0,
        );
    }
    mt = mt.max(need.t).max(8.0);
    mr = mr.max(8.0);
    // Keep at least a small plot area.
    if ml + mr > w - 20.0 {
        let f = (w - 20.0).max(0.0) / (ml + mr);
        ml *= f;
        mr *= f;
    }
    if mt + mb > h - 20.0 {
        let f = (h - 20.0).max(0.0) / (mt + mb);
        mt *= f;
        mb *= f;
    }
    let area = Area {
        l: ml,
        t: mt,
        r: w - mr,
        b: h - mb,
    };
    let plot = (area.l + pad, area.t + pad, area.r - pad, area.b - pad);
    place_axes(fig, plot);
    Frame {
        w,
        h,
        area,
        plot,
        top: mt,
        right_axes: need.r,
        title,
        legend,
        legend_w,
        colorbar,
    }
}

/// The legend's entries (traces, then pie slices), or none when the legend is hidden
/// (by `showlegend`, or by default with a single trace and no pie).
fn legend_items(fig: &Fig) -> Vec<(String, LegendMark)> {
    let entries: Vec<usize> = (0..fig.traces.len())
        .filter(|&i| fig.traces[i].legend)
        .collect();
    let pie_labels = fig.traces.iter().any(|t| matches!(t.prep, Prep::Pie));
    let show = match fig.layout.get("showlegend") {
        Some(Json::Bool(b)) => *b,
        _ => entries.len() > 1 || pie_labels,
    };
    let mut items = Vec::new();
    if !show {
        return items;
    }
    for &i in &entries {
        let t = &fig.traces[i];
        let mark = match &t.prep {
            Prep::Scatter(s) => LegendMark::Scatter {
                line: s.lines.then(|| (s.color, s.width.min(4.0), s.dash.clone())),
                marker: s.markers.then(|| (s.mcolor[0], s.msymbol.clone())),
                fill: s.fill.as_ref().map(|_| s.fillcolor),
            },
            _ => LegendMark::Block(t.color),
        };
        items.push((t.name.clone(), mark));
    }
    for t in &fig.traces {
        if let Prep::Pie = t.prep {
            for (label, c) in pie_slices_meta(t.json, &fig.colorway) {
                items.push((label, LegendMark::Block(c)));
            }
        }
    }
    items
}

/// The colour bar of the first drawn heatmap (unless `showscale` is false) or colour-scaled
/// marker trace.
fn colorbar_of(fig: &Fig) -> Option<ColorBar> {
    fig.traces.iter().find_map(|t| match &t.prep {
        Prep::Heat(hp) if t.drawn && t.json.get("showscale") != Some(&Json::Bool(false)) => {
            let title = title_text(t.json.get("colorbar").and_then(|c| c.get("title")));
            Some((hp.scale.clone(), hp.zmin, hp.zmax, title))
        }
        Prep::Scatter(sp) if t.drawn && sp.markers => sp.cbar.clone(),
        _ => None,
    })
}

/// Room the used axes need on each side (tick labels and titles), measured with tick sets
/// for the provisional plot area `prov`.
fn axis_room(fig: &Fig, prov: Area) -> Area {
    let mut need = Area {
        l: 0.0,
        t: 0.0,
        r: 0.0,
        b: 0.0,
    };
    for a in fig.axes.iter().filter(|a| a.used) {
        let len = if a.is_x() {
            prov.r - prov.l
        } else {
            prov.b - prov.t
        };
        let ticks = if a.visible() {
            a.ticks(len * (a.domain.1 - a.domain.0))
        } else {
            Vec::new()
        };
        let title_h = if a.title().is_some() {
            AXIS_TITLE_FONT * 1.2 + 8.0
        } else {
            0.0
        };
        if a.is_x() {
            let lines = ticks.iter().map(|t| t.1.lines().count()).max().unwrap_or(0) as f64;
            let room = lines * TICK_FONT * 1.2 + 6.0 + title_h + 4.0;
            if a.spec.get("side").and_then(Json::as_str) == Some("top") {
                need.t = need.t.max(room);
            } else {
                need.b = need.b.max(room);
            }
            // Centred labels of the outermost ticks must not stick out of the image.
            let width = prov.r - prov.l;
            let (r0, r1) = a.range;
            for (v, label) in ticks.iter().take(1).chain(ticks.iter().rev().take(1)) {
                let f = a.domain.0 + (v - r0) / (r1 - r0) * (a.domain.1 - a.domain.0);
                let half = text_width(label, TICK_FONT) / 2.0 + 2.0;
                need.l = need.l.max(half - f * width);
                need.r = need.r.max(half - (1.0 - f) * width);
            }
        } else {
            let widest = ticks
                .iter()
                .map(|t| text_width(&t.1, TICK_FONT))
                .fold(0.0, f64::max);
            let room = widest + 8.0 + title_h + 4.0;
            if a.spec.get("side").and_then(Json::as_str) == Some("right") {
                need.r = need.r.max(room);
            } else {
                need.l = need.l.max(room);
            }
        }
    }
    need
}

/// Gives every axis its pixel span on the plot area `(left, top, right, bottom)`.
fn place_axes(fig: &mut Fig, (pl, pt, pr, pb): (f64, f64, f64, f64)) {
    for a in fig.axes.iter_mut() {
        if a.is_x() {
            a.pix = (pl + a.domain.0 * (pr - pl), pl + a.domain.1 * (pr - pl));
        } else {
            a.pix = (pb - a.domain.0 * (pb - pt), pb - a.domain.1 * (pb - pt));
        }
    }
}

/// Paints the paper, the plot backgrounds, grid lines and zero lines; returns each axis's
/// ticks for the axes phase.
fn paint_background<B: DrawingBackend>(
    fig: &Fig,
    content: Content,
    frame: &Frame,
    p: &mut Painter<B>,
) -> Result<Vec<Vec<(f64, String)>>, RenderError> {
    let layout = fig.layout;
    let template_layout = layout.get("template").and_then(|t| t.get("layout"));
    let layout_color = |k: &str| {
        layout
            .get(k)
            .or_else(|| template_layout.and_then(|l| l.get(k)))
            .and_then(color::from_json)
    };
    let paper = layout_color("paper_bgcolor").unwrap_or(WHITE);
    let plot_bg = layout_color("plot_bgcolor").unwrap_or(WHITE);
    p.rect((0.0, 0.0), (frame.w, frame.h), Some(paper), None)?;
    let used = |x: bool| -> Vec<usize> {
        (0..fig.axes.len())
            .filter(|&i| fig.axes[i].used && fig.axes[i].is_x() == x)
            .collect()
    };
    let (x_ids, y_ids) = (used(true), used(false));
    if content.cartesian || content.data_shapes {
        paint_plot_backgrounds(fig, (&x_ids, &y_ids), plot_bg, p)?;
    }
    let tick_sets: Vec<Vec<(f64, String)>> = fig
        .axes
        .iter()
        .map(|a| {
            let (s0, s1) = a.pix_span();
            if a.used && a.visible() {
                a.ticks(s1 - s0)
            } else {
                Vec::new()
            }
        })
        .collect();
    for (ai, a) in fig.axes.iter().enumerate() {
        if !a.used || a.spec.get("overlaying").is_some() {
            continue;
        }
        let others = if a.is_x() { &y_ids } else { &x_ids };
        if let Some(o) = cross_axis(fig, a, others) {
            paint_grid(fig, a, o, &tick_sets[ai], content.cartesian, p)?;
        }
    }
    Ok(tick_sets)
}

/// One background rectangle per pair of x and y axes that do not overlay others.
fn paint_plot_backgrounds<B: DrawingBackend>(
    fig: &Fig,
    (x_ids, y_ids): (&[usize], &[usize]),
    color: Rgba,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let own = |i: &&usize| fig.axes[**i].spec.get("overlaying").is_none();
    for &yi in y_ids.iter().filter(own) {
        for &xi in x_ids.iter().filter(own) {
            let (x0, x1) = fig.axes[xi].pix_span();
            let (y0, y1) = fig.axes[yi].pix_span();
            p.rect((x0, y0), (x1, y1), Some(color), None)?;
        }
    }
    Ok(())
}

/// The axis across `a` that its grid lines span: its anchor when used, else the first of
/// `others` that overlays nothing.
fn cross_axis(fig: &Fig, a: &Axis, others: &[usize]) -> Option<usize> {
    let anchor = a
        .spec
        .get("anchor")
        .and_then(Json::as_str)
        .unwrap_or(if a.is_x() { "y" } else { "x" });
    let anchored = fig.index.get(anchor).copied().filter(|j| fig.axes[*j].used);
    anchored.or_else(|| {
        others
            .iter()
            .copied()
            .find(|&o| fig.axes[o].spec.get("overlaying").is_none())
    })
}

/// Grid lines of axis `a` at its ticks, and its zero line, across axis `o`.
fn paint_grid<B: DrawingBackend>(
    fig: &Fig,
    a: &Axis,
    o: usize,
    ticks: &[(f64, String)],
    cartesian: bool,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let (o0, o1) = fig.axes[o].pix_span();
    let across = |q: f64| {
        if a.is_x() {
            [(q, o0), (q, o1)]
        } else {
            [(o0, q), (o1, q)]
        }
    };
    let showgrid = a.spec.get("showgrid") != Some(&Json::Bool(false));
    let gridcolor = a
        .spec
        .get("gridcolor")
        .and_then(color::from_json)
        .unwrap_or(GRID);
    if showgrid && a.kind() != Kind::Category {
        for (v, _) in ticks {
            p.polyline(&across(a.px(*v)), gridcolor, 1.0, None, None)?;
        }
    }
    let zero_on = a.kind() == Kind::Linear && a.spec.get("zeroline") != Some(&Json::Bool(false));
    let (r0, r1) = (a.range.0.min(a.range.1), a.range.0.max(a.range.1));
    if zero_on && r0 < 0.0 && r1 > 0.0 && cartesian {
        let zc = a
            .spec
            .get("zerolinecolor")
            .and_then(color::from_json)
            .unwrap_or(TEXT);
        p.polyline(&across(a.px(0.0)), zc, 1.0, None, None)?;
    }
    Ok(())
}

/// Line segments of each drawn line or filled scatter trace (decimated), by trace.
type Segments = Vec<Option<Vec<Vec<Pt>>>>;

/// Paints layout shapes below the traces, the traces (heatmaps first, then fills, then
/// bars, boxes, lines and markers in trace order), and shapes above.
fn paint_shapes_and_traces<B: DrawingBackend>(
    fig: &mut Fig,
    frame: &Frame,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    draw_shapes(fig, frame.area, p, "below")?;
    for t in fig.traces.iter().filter(|t| t.drawn) {
        if let Prep::Heat(hp) = &t.prep {
            draw_heat(fig, hp, p, clip_of(fig, hp.xa, hp.ya))?;
        }
    }
    let segments: Segments = fig
        .traces
        .iter()
        .map(|t| match (&t.prep, t.drawn) {
            (Prep::Scatter(s), true) if s.lines || s.fill.is_some() => Some(line_segments(fig, s)),
            _ => None,
        })
        .collect();
    paint_fills(fig, &segments, p)?;
    for (i, t) in fig.traces.iter().enumerate().filter(|(_, t)| t.drawn) {
        paint_trace(fig, t, segments[i].as_ref(), frame.area, p)?;
    }
    draw_shapes(fig, frame.area, p, "above")
}

/// The clip rectangle of the plot spanned by axes `xa` and `ya` (a pixel of slack).
fn clip_of(fig: &Fig, xa: usize, ya: usize) -> Clip {
    let (x0, x1) = fig.axes[xa].pix_span();
    let (y0, y1) = fig.axes[ya].pix_span();
    (x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0)
}

/// The fills of scatter traces (`fill`: to zero, to the previous trace, to itself).
fn paint_fills<B: DrawingBackend>(
    fig: &Fig,
    segments: &Segments,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let mut prev_scatter: Option<usize> = None;
    for (i, t) in fig.traces.iter().enumerate() {
        let Prep::Scatter(s) = &t.prep else { continue };
        if !t.drawn {
            continue;
        }
        if let (Some(fill), Some(segs)) = (&s.fill, &segments[i]) {
            let pts: Vec<Pt> = segs.iter().flatten().copied().collect();
            let prev = prev_scatter.and_then(|j| segments[j].as_ref());
            if let Some(poly) = fill_polygon(fig, s, fill, pts, prev) {
                p.polygon(&poly, s.fillcolor, Some(clip_of(fig, s.xa, s.ya)))?;
            }
        }
        prev_scatter = Some(i);
    }
    Ok(())
}

/// The polygon a scatter trace's `fill` covers, given its points and the previous scatter
/// trace's segments; `None` for an empty trace or a fill with nothing to fill to.
fn fill_polygon(
    fig: &Fig,
    s: &ScatterPrep,
    fill: &str,
    pts: Vec<Pt>,
    prev: Option<&Vec<Vec<Pt>>>,
) -> Option<Vec<Pt>> {
    let (first, last) = (*pts.first()?, *pts.last()?);
    let to_zero_y = |mut v: Vec<Pt>| {
        let z = fig.axes[s.ya].px(0.0);
        v.push((last.0, z));
        v.push((first.0, z));
        v
    };
    match fill {
        "tozeroy" => Some(to_zero_y(pts)),
        "tozerox" => {
            let z = fig.axes[s.xa].px(0.0);
            let mut v = pts;
            v.push((z, last.1));
            v.push((z, first.1));
            Some(v)
        }
        "tonexty" | "tonextx" | "tonext" => match prev {
            Some(prev) => {
                let mut v = pts;
                v.extend(prev.iter().flatten().rev().copied());
                Some(v)
            }
            None if fill == "tonexty" => Some(to_zero_y(pts)),
            None => None,
        },
        "toself" => Some(pts),
        _ => None,
    }
}

/// One drawn trace (heatmaps are painted before, fills by [`paint_fills`]).
fn paint_trace<B: DrawingBackend>(
    fig: &Fig,
    t: &Trace,
    segments: Option<&Vec<Vec<Pt>>>,
    area: Area,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    match &t.prep {
        Prep::Scatter(s) => {
            let clip = clip_of(fig, s.xa, s.ya);
            if let (true, Some(segs)) = (s.lines, segments) {
                for seg in segs {
                    if seg.len() == 1 && !s.markers {
                        p.marker(seg[0], s.width.max(2.0), "circle", s.color, None)?;
                    }
                    p.polyline(seg, s.color, s.width, s.dash.as_deref(), Some(clip))?;
                }
            }
            if s.markers {
                draw_markers(fig, s, p, clip)?;
            }
            Ok(())
        }
        Prep::Bar(b) => {
            let (xa, ya) = if b.horizontal {
                (b.va, b.pa)
            } else {
                (b.pa, b.va)
            };
            draw_bars(fig, b, p, clip_of(fig, xa, ya))
        }
        Prep::Box(b) => draw_box(fig, b, p),
        Prep::Pie => draw_pie(t.json, &fig.colorway, area, p),
        Prep::Table => draw_table(t.json, area, p),
        Prep::Heat(_) => Ok(()),
    }
}

/// The figure's title, centred in the top margin (left-aligned when `title.x` is small).
fn paint_title<B: DrawingBackend>(
    fig: &Fig,
    frame: &Frame,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let Some(t) = &frame.title else {
        return Ok(());
    };
    let w = frame.w;
    let tx = num(fig.layout.get("title").and_then(|t| t.get("x"))).unwrap_or(0.5) * w;
    let align = if tx < w * 0.3 {
        HAlign::Left
    } else {
        HAlign::Center
    };
    p.text(
        t,
        (tx, frame.top / 2.0),
        TITLE_FONT,
        TEXT,
        align,
        VAlign::Middle,
        false,
    )
}

/// The legend right of the plot area and its right-hand axes; returns where the next
/// element (the colour bar) starts.
fn paint_legend<B: DrawingBackend>(frame: &Frame, p: &mut Painter<B>) -> Result<f64, RenderError> {
    let (_, pt, pr, _) = frame.plot;
    let lx = pr + frame.right_axes + 10.0;
    if frame.legend.is_empty() {
        return Ok(lx);
    }
    let mut ly = pt + 8.0;
    for (name, mark) in &frame.legend {
        if ly > frame.h - 6.0 {
            break;
        }
        mark.draw(p, (lx, ly))?;
        p.text(
            name,
            (lx + 40.0, ly),
            LEGEND_FONT,
            TEXT,
            HAlign::Left,
            VAlign::Middle,
            false,
        )?;
        ly += 19.0;
    }
    Ok(lx + frame.legend_w + 10.0)
}

/// The colour bar at `lx`: its title, the colour gradient and five value labels.
fn paint_colorbar<B: DrawingBackend>(
    frame: &Frame,
    lx: f64,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let Some((scale, lo, hi, title)) = &frame.colorbar else {
        return Ok(());
    };
    let (_, pt, _, pb) = frame.plot;
    let (top, bot) = match title {
        Some(t) => {
            p.text(
                t,
                (lx, pt),
                TICK_FONT,
                TEXT,
                HAlign::Left,
                VAlign::Top,
                false,
            )?;
            (pt + TICK_FONT * 1.2 + 6.0, pb)
        }
        None => (pt, pb),
    };
    let n = ((bot - top) / 2.0).max(1.0) as usize;
    for k in 0..n {
        let y0 = top + (bot - top) * k as f64 / n as f64;
        let y1 = top + (bot - top) * (k + 1) as f64 / n as f64;
        let c = scale.at(1.0 - (k as f64 + 0.5) / n as f64);
        p.rect((lx, y0), (lx + 15.0, y1 + 0.5), Some(c), None)?;
    }
    let (lo, hi) = (*lo, *hi);
    if lo.is_finite() && hi.is_finite() {
        for (v, label) in crate::axis::linear_ticks(lo, hi, 5) {
            let y = bot - (v - lo) / (hi - lo).max(f64::MIN_POSITIVE) * (bot - top);
            p.text(
                &label,
                (lx + 19.0, y),
                TICK_FONT,
                TEXT,
                HAlign::Left,
                VAlign::Middle,
                false,
            )?;
        }
    }
    Ok(())
}

/// The renderer's notes (what it could not draw), bottom left.
fn paint_notes<B: DrawingBackend>(
    fig: &Fig,
    frame: &Frame,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    for (k, note) in fig.notes.iter().enumerate() {
        let y = frame.h - 4.0 - (fig.notes.len() - 1 - k) as f64 * 13.0;
        p.text(
            note,
            (4.0, y),
            11.0,
            Rgba::rgb(0xa0, 0x30, 0x30),
            HAlign::Left,
            VAlign::Bottom,
            false,
        )?;
    }
    Ok(())
}

/// A legend symbol.
enum LegendMark {
    Scatter {
        line: Option<(Rgba, f64, Option<Vec<f64>>)>,
        marker: Option<(Rgba, String)>,
        fill: Option<Rgba>,
    },
    Block(Rgba),
}

impl LegendMark {
    fn draw<B: DrawingBackend>(&self, p: &mut Painter<B>, at: Pt) -> Result<(), RenderError> {
        let (x, y) = at;
        match self {
            LegendMark::Scatter { line, marker, fill } => {
                if let Some(f) = fill {
                    p.rect((x + 2.0, y - 5.0), (x + 32.0, y + 5.0), Some(*f), None)?;
                }
                if let Some((c, w, dash)) = line {
                    p.polyline(
                        &[(x + 2.0, y), (x + 32.0, y)],
                        *c,
                        *w,
                        dash.as_deref(),
                        None,
                    )?;
                }
                if let Some((c, sym)) = marker {
                    p.marker((x + 17.0, y), 7.0, sym, *c, None)?;
                }
                Ok(())
            }
            LegendMark::Block(c) => p.rect((x + 8.0, y - 6.0), (x + 26.0, y + 6.0), Some(*c), None),
        }
    }
}
