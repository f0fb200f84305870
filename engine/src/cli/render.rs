//! `rheo render`: a plotly figure file to PNG or SVG.

use super::read_request;
use anyhow::{Context, Result};
use std::path::Path;

/// `rheo render`: renders a figure file to PNG or SVG.
pub(super) fn render_command(
    figure: &str,
    output: &Path,
    options: &rheo_render::RenderOptions,
) -> Result<i32> {
    let bytes = read_request(figure)?;
    let fig =
        rheo_render::Figure::parse(&bytes).with_context(|| format!("{figure} is not JSON"))?;
    drop(bytes);
    let format = output
        .extension()
        .and_then(|e| e.to_str())
        .and_then(rheo_render::Format::from_name)
        .with_context(|| {
            format!(
                "{}: the output file must end in .png or .svg",
                output.display()
            )
        })?;
    let image = rheo_render::render_figure(&fig, format, options)?;
    std::fs::write(output, image).with_context(|| format!("writing {}", output.display()))?;
    Ok(0)
}
