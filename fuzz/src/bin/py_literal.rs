//! Fuzz target: a `.py` component module as `rheo import` reads it (COMPONENT_INFO and the
//! other literals are read as data, never executed).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(source) = std::str::from_utf8(data) {
            let _ = rheo_engine::py_component::component_from_py(source);
        }
    });
}
