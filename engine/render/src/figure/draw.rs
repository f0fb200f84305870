//! The painting pass: margins, background and grid, shapes and traces, axes, title, legend, colour bar and notes.

use super::*;

/// Lays out and paints `figure` on a `width`×`height` backend.
pub(crate) fn draw<B: DrawingBackend>(
    figure: &Json,
    width: u32,
    height: u32,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let Some(obj) = figure.as_object() else {
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
    let colorway: Vec<Rgba> = layout
        .get("colorway")
        .or_else(|| {
            layout
                .get("template")
                .and_then(|t| t.get("layout"))
                .and_then(|l| l.get("colorway"))
        })
        .map(|c| arr(c).iter().filter_map(color::from_json).collect())
        .filter(|c: &Vec<Rgba>| !c.is_empty())
        .unwrap_or_else(|| DEFAULT_COLORWAY.to_vec());
    let mut fig = Fig {
        layout,
        axes: Vec::new(),
        index: HashMap::new(),
        traces: Vec::new(),
        notes: Vec::new(),
        colorway,
    };
    for (i, t) in data.iter().enumerate() {
        if !t.is_object() {
            fig.notes.push(format!("trace {i} is not an object"));
            continue;
        }
        let visible = t.get("visible");
        if visible == Some(&Json::Bool(false)) {
            continue;
        }
        let drawn = visible.and_then(Json::as_str) != Some("legendonly");
        let Some(prep) = prepare(&mut fig, i, t) else {
            continue;
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
    layout_bars(&mut fig);
    let cartesian = fig.traces.iter().any(|t| {
        matches!(
            t.prep,
            Prep::Scatter(_) | Prep::Bar(_) | Prep::Box(_) | Prep::Heat(_)
        )
    });
    let has_data_shapes = arr(layout.get("shapes").unwrap_or(&NULL))
        .iter()
        .any(|s| s.get("xref").and_then(Json::as_str).unwrap_or("x") != "paper");
    if cartesian || has_data_shapes || fig.traces.is_empty() && data.is_empty() {
        let (xa, ya) = (fig.axis("x"), fig.axis("y"));
        fig.axes[xa].used = true;
        fig.axes[ya].used = true;
    }
    if let Some(m) = layout.as_object() {
        for k in m.keys() {
            let id = match (k.strip_prefix("xaxis"), k.strip_prefix("yaxis")) {
                (Some(n), _) if n.chars().all(|c| c.is_ascii_digit()) => format!("x{n}"),
                (_, Some(n)) if n.chars().all(|c| c.is_ascii_digit()) => format!("y{n}"),
                _ => continue,
            };
            if cartesian {
                let a = fig.axis(&id);
                fig.axes[a].used = true;
            }
        }
    }
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

    // ---- margins -------------------------------------------------------------------
    let (w, h) = (width as f64, height as f64);
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
    let legend_entries: Vec<usize> = (0..fig.traces.len())
        .filter(|&i| fig.traces[i].legend)
        .collect();
    let pie_labels = fig.traces.iter().any(|t| matches!(t.prep, Prep::Pie));
    let show_legend = match layout.get("showlegend") {
        Some(Json::Bool(b)) => *b,
        _ => legend_entries.len() > 1 || pie_labels,
    };
    let mut legend_items: Vec<(String, LegendMark)> = Vec::new();
    if show_legend {
        for &i in &legend_entries {
            let t = &fig.traces[i];
            let mark = match &t.prep {
                Prep::Scatter(s) => LegendMark::Scatter {
                    line: s.lines.then(|| (s.color, s.width.min(4.0), s.dash.clone())),
                    marker: s.markers.then(|| (s.mcolor[0], s.msymbol.clone())),
                    fill: s.fill.as_ref().map(|_| s.fillcolor),
                },
                _ => LegendMark::Block(t.color),
            };
            legend_items.push((t.name.clone(), mark));
        }
        for t in &fig.traces {
            if let Prep::Pie = t.prep {
                for (label, c) in pie_slices_meta(t.json, &fig.colorway) {
                    legend_items.push((label, LegendMark::Block(c)));
                }
            }
        }
    }
    let legend_w = legend_items
        .iter()
        .map(|(n, _)| text_width(n, LEGEND_FONT) + 50.0)
        .fold(0.0, f64::max)
        .min(w * 0.4);
    let colorbar = fig.traces.iter().find_map(|t| match &t.prep {
        Prep::Heat(hp) if t.drawn && t.json.get("showscale") != Some(&Json::Bool(false)) => {
            let title = title_text(t.json.get("colorbar").and_then(|c| c.get("title")));
            Some((hp.scale.clone(), hp.zmin, hp.zmax, title))
        }
        Prep::Scatter(sp) if t.drawn && sp.markers => sp.cbar.clone(),
        _ => None,
    });
    // Space for tick labels and titles, with provisional tick sets.
    let prov = Area {
        l: ml,
        t: mt,
        r: (w - mr).max(ml + 10.0),
        b: (h - mb).max(mt + 10.0),
    };
    let mut need_l: f64 = 0.0;
    let mut need_r: f64 = 0.0;
    let mut need_b: f64 = 0.0;
    let mut need_t: f64 = 0.0;
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
            let need = lines * TICK_FONT * 1.2 + 6.0 + title_h + 4.0;
            if a.spec.get("side").and_then(Json::as_str) == Some("top") {
                need_t = need_t.max(need);
            } else {
                need_b = need_b.max(need);
            }
            // Centred labels of the outermost ticks must not stick out of the image.
            let width = prov.r - prov.l;
            let (r0, r1) = a.range;
            for (v, label) in ticks.iter().take(1).chain(ticks.iter().rev().take(1)) {
                let f = a.domain.0 + (v - r0) / (r1 - r0) * (a.domain.1 - a.domain.0);
                let half = text_width(label, TICK_FONT) / 2.0 + 2.0;
                need_l = need_l.max(half - f * width);
                need_r = need_r.max(half - (1.0 - f) * width);
            }
        } else {
            let widest = ticks
                .iter()
                .map(|t| text_width(&t.1, TICK_FONT))
                .fold(0.0, f64::max);
            let need = widest + 8.0 + title_h + 4.0;
            if a.spec.get("side").and_then(Json::as_str) == Some("right") {
                need_r = need_r.max(need);
            } else {
                need_l = need_l.max(need);
            }
        }
    }
    ml = ml.max(need_l);
    mb = mb.max(need_b);
    let mut right_extra = 0.0;
    if show_legend && !legend_items.is_empty() {
        right_extra += legend_w + 10.0;
    }
    if colorbar.is_some() {
        right_extra += 70.0;
    }
    mr = mr.max(need_r + right_extra);
    if title.is_some() {
        mt = mt.max(
            TITLE_FONT * 1.2 * title.as_deref().map_or(1, |t| t.lines().count()) as f64 + 16.0,
        );
    }
    mt = mt.max(need_t).max(8.0);
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
    let (pl, pt, pr, pb) = (area.l + pad, area.t + pad, area.r - pad, area.b - pad);
    for a in fig.axes.iter_mut() {
        if a.is_x() {
            a.pix = (pl + a.domain.0 * (pr - pl), pl + a.domain.1 * (pr - pl));
        } else {
            a.pix = (pb - a.domain.0 * (pb - pt), pb - a.domain.1 * (pb - pt));
        }
    }

    // ---- background, grid ------------------------------------------------------------
    let template_layout = layout.get("template").and_then(|t| t.get("layout"));
    let layout_color = |k: &str| {
        layout
            .get(k)
            .or_else(|| template_layout.and_then(|l| l.get(k)))
            .and_then(color::from_json)
    };
    let paper = layout_color("paper_bgcolor").unwrap_or(WHITE);
    let plot_bg = layout_color("plot_bgcolor").unwrap_or(WHITE);
    p.rect((0.0, 0.0), (w, h), Some(paper), None)?;
    let x_ids: Vec<usize> = (0..fig.axes.len())
        .filter(|&i| fig.axes[i].used && fig.axes[i].is_x())
        .collect();
    let y_ids: Vec<usize> = (0..fig.axes.len())
        .filter(|&i| fig.axes[i].used && !fig.axes[i].is_x())
        .collect();
    if cartesian || has_data_shapes {
        for &yi in &y_ids {
            if fig.axes[yi].spec.get("overlaying").is_some() {
                continue;
            }
            for &xi in &x_ids {
                if fig.axes[xi].spec.get("overlaying").is_some() {
                    continue;
                }
                let (x0, x1) = fig.axes[xi].pix_span();
                let (y0, y1) = fig.axes[yi].pix_span();
                p.rect((x0, y0), (x1, y1), Some(plot_bg), None)?;
            }
        }
    }
    let mut tick_sets: Vec<Vec<(f64, String)>> = Vec::with_capacity(fig.axes.len());
    for a in &fig.axes {
        let (s0, s1) = a.pix_span();
        tick_sets.push(if a.used && a.visible() {
            a.ticks(s1 - s0)
        } else {
            Vec::new()
        });
    }
    for (ai, a) in fig.axes.iter().enumerate() {
        if !a.used || a.spec.get("overlaying").is_some() {
            continue;
        }
        let showgrid = a.spec.get("showgrid") != Some(&Json::Bool(false));
        let gridcolor = a
            .spec
            .get("gridcolor")
            .and_then(color::from_json)
            .unwrap_or(GRID);
        let others = if a.is_x() { &y_ids } else { &x_ids };
        let anchor = a
            .spec
            .get("anchor")
            .and_then(Json::as_str)
            .unwrap_or(if a.is_x() { "y" } else { "x" });
        let anchored = fig.index.get(anchor).copied().filter(|j| fig.axes[*j].used);
        let Some(o) = anchored.or_else(|| {
            others
                .iter()
                .copied()
                .find(|&o| fig.axes[o].spec.get("overlaying").is_none())
        }) else {
            continue;
        };
        let (o0, o1) = fig.axes[o].pix_span();
        let zero_on =
            a.kind() == Kind::Linear && a.spec.get("zeroline") != Some(&Json::Bool(false));
        if showgrid && a.kind() != Kind::Category {
            for (v, _) in &tick_sets[ai] {
                let q = a.px(*v);
                let pts = if a.is_x() {
                    [(q, o0), (q, o1)]
                } else {
                    [(o0, q), (o1, q)]
                };
                p.polyline(&pts, gridcolor, 1.0, None, None)?;
            }
        }
        let (r0, r1) = (a.range.0.min(a.range.1), a.range.0.max(a.range.1));
        if zero_on && r0 < 0.0 && r1 > 0.0 && cartesian {
            let q = a.px(0.0);
            let pts = if a.is_x() {
                [(q, o0), (q, o1)]
            } else {
                [(o0, q), (o1, q)]
            };
            let zc = a
                .spec
                .get("zerolinecolor")
                .and_then(color::from_json)
                .unwrap_or(TEXT);
            p.polyline(&pts, zc, 1.0, None, None)?;
        }
    }

    // ---- shapes below, traces, shapes above -------------------------------------------------
    draw_shapes(&mut fig, area, p, "below")?;
    let clip_of = |fig: &Fig, xa: usize, ya: usize| -> Clip {
        let (x0, x1) = fig.axes[xa].pix_span();
        let (y0, y1) = fig.axes[ya].pix_span();
        (x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0)
    };
    // Heatmaps first, then fills, then bars/boxes/lines/markers in trace order.
    for t in fig.traces.iter().filter(|t| t.drawn) {
        if let Prep::Heat(hp) = &t.prep {
            draw_heat(&fig, hp, p, clip_of(&fig, hp.xa, hp.ya))?;
        }
    }
    let mut decimated: Vec<Option<Vec<Vec<Pt>>>> = Vec::with_capacity(fig.traces.len());
    for t in &fig.traces {
        decimated.push(match (&t.prep, t.drawn) {
            (Prep::Scatter(s), true) if s.lines || s.fill.is_some() => Some(line_segments(&fig, s)),
            _ => None,
        });
    }
    let mut prev_scatter: Option<usize> = None;
    for (i, t) in fig.traces.iter().enumerate() {
        let Prep::Scatter(s) = &t.prep else { continue };
        if !t.drawn {
            continue;
        }
        if let (Some(fill), Some(segs)) = (&s.fill, &decimated[i]) {
            let clip = clip_of(&fig, s.xa, s.ya);
            let pts: Vec<Pt> = segs.iter().flatten().copied().collect();
            if !pts.is_empty() {
                let poly: Option<Vec<Pt>> = match fill.as_str() {
                    "tozeroy" => {
                        let z = fig.axes[s.ya].px(0.0);
                        let mut v = pts.clone();
                        v.push((pts[pts.len() - 1].0, z));
                        v.push((pts[0].0, z));
                        Some(v)
                    }
                    "tozerox" => {
                        let z = fig.axes[s.xa].px(0.0);
                        let mut v = pts.clone();
                        v.push((z, pts[pts.len() - 1].1));
                        v.push((z, pts[0].1));
                        Some(v)
                    }
                    "tonexty" | "tonextx" | "tonext" => {
                        match prev_scatter.and_then(|j| decimated[j].as_ref()) {
                            Some(prev) => {
                                let mut v = pts.clone();
                                v.extend(prev.iter().flatten().rev().copied());
                                Some(v)
                            }
                            None if fill == "tonexty" => {
                                let z = fig.axes[s.ya].px(0.0);
                                let mut v = pts.clone();
                                v.push((pts[pts.len() - 1].0, z));
                                v.push((pts[0].0, z));
                                Some(v)
                            }
                            None => None,
                        }
                    }
                    "toself" => Some(pts.clone()),
                    _ => None,
                };
                if let Some(poly) = poly {
                    p.polygon(&poly, s.fillcolor, Some(clip))?;
                }
            }
        }
        prev_scatter = Some(i);
    }
    for (i, t) in fig.traces.iter().enumerate() {
        if !t.drawn {
            continue;
        }
        match &t.prep {
            Prep::Scatter(s) => {
                let clip = clip_of(&fig, s.xa, s.ya);
                if s.lines {
                    if let Some(segs) = &decimated[i] {
                        for seg in segs {
                            if seg.len() == 1 && !s.markers {
                                p.marker(seg[0], s.width.max(2.0), "circle", s.color, None)?;
                            }
                            p.polyline(seg, s.color, s.width, s.dash.as_deref(), Some(clip))?;
                        }
                    }
                }
                if s.markers {
                    draw_markers(&fig, s, p, clip)?;
                }
            }
            Prep::Bar(b) => {
                let (xa, ya) = if b.horizontal {
                    (b.va, b.pa)
                } else {
                    (b.pa, b.va)
                };
                draw_bars(&fig, b, p, clip_of(&fig, xa, ya))?
            }
            Prep::Box(b) => draw_box(&fig, b, p)?,
            Prep::Pie => draw_pie(t.json, &fig.colorway, area, p)?,
            Prep::Table => draw_table(t.json, area, p)?,
            Prep::Heat(_) => {}
        }
    }
    draw_shapes(&mut fig, area, p, "above")?;

    // ---- axes: ticks, labels, titles --------------------------------------------------
    draw_axes(&fig, &tick_sets, (pl, pt, pr, pb), p)?;
    // ---- title, legend, colour bar, notes ------------------------------------------------
    if let Some(t) = &title {
        let tx = num(layout.get("title").and_then(|t| t.get("x"))).unwrap_or(0.5) * w;
        let align = if tx < w * 0.3 {
            HAlign::Left
        } else {
            HAlign::Center
        };
        p.text(
            t,
            (tx, mt / 2.0),
            TITLE_FONT,
            TEXT,
            align,
            VAlign::Middle,
            false,
        )?;
    }
    let mut lx = pr + need_r + 10.0;
    if show_legend && !legend_items.is_empty() {
        let mut ly = pt + 8.0;
        for (name, mark) in &legend_items {
            if ly > h - 6.0 {
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
        lx += legend_w + 10.0;
    }
    if let Some((scale, lo, hi, title)) = colorbar {
        let (top, bot) = match &title {
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
    }
    for (k, note) in fig.notes.iter().enumerate() {
        let y = h - 4.0 - (fig.notes.len() - 1 - k) as f64 * 13.0;
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
