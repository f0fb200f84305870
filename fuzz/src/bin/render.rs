//! Fuzz target: a plotly figure (the body of `POST /render`) rendered to SVG and PNG.

use rheo_render::{render, Format, RenderOptions};

fn main() {
    let options = RenderOptions {
        width: Some(160),
        height: Some(120),
    };
    afl::fuzz!(|data: &[u8]| {
        let Ok(figure) = serde_json::from_slice::<serde_json::Value>(data) else {
            return;
        };
        let _ = render(&figure, Format::Svg, &options);
        let _ = render(&figure, Format::Png, &options);
    });
}
