//! hetida's "URL representation" of file-system paths, the form local file ids take in
//! wirings (hetida-compat §8.2): `_` becomes `-_-`, then `/` becomes `__`.

/// The id of a path: `/mnt/files/dir_1/data.csv` → `__mnt__files__dir-_-1__data.csv`.
pub fn to_id(path: &str) -> String {
    path.replace('_', "-_-").replace('/', "__")
}

/// The path of an id, reversing [`to_id`] in the opposite order (`__` → `/`, then
/// `-_-` → `_`).
pub fn to_path(id: &str) -> String {
    id.replace("__", "/").replace("-_-", "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hetidas_example_round_trips() {
        let path = "/mnt/files/dir_1/data.csv";
        assert_eq!(to_id(path), "__mnt__files__dir-_-1__data.csv");
        assert_eq!(to_path("__mnt__files__dir-_-1__data.csv"), path);
    }

    #[test]
    fn underscores_next_to_slashes_survive() {
        for path in ["/a_/_b/c__d.csv", "/x/__init__.py", "rel/dir_/f_.csv"] {
            assert_eq!(to_path(&to_id(path)), path, "{path}");
        }
    }
}
