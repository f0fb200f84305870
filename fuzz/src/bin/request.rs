//! Fuzz target: an execution request record's value, executed as `rheo serve` executes it.

use rheo_adapters::Adapters;
use rheo_components::Registry;
use rheo_engine::store::Store;
use rheo_engine::Engine;

fn main() {
    let engine = Engine::new(
        Store::with_builtin().expect("builtin store"),
        Registry::builtin(),
        Adapters::builtin(),
    );
    // A panic ends the run as a finding; the engine is not used after one.
    let engine = std::panic::AssertUnwindSafe(&engine);
    afl::fuzz!(|data: &[u8]| {
        // Capture the wrapper as a whole (a field use would capture the bare reference).
        let engine: &std::panic::AssertUnwindSafe<&Engine> = &engine;
        let response = engine.execute_payload(data);
        let _ = response.to_json();
    });
}
