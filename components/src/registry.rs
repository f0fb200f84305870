//! The registry of native components: every category's list, addressable by hetida id and,
//! as a fallback, by (category, name, version tag).

use crate::{
    anomaly_detection, arithmetic, basic, basic_arithmetic, connectors, data_quality, data_sinks,
    data_sources, examples, filters, index_operations, models, physics, regression,
    remaining_useful_life, statistic, testing, time_length_operations, trigonometric,
    visualization,
};
use rheo_core::component::Component;
use std::collections::HashMap;
use std::sync::Arc;

/// A category's list of components.
type CategoryList = fn() -> Vec<Arc<dyn Component>>;

/// The component lists of all categories, in registration order. A new component is added
/// to its category's `components()`; a new category here.
const CATEGORIES: [CategoryList; 20] = [
    connectors::components,
    remaining_useful_life::components,
    arithmetic::components,
    basic::components,
    basic_arithmetic::components,
    trigonometric::components,
    statistic::components,
    time_length_operations::components,
    filters::components,
    data_quality::components,
    anomaly_detection::components,
    regression::components,
    models::components,
    index_operations::components,
    physics::components,
    data_sources::components,
    data_sinks::components,
    testing::components,
    examples::components,
    visualization::components,
];

/// The native components known to the engine, addressable by hetida id and, as a fallback,
/// by (category, name, version tag).
#[derive(Clone, Default)]
pub struct Registry {
    components: Vec<Arc<dyn Component>>,
    by_id: HashMap<&'static str, usize>,
    by_name: HashMap<(&'static str, &'static str, &'static str), usize>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.components.iter().map(|c| c.spec().id))
            .finish()
    }
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// All components implemented by this crate, in category order.
    pub fn builtin() -> Registry {
        let mut r = Registry::new();
        for list in CATEGORIES {
            for component in list() {
                r.register(component);
            }
        }
        r
    }

    /// Adds a component; a component with the same id replaces the earlier one.
    pub fn register(&mut self, component: Arc<dyn Component>) {
        let spec = component.spec();
        let key = (spec.category, spec.name, spec.version_tag);
        if let Some(&i) = self.by_id.get(spec.id) {
            let old = self.components[i].spec();
            self.by_name
                .remove(&(old.category, old.name, old.version_tag));
            self.components[i] = component;
            self.by_name.insert(key, i);
        } else {
            self.by_id.insert(spec.id, self.components.len());
            self.by_name.insert(key, self.components.len());
            self.components.push(component);
        }
    }

    /// The component registered under a transformation revision id (lower-case, hyphenated).
    pub fn get(&self, id: &str) -> Option<&Arc<dyn Component>> {
        self.by_id.get(id).map(|&i| &self.components[i])
    }

    /// Fallback lookup by category, name and version tag (for revisions whose id is unknown,
    /// e.g. components re-imported under a new id).
    pub fn find(
        &self,
        category: &str,
        name: &str,
        version_tag: &str,
    ) -> Option<&Arc<dyn Component>> {
        self.by_name
            .get(&(category, name, version_tag))
            .map(|&i| &self.components[i])
    }

    /// All components in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn Component>> {
        self.components.iter()
    }

    /// Number of registered components.
    pub fn len(&self) -> usize {
        self.components.len()
    }

    /// Whether no component is registered.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_is_consistent() {
        let r = Registry::builtin();
        // Every registered component has its own id (no silent replacement).
        let ids: std::collections::HashSet<&str> = r.iter().map(|c| c.spec().id).collect();
        assert_eq!(r.len(), ids.len());
        assert!(r.len() >= 7);
        assert!(!r.is_empty());
        for c in r.iter() {
            let s = c.spec();
            assert!(std::ptr::eq(r.get(s.id).unwrap().spec(), s));
            assert!(std::ptr::eq(
                r.find(s.category, s.name, s.version_tag).unwrap().spec(),
                s
            ));
        }
        assert!(r.get("00000000-0000-0000-0000-000000000000").is_none());
        assert!(r.find("Connectors", "Pass Through", "9.9.9").is_none());
    }

    #[test]
    fn register_replaces_same_id() {
        let mut r = Registry::builtin();
        let n = r.len();
        r.register(Arc::new(connectors::pass_through::PassThrough(
            &connectors::pass_through::ANY_SPEC,
        )));
        assert_eq!(r.len(), n);
    }
}
