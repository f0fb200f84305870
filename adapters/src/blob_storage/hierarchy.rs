//! The adapter hierarchy file (`BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION`, hetida-compat §10):
//! thing nodes whose names make up the bucket names and object-key prefixes.
//!
//! Why this exists: S3 is flat (buckets holding keys), hetida lays a tree over it. The upper
//! nodes, down to the one marked `below_structure_defines_object_key` (else all but the end
//! node), are hyphen-joined and lower-cased into a bucket name; the nodes below it are
//! `/`-joined into the key prefix of the objects stored at the end node. Wirings name end
//! nodes by their id (`planta-picklingunit/Influx/Anomalies`), and only those ids are
//! accepted, so no wiring can reach a bucket or key outside the tree.

use indexmap::IndexMap;
use serde_json::Value as Json;
use std::io::Read;
use std::path::Path;

/// Largest hierarchy file read (it is configuration, not data).
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// Deepest tree accepted (levels of thing nodes).
pub const MAX_DEPTH: usize = 32;

/// An end node of the tree: where objects are stored and next-object sinks write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndNode {
    /// hetida's thing node id, `<bucket>/<key prefix>` (the wiring's `ref_id`).
    pub id: String,
    /// The node's own name (starts the `ref_key` of its sources and sinks).
    pub name: String,
    /// The bucket its objects live in.
    pub bucket: String,
    /// The key prefix of its objects (`Influx/Anomalies`).
    pub prefix: String,
}

/// The parsed tree: its end nodes by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hierarchy {
    end_nodes: IndexMap<String, EndNode>,
    buckets: Vec<String>,
}

impl Hierarchy {
    /// Reads and checks the hierarchy file; the error names the problem (the caller adds
    /// the file name).
    pub fn load(path: &Path) -> Result<Hierarchy, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot open it: {e}"))?;
        let mut text = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut text)
            .map_err(|e| format!("cannot read it: {e}"))?;
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "it is larger than {MAX_FILE_BYTES} bytes; a hierarchy file is a small JSON document"
            ));
        }
        Self::parse(&text)
    }

    /// Parses hierarchy JSON (`{"structure": [{"name", "description",
    /// "below_structure_defines_object_key"?, "substructure"?}, …]}`) and builds the
    /// buckets and end nodes as hetida does.
    pub fn parse(text: &[u8]) -> Result<Hierarchy, String> {
        let doc: Json = serde_json::from_slice(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let structure = match doc.get("structure") {
            Some(Json::Array(nodes)) => nodes,
            Some(_) => return Err("'structure' must be a list of nodes".into()),
            None => return Err("no 'structure' list at the top level".into()),
        };
        let mut b = Builder::default();
        for node in structure {
            let node = Node::read(node, "structure", 1)?;
            b.add(&node, None, true)?;
        }
        Ok(Hierarchy {
            end_nodes: b.end_nodes,
            buckets: b.buckets,
        })
    }

    /// The end node with thing node id `id`.
    pub fn end_node(&self, id: &str) -> Option<&EndNode> {
        self.end_nodes.get(id)
    }

    /// Every end node id, in file order (for error messages and listings).
    pub fn end_node_ids(&self) -> impl Iterator<Item = &str> {
        self.end_nodes.keys().map(String::as_str)
    }

    /// Every bucket name the tree defines, in file order.
    pub fn buckets(&self) -> &[String] {
        &self.buckets
    }
}

/// One node as written in the file.
struct Node {
    name: String,
    below_defines_key: bool,
    children: Vec<Node>,
}

