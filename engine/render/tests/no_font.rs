//! Without a font file PNGs still render, just without text (own test binary: the font is
//! loaded once per process).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_render::{font_available, render_png, render_rgb, render_svg, RenderOptions};
use serde_json::json;

#[test]
fn png_renders_without_text_when_the_font_is_missing() {
    std::env::set_var("RHEO_FONT", "/nonexistent/font.ttf");
    assert!(!font_available());
    let fig = json!({"data": [], "layout": {"title": {"text": "only text here"}, "width": 200, "height": 100}});
    let png = render_png(&fig, &RenderOptions::default()).expect("PNG without font");
    assert_eq!(&png[1..4], b"PNG");
    // The empty figure has no text drawn: paper, plot background and light grid only.
    let (rgb, _, _) = render_rgb(&fig, &RenderOptions::default()).unwrap();
    assert!(rgb.iter().all(|&v| v >= 0xd0), "no dark text pixels");
    // SVG needs no font file: the title is there.
    assert!(render_svg(&fig, &RenderOptions::default())
        .unwrap()
        .contains("only text here"));
}
