//! Renders a plotly figure JSON file: `cargo run -p rheo-render --example render_file -- FIG.json OUT.(png|svg)`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = (&args[1], &args[2]);
    let fig: serde_json::Value = serde_json::from_slice(&std::fs::read(input).unwrap()).unwrap();
    let format = rheo_render::Format::from_name(output.rsplit('.').next().unwrap()).unwrap();
    let t = std::time::Instant::now();
    let bytes = rheo_render::render(&fig, format, &Default::default()).unwrap();
    eprintln!("rendered in {:?}", t.elapsed());
    std::fs::write(output, bytes).unwrap();
}