impl Node {
    /// Reads a node; `at` locates it for error messages, `level` counts from 1.
    fn read(j: &Json, at: &str, level: usize) -> Result<Node, String> {
        if level > MAX_DEPTH {
            return Err(format!(
                "thing nodes nest deeper than {MAX_DEPTH} levels (at {at})"
            ));
        }
        let Json::Object(m) = j else {
            return Err(format!("{at}: a node must be an object"));
        };
        let name = match m.get("name") {
            Some(Json::String(s)) => s.clone(),
            _ => return Err(format!("{at}: a node needs a 'name' string")),
        };
        let at = format!("{at} > {name}");
        thing_node_name(&name).map_err(|e| format!("{at}: {e}"))?;
        if !matches!(m.get("description"), Some(Json::String(_))) {
            return Err(format!("{at}: a node needs a 'description' string"));
        }
        let below_defines_key = match m.get("below_structure_defines_object_key") {
            None | Some(Json::Null) => false,
            Some(Json::Bool(b)) => *b,
            Some(_) => {
                return Err(format!(
                    "{at}: 'below_structure_defines_object_key' must be true or false"
                ))
            }
        };
        let children = match m.get("substructure") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(nodes)) => nodes
                .iter()
                .map(|n| Node::read(n, &at, level + 1))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(format!("{at}: 'substructure' must be a list of nodes")),
        };
        Ok(Node {
            name,
            below_defines_key,
            children,
        })
    }

    /// hetida's `get_depth`: 1 for a leaf, else 1 + the deepest child.
    fn depth(&self) -> usize {
        1 + self.children.iter().map(Node::depth).max().unwrap_or(0)
    }
}

/// hetida's `ThingNodeName`: 1–63 ASCII letters and digits.
fn thing_node_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 63 || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!(
            "the name '{}' is not 1 to 63 letters and digits (a-z, A-Z, 0-9)",
            name.escape_debug()
        ));
    }
    Ok(())
}

/// S3's bucket naming rules, for names built from the tree: 3–63 characters of lowercase
/// letters, digits and hyphens, starting and ending with a letter or digit, and none of the
/// reserved prefixes and suffixes.
pub fn bucket_name(name: &str) -> Result<(), String> {
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let ends_ok = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    let problem = if !(3..=63).contains(&name.len()) {
        Some(format!("has {} characters, S3 allows 3 to 63", name.len()))
    } else if !ok_chars {
        Some("may only hold lowercase letters, digits and hyphens".into())
    } else if !ends_ok(name.as_bytes().first()) || !ends_ok(name.as_bytes().last()) {
        Some("must start and end with a letter or digit".into())
    } else if name.starts_with("xn--") || name.starts_with("sthree-") {
        Some("starts with a prefix S3 reserves (xn--, sthree-)".into())
    } else if name.ends_with("-s3alias") || name.ends_with("--ol-s3") {
        Some("ends with a suffix S3 reserves (-s3alias, --ol-s3)".into())
    } else {
        None
    };
    match problem {
        Some(p) => Err(format!("the bucket name '{name}' {p}")),
        None => Ok(()),
    }
}

/// Walks the tree as hetida's `HierarchyNode.create_structure` does.
#[derive(Default)]
struct Builder {
    end_nodes: IndexMap<String, EndNode>,
    buckets: Vec<String>,
    ids: std::collections::HashSet<String>,
}

/// Where a node sits: its parent's thing node id and, below the bucket, the bucket and
/// key prefix so far.
struct Parent<'a> {
    id: &'a str,
    bucket: Option<&'a str>,
    prefix: Option<&'a str>,
}

