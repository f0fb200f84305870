//! Fuzz target: a plotly figure (the body of `POST /render`) read as `POST /render` reads it
//! (data arrays into compact columns) and rendered to SVG and PNG.

use rheo_render::{render_figure, Figure, Format, RenderOptions};

fn main() {
    let options = RenderOptions {
        width: Some(160),
        height: Some(120),
    };
    afl::fuzz!(|data: &[u8]| {
        let Ok(figure) = Figure::parse(data) else {
            return;
        };
        let _ = render_figure(&figure, Format::Svg, &options);
        let _ = render_figure(&figure, Format::Png, &options);
    });
}