impl Builder {
    fn add(
        &mut self,
        node: &Node,
        parent: Option<&Parent<'_>>,
        in_bucket: bool,
    ) -> Result<(), String> {
        let leaf = node.children.is_empty();
        if in_bucket && leaf {
            return Err(format!(
                "the node '{}' would be part of a bucket name but has no substructure, so no \
                 object key prefix (and no sink or source) can be made for it",
                node.name
            ));
        }
        let id = match (parent, in_bucket) {
            (None, _) => node.name.to_ascii_lowercase(),
            (Some(p), true) => format!("{}-{}", p.id, node.name.to_ascii_lowercase()),
            (Some(p), false) => format!("{}/{}", p.id, node.name),
        };
        if !self.ids.insert(id.clone()) {
            return Err(format!("the thing node id '{id}' occurs twice"));
        }
        let ends_bucket = node.below_defines_key || (in_bucket && node.depth() == 2);
        if ends_bucket && !in_bucket {
            return Err(format!(
                "the node '{}' is marked below_structure_defines_object_key, but a node above \
                 it already is",
                node.name
            ));
        }
        if ends_bucket {
            bucket_name(&id).map_err(|e| format!("at the node '{}': {e}", node.name))?;
            if self.buckets.contains(&id) {
                return Err(format!("the bucket name '{id}' occurs twice"));
            }
            self.buckets.push(id.clone());
        }
        // Below the bucket node the key prefix grows; at the bucket node it starts empty.
        let (bucket, prefix): (Option<String>, Option<String>) = if in_bucket {
            (ends_bucket.then(|| id.clone()), None)
        } else {
            let bucket = parent.and_then(|p| p.bucket).map(str::to_string);
            let prefix = match parent.and_then(|p| p.prefix) {
                Some(pre) => format!("{pre}/{}", node.name),
                None => node.name.clone(),
            };
            (bucket, Some(prefix))
        };
        if leaf {
            let (Some(bucket), Some(prefix)) = (bucket, prefix) else {
                return Err(format!("the end node '{id}' has no bucket"));
            };
            self.end_nodes.insert(
                id.clone(),
                EndNode {
                    id: id.clone(),
                    name: node.name.clone(),
                    bucket,
                    prefix,
                },
            );
            return Ok(());
        }
        let here = Parent {
            id: &id,
            bucket: bucket.as_deref(),
            prefix: prefix.as_deref(),
        };
        for child in &node.children {
            self.add(child, Some(&here), in_bucket && !ends_bucket)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(name: &str, below: bool, sub: Vec<Json>) -> Json {
        let mut n = json!({"name": name, "description": format!("{name} node")});
        if below {
            n["below_structure_defines_object_key"] = json!(true);
        }
        if !sub.is_empty() {
            n["substructure"] = Json::Array(sub);
        }
        n
    }

    fn leaf(name: &str) -> Json {
        node(name, false, vec![])
    }

    fn parse(structure: Vec<Json>) -> Result<Hierarchy, String> {
        Hierarchy::parse(json!({ "structure": structure }).to_string().as_bytes())
    }

    /// hetida's documented example: the marked node ends the bucket name.
    #[test]
    fn the_marked_node_ends_the_bucket_name() {
        let h = parse(vec![node(
            "PlantA",
            false,
            vec![node(
                "PicklingUnit",
                true,
                vec![node(
                    "Influx",
                    false,
                    vec![leaf("Anomalies"), leaf("Models")],
                )],
            )],
        )])
        .unwrap();
        assert_eq!(h.buckets(), ["planta-picklingunit"]);
        let n = h.end_node("planta-picklingunit/Influx/Anomalies").unwrap();
        assert_eq!(n.bucket, "planta-picklingunit");
        assert_eq!(n.prefix, "Influx/Anomalies");
        assert_eq!(n.name, "Anomalies");
        assert_eq!(
            h.end_node_ids().collect::<Vec<_>>(),
            [
                "planta-picklingunit/Influx/Anomalies",
                "planta-picklingunit/Influx/Models"
            ]
        );
        // Thing nodes that are not end nodes are no sources or sinks.
        assert!(h.end_node("planta-picklingunit/Influx").is_none());
        assert!(h.end_node("PlantA-PicklingUnit/Influx/Anomalies").is_none());
    }

    /// Without a marker all but the end node form the bucket name.
    #[test]
    fn unmarked_trees_put_all_but_the_end_node_into_the_bucket() {
        let h = parse(vec![node(
            "PlantB",
            false,
            vec![
                node("Pumps", false, vec![leaf("Models"), leaf("Data")]),
                node(
                    "Mixer",
                    false,
                    vec![node("Line2", false, vec![leaf("Runs")])],
                ),
            ],
        )])
        .unwrap();
        assert_eq!(h.buckets(), ["plantb-pumps", "plantb-mixer-line2"]);
        assert_eq!(h.end_node("plantb-pumps/Models").unwrap().prefix, "Models");
        assert_eq!(
            h.end_node("plantb-mixer-line2/Runs").unwrap().bucket,
            "plantb-mixer-line2"
        );
    }

    #[test]
    fn a_marked_root_is_the_bucket() {
        let h = parse(vec![node(
            "Plant",
            true,
            vec![node("A", false, vec![leaf("B")])],
        )])
        .unwrap();
        assert_eq!(h.end_node("plant/A/B").unwrap().prefix, "A/B");
    }

    #[test]
    fn invalid_trees_are_explained() {
        let err = |s: Vec<Json>| parse(s).unwrap_err();
        assert!(err(vec![leaf("Lonely")]).contains("no substructure"));
        assert!(err(vec![node("Ab", false, vec![leaf("C")])]).contains("3 to 63"));
        assert!(err(vec![node("Bad-Name", false, vec![leaf("C")])]).contains("letters and digits"));
        assert!(err(vec![node(
            "Plant",
            true,
            vec![node("A", true, vec![leaf("B")])]
        )])
        .contains("already is"));
        let twice = node("Plant", false, vec![node("X", false, vec![leaf("A")])]);
        assert!(err(vec![twice.clone(), twice]).contains("twice"));
        let long = "a".repeat(40);
        assert!(err(vec![node(
            &long,
            false,
            vec![node(&long, false, vec![leaf("C")])]
        )])
        .contains("S3 allows 3 to 63"));
        assert!(Hierarchy::parse(b"{\"structure\": 5}")
            .unwrap_err()
            .contains("list"));
        assert!(Hierarchy::parse(b"[]").unwrap_err().contains("structure"));
        assert!(Hierarchy::parse(b"{")
            .unwrap_err()
            .contains("not valid JSON"));
        let no_description = json!({"structure": [{"name": "Abc", "substructure": [{"name": "D", "description": ""}]}]});
        assert!(Hierarchy::parse(no_description.to_string().as_bytes())
            .unwrap_err()
            .contains("description"));
    }

    #[test]
    fn deep_trees_are_refused() {
        let mut n = leaf("Leaf");
        for i in 0..MAX_DEPTH {
            n = node(&format!("N{i}"), i == MAX_DEPTH - 1, vec![n]);
        }
        let e = parse(vec![n]).unwrap_err();
        assert!(e.contains("deeper than 32"), "{e}");
        // Far deeper JSON stops in the JSON parser, never on the stack.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(Hierarchy::parse(deep.as_bytes())
            .unwrap_err()
            .contains("JSON"));
    }

    #[test]
    fn big_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.json");
        std::fs::write(&path, vec![b' '; (MAX_FILE_BYTES + 1) as usize]).unwrap();
        assert!(Hierarchy::load(&path).unwrap_err().contains("larger than"));
        assert!(Hierarchy::load(&dir.path().join("missing.json"))
            .unwrap_err()
            .contains("cannot open it"));
    }

    #[test]
    fn bucket_name_rules() {
        assert!(bucket_name("planta-picklingunit").is_ok());
        assert!(bucket_name("ab").is_err());
        assert!(bucket_name(&"a".repeat(64)).is_err());
        assert!(bucket_name("Upper").is_err());
        assert!(bucket_name("-abc").is_err());
        assert!(bucket_name("abc-").is_err());
        assert!(bucket_name("a.b.c").is_err());
        assert!(bucket_name("sthree-x").is_err());
        assert!(bucket_name("x-s3alias").is_err());
    }
}
