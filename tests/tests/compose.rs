//! The container setup: `docker-compose-kafka.yml`, the `Dockerfile` and `.dockerignore` fit
//! together and fit the engine (topics, broker addresses, the HTTP port).
//!
//! No Docker engine is needed: the files are parsed and cross-checked the way Docker Compose
//! and Kafka would read them, and the engine's own defaults are read from its source.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_engine::serve::config::ServeConfig;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const COMPOSE_FILE: &str = "docker-compose-kafka.yml";

// ---------------------------------------------------------------------------------------
// Reading the files
// ---------------------------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the repository")
        .to_path_buf()
}

fn read(rel: &str) -> String {
    let path = repo_root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn compose() -> Value {
    serde_yaml::from_str(&read(COMPOSE_FILE))
        .unwrap_or_else(|e| panic!("{COMPOSE_FILE} is not valid YAML: {e}"))
}

fn service<'a>(compose: &'a Value, name: &str) -> &'a Value {
    let svc = &compose["services"][name];
    assert!(
        svc.is_mapping(),
        "{COMPOSE_FILE} has no service '{name}' (services: {:?})",
        service_names(compose)
    );
    svc
}

fn service_names(compose: &Value) -> Vec<String> {
    compose["services"]
        .as_mapping()
        .expect("`services` is a mapping")
        .keys()
        .map(|k| k.as_str().expect("service names are strings").to_string())
        .collect()
}

/// A scalar as Compose passes it on: strings as they are, numbers and booleans as text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text(v: &Value, what: &str) -> String {
    scalar(v).unwrap_or_else(|| panic!("{what} must be a scalar, got {v:?}"))
}

/// A service's environment, written as a mapping or as a list of `KEY=VALUE`.
fn environment(svc: &Value) -> BTreeMap<String, String> {
    match &svc["environment"] {
        Value::Mapping(m) => m
            .iter()
            .map(|(k, v)| {
                let k = k.as_str().expect("variable names are strings").to_string();
                let v = scalar(v).unwrap_or_default();
                (k, v)
            })
            .collect(),
        Value::Sequence(items) => items
            .iter()
            .map(|i| {
                let s = i.as_str().expect("environment entries are strings");
                let (k, v) = s.split_once('=').unwrap_or((s, ""));
                (k.to_string(), v.to_string())
            })
            .collect(),
        Value::Null => BTreeMap::new(),
        other => panic!("environment must be a mapping or a list, got {other:?}"),
    }
}

fn var(env: &BTreeMap<String, String>, name: &str, service: &str) -> String {
    env.get(name)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("service '{service}' does not set {name}"))
        .clone()
}

/// Names under which containers of the compose network reach a service.
fn network_names(compose: &Value, name: &str) -> BTreeSet<String> {
    let svc = service(compose, name);
    let mut names = BTreeSet::from([name.to_string()]);
    for key in ["hostname", "container_name"] {
        if let Some(n) = svc[key].as_str() {
            names.insert(n.to_string());
        }
    }
    names
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "::1" || host == "[::1]"
}

/// `host:port` → (host, port).
fn host_port(addr: &str) -> (String, u16) {
    let (host, port) = addr
        .trim()
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("'{addr}' is not host:port"));
    let port = port
        .parse()
        .unwrap_or_else(|e| panic!("'{addr}' has no valid port: {e}"));
    (host.to_string(), port)
}

/// One entry of Kafka's `listeners` / `advertised.listeners`: `NAME://host:port`.
#[derive(Debug, Clone, PartialEq)]
struct Listener {
    name: String,
    host: String,
    port: u16,
}

fn listeners(spec: &str) -> Vec<Listener> {
    spec.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|entry| {
            let (name, addr) = entry
                .split_once("://")
                .unwrap_or_else(|| panic!("listener '{entry}' is not NAME://host:port"));
            let (host, port) = host_port(addr);
            Listener {
                name: name.to_string(),
                host,
                port,
            }
        })
        .collect()
}

/// `NAME:PROTOCOL,...` → name → protocol.
fn protocol_map(spec: &str) -> BTreeMap<String, String> {
    spec.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|e| {
            let (n, p) = e
                .split_once(':')
                .unwrap_or_else(|| panic!("protocol map entry '{e}' is not NAME:PROTOCOL"));
            (n.to_string(), p.to_string())
        })
        .collect()
}

/// Published ports as (host port, container port), from the short or the long syntax.
fn published_ports(svc: &Value) -> Vec<(Option<u16>, u16)> {
    let Some(items) = svc["ports"].as_sequence() else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| match item {
            Value::Mapping(_) => {
                let target = text(&item["target"], "ports[].target")
                    .parse()
                    .expect("numeric target port");
                let published =
                    scalar(&item["published"]).map(|p| p.parse().expect("numeric published port"));
                (published, target)
            }
            other => {
                let s = text(other, "a port mapping");
                let s = s.split('/').next().unwrap_or_default();
                let parts: Vec<&str> = s.split(':').collect();
                let container = parts[parts.len() - 1]
                    .parse()
                    .unwrap_or_else(|e| panic!("port mapping '{s}': {e}"));
                let host = (parts.len() >= 2).then(|| {
                    parts[parts.len() - 2]
                        .parse()
                        .unwrap_or_else(|e| panic!("port mapping '{s}': {e}"))
                });
                (host, container)
            }
        })
        .collect()
}

/// A service's `entrypoint` and `command` as one text (lists joined by spaces).
fn command_text(svc: &Value) -> String {
    let mut out = String::new();
    for key in ["entrypoint", "command"] {
        match &svc[key] {
            Value::String(s) => out.push_str(s),
            Value::Sequence(items) => {
                for i in items {
                    out.push_str(&text(i, key));
                    out.push(' ');
                }
            }
            _ => {}
        }
        out.push('\n');
    }
    out
}

/// A `kafka-topics.sh --create` invocation.
#[derive(Debug)]
struct TopicCreation {
    topic: String,
    partitions: Option<u32>,
    replication_factor: Option<u32>,
    bootstrap_server: String,
}

fn topic_creations(script: &str) -> Vec<TopicCreation> {
    let mut out = Vec::new();
    let commands = script
        .split(['\n', ';'])
        .flat_map(|line| line.split("&&"))
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.starts_with('#'));
    for cmd in commands {
        let tokens: Vec<String> = cmd
            .split_whitespace()
            .map(|t| t.trim_matches(|c| c == '"' || c == '\'').to_string())
            .collect();
        let is_topics_tool = tokens.iter().any(|t| t.ends_with("kafka-topics.sh"));
        if !is_topics_tool || !tokens.iter().any(|t| t == "--create") {
            continue;
        }
        let flag = |name: &str| -> Option<String> {
            tokens.iter().enumerate().find_map(|(i, t)| {
                if t == name {
                    tokens.get(i + 1).cloned()
                } else {
                    t.strip_prefix(&format!("{name}=")).map(str::to_string)
                }
            })
        };
        let number = |name: &str| {
            flag(name).map(|v| {
                v.parse()
                    .unwrap_or_else(|e| panic!("{name} {v} in '{cmd}': {e}"))
            })
        };
        out.push(TopicCreation {
            topic: flag("--topic").unwrap_or_else(|| panic!("no --topic in '{cmd}'")),
            partitions: number("--partitions"),
            replication_factor: number("--replication-factor"),
            bootstrap_server: flag("--bootstrap-server")
                .unwrap_or_else(|| panic!("no --bootstrap-server in '{cmd}'")),
        });
    }
    out
}

/// Dockerfile instructions as (KEYWORD, arguments), continuation lines joined and comments
/// dropped, as Docker reads them.
fn dockerfile_instructions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_empty()) {
            continue;
        }
        if let Some(body) = trimmed.strip_suffix('\\') {
            current.push_str(body);
            current.push(' ');
            continue;
        }
        current.push_str(trimmed);
        let (kw, rest) = current
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((current.trim(), ""));
        out.push((kw.to_ascii_uppercase(), rest.trim().to_string()));
        current.clear();
    }
    out
}

/// The instructions of each build stage (split at `FROM`).
fn dockerfile_stages(text: &str) -> Vec<Vec<(String, String)>> {
    let mut stages: Vec<Vec<(String, String)>> = Vec::new();
    for ins in dockerfile_instructions(text) {
        if ins.0 == "FROM" {
            stages.push(Vec::new());
        }
        if let Some(stage) = stages.last_mut() {
            stage.push(ins);
        }
    }
    stages
}

fn instruction<'a>(stage: &'a [(String, String)], kw: &str) -> Option<&'a str> {
    stage
        .iter()
        .rev()
        .find(|(k, _)| k == kw)
        .map(|(_, v)| v.as_str())
}

fn exec_form(args: &str, what: &str) -> Vec<String> {
    serde_json::from_str(args)
        .unwrap_or_else(|e| panic!("{what} must use the exec (JSON array) form, got {args}: {e}"))
}

/// The engine's default request topic, result topic, group id and HTTP address.
fn engine_defaults() -> ServeConfig {
    ServeConfig::default()
}

struct Kafka {
    env: BTreeMap<String, String>,
    names: BTreeSet<String>,
    listeners: Vec<Listener>,
    advertised: Vec<Listener>,
    protocols: BTreeMap<String, String>,
}

fn kafka(compose: &Value) -> Kafka {
    let env = environment(service(compose, "kafka"));
    let listeners = listeners(&var(&env, "KAFKA_LISTENERS", "kafka"));
    let advertised = listeners_of(&env, "KAFKA_ADVERTISED_LISTENERS");
    let protocols = protocol_map(&var(&env, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "kafka"));
    Kafka {
        names: network_names(compose, "kafka"),
        env,
        listeners,
        advertised,
        protocols,
    }
}

fn listeners_of(env: &BTreeMap<String, String>, name: &str) -> Vec<Listener> {
    listeners(&var(env, name, "kafka"))
}

impl Kafka {
    /// The advertised listener a client inside the compose network can use at `addr`.
    fn internal_listener(&self, addr: &str) -> &Listener {
        let (host, port) = host_port(addr);
        assert!(
            !is_loopback(&host),
            "'{addr}' points at the client's own container, not at the kafka service"
        );
        assert!(
            self.names.contains(&host),
            "'{addr}': '{host}' is not a name of the kafka service in the compose network ({:?})",
            self.names
        );
        let l = self
            .advertised
            .iter()
            .find(|l| l.host == host && l.port == port)
            .unwrap_or_else(|| {
                panic!(
                    "'{addr}' is not an advertised listener of kafka ({:?}): clients would be \
                     redirected elsewhere after bootstrapping",
                    self.advertised
                )
            });
        assert!(
            self.listeners
                .iter()
                .any(|b| b.name == l.name && b.port == l.port),
            "kafka advertises {l:?} but does not listen on port {} under that name ({:?})",
            l.port,
            self.listeners
        );
        l
    }
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

#[test]
fn compose_defines_kafka_topic_setup_and_engine_without_zookeeper() {
    let c = compose();
    let names = service_names(&c);
    for required in ["kafka", "kafka-init", "rheo"] {
        assert!(
            names.iter().any(|n| n == required),
            "service '{required}' missing: {names:?}"
        );
    }
    for name in &names {
        let svc = service(&c, name);
        let image = svc["image"].as_str().unwrap_or_default();
        assert!(
            !image.contains("zookeeper") && !name.contains("zookeeper"),
            "service '{name}' ({image}) is ZooKeeper; KRaft needs none"
        );
        let env = environment(svc);
        assert!(
            !env.keys().any(|k| k.contains("ZOOKEEPER")),
            "service '{name}' configures ZooKeeper: {env:?}"
        );
    }
}

#[test]
fn kafka_is_the_official_image_in_kraft_combined_mode() {
    let c = compose();
    let svc = service(&c, "kafka");
    let image = text(&svc["image"], "kafka's image");
    let (repo, tag) = image
        .split_once(':')
        .unwrap_or_else(|| panic!("kafka's image '{image}' has no pinned tag"));
    assert_eq!(repo, "apache/kafka", "the official Apache Kafka image");
    assert!(
        tag.split('.').all(|p| p.parse::<u32>().is_ok()) && tag.split('.').count() == 3,
        "pin a release (x.y.z), not '{tag}'"
    );

    let k = kafka(&c);
    let roles = var(&k.env, "KAFKA_PROCESS_ROLES", "kafka");
    let roles: BTreeSet<&str> = roles.split(',').map(str::trim).collect();
    assert_eq!(roles, BTreeSet::from(["broker", "controller"]));
    // The image refuses to start in KRaft mode without a cluster id (a base64 UUID).
    let cluster_id = var(&k.env, "CLUSTER_ID", "kafka");
    assert_eq!(
        cluster_id.len(),
        22,
        "CLUSTER_ID {cluster_id} is not a base64 UUID"
    );
    assert!(cluster_id
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'));

    // Every listener has a security protocol; the controller quorum names this very node on
    // a controller listener it actually opens.
    for l in k.listeners.iter().chain(&k.advertised) {
        assert!(
            k.protocols.contains_key(&l.name),
            "listener {} has no entry in KAFKA_LISTENER_SECURITY_PROTOCOL_MAP {:?}",
            l.name,
            k.protocols
        );
    }
    let controller_names: BTreeSet<String> =
        var(&k.env, "KAFKA_CONTROLLER_LISTENER_NAMES", "kafka")
            .split(',')
            .map(|s| s.trim().to_string())
            .collect();
    let controller_ports: BTreeSet<u16> = k
        .listeners
        .iter()
        .filter(|l| controller_names.contains(&l.name))
        .map(|l| l.port)
        .collect();
    assert!(
        !controller_ports.is_empty(),
        "no controller listener in {:?}",
        k.listeners
    );
    let node_id = var(&k.env, "KAFKA_NODE_ID", "kafka");
    let voters = var(&k.env, "KAFKA_CONTROLLER_QUORUM_VOTERS", "kafka");
    let me = voters
        .split(',')
        .map(str::trim)
        .find_map(|v| v.strip_prefix(&format!("{node_id}@")))
        .unwrap_or_else(|| panic!("node {node_id} is not among the quorum voters '{voters}'"));
    let (vhost, vport) = host_port(me);
    assert!(
        k.names.contains(&vhost),
        "voter host {vhost} is not the kafka service"
    );
    assert!(
        controller_ports.contains(&vport),
        "voter port {vport} is not a controller listener port {controller_ports:?}"
    );
    assert!(
        !k.advertised
            .iter()
            .any(|l| controller_names.contains(&l.name)),
        "the controller listener must not be advertised to clients"
    );
    let inter = var(&k.env, "KAFKA_INTER_BROKER_LISTENER_NAME", "kafka");
    assert!(k.listeners.iter().any(|l| l.name == inter));
    assert!(k.advertised.iter().any(|l| l.name == inter));

    // One node: internal topics (consumer offsets) cannot be replicated three times.
    assert_eq!(
        var(&k.env, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "kafka"),
        "1"
    );
}

#[test]
fn rheo_and_kafka_init_reach_kafka_on_an_internal_advertised_listener() {
    let c = compose();
    let k = kafka(&c);
    let env = environment(service(&c, "rheo"));
    let brokers = var(&env, "RHEO_BROKERS", "rheo");
    for addr in brokers.split(',') {
        let l = k.internal_listener(addr);
        // rheo sets no security options, so the listener must be plaintext.
        assert!(
            !env.keys().any(|k| k.starts_with("RHEO_KAFKA_SECURITY")),
            "update this test for a secured listener"
        );
        assert_eq!(k.protocols[&l.name], "PLAINTEXT", "listener {l:?}");
    }
    assert_eq!(brokers, "kafka:19092");

    let init = topic_creations(&command_text(service(&c, "kafka-init")));
    assert!(!init.is_empty(), "kafka-init creates no topics");
    for t in &init {
        k.internal_listener(&t.bootstrap_server);
    }
}

#[test]
fn host_listener_is_published_on_its_advertised_port() {
    let c = compose();
    let k = kafka(&c);
    let ports = published_ports(service(&c, "kafka"));
    let external: Vec<&Listener> = k
        .advertised
        .iter()
        .filter(|l| is_loopback(&l.host))
        .collect();
    assert!(
        !external.is_empty(),
        "no listener for clients on the host (localhost) in {:?}",
        k.advertised
    );
    for l in external {
        let bound = k
            .listeners
            .iter()
            .find(|b| b.name == l.name)
            .unwrap_or_else(|| panic!("advertised {l:?} is not a listener"));
        assert!(
            ports.contains(&(Some(l.port), bound.port)),
            "{}://{}:{} needs the port mapping \"{}:{}\"; kafka publishes {ports:?}",
            l.name,
            l.host,
            l.port,
            l.port,
            bound.port
        );
    }
    assert!(ports.contains(&(Some(9092), 9092)));
}

#[test]
fn topics_are_the_engine_defaults_and_created_by_kafka_init() {
    let request = engine_defaults().request_topic;
    let result = engine_defaults().result_topic;
    assert_eq!(request, "designer_initialize_job");
    assert_eq!(result, "designer_job_result");

    let c = compose();
    let env = environment(service(&c, "rheo"));
    assert_eq!(var(&env, "RHEO_REQUEST_TOPIC", "rheo"), request);
    assert_eq!(var(&env, "RHEO_RESULT_TOPIC", "rheo"), result);
    assert_eq!(
        var(&env, "RHEO_GROUP_ID", "rheo"),
        engine_defaults().group_id
    );

    let init_svc = service(&c, "kafka-init");
    // The tool lives in the broker's image.
    assert_eq!(init_svc["image"], service(&c, "kafka")["image"]);
    let created = topic_creations(&command_text(init_svc));
    for topic in [&request, &result] {
        let t = created
            .iter()
            .find(|t| &t.topic == topic)
            .unwrap_or_else(|| panic!("kafka-init does not create '{topic}': {created:?}"));
        assert_eq!(t.partitions, Some(3), "{t:?}");
        assert_eq!(
            t.replication_factor,
            Some(1),
            "one broker holds one replica: {t:?}"
        );
    }
}

#[test]
fn rheo_is_built_from_the_repository_dockerfile() {
    let c = compose();
    let svc = service(&c, "rheo");
    let (context, dockerfile) = match &svc["build"] {
        Value::String(ctx) => (ctx.clone(), "Dockerfile".to_string()),
        build @ Value::Mapping(_) => (
            build["context"].as_str().unwrap_or(".").to_string(),
            build["dockerfile"]
                .as_str()
                .unwrap_or("Dockerfile")
                .to_string(),
        ),
        other => panic!("rheo must be built from the repository, got build: {other:?}"),
    };
    // Relative paths in a compose file are relative to the file's directory: the repo root.
    let context_dir = repo_root().join(&context);
    assert_eq!(
        context_dir.canonicalize().unwrap(),
        repo_root().canonicalize().unwrap(),
        "the build context must be the repository root"
    );
    let df_path = context_dir.join(&dockerfile);
    assert!(df_path.is_file(), "{} does not exist", df_path.display());

    let df = std::fs::read_to_string(&df_path).unwrap();
    let stages = dockerfile_stages(&df);
    assert!(stages.len() >= 2, "expected a multi-stage build");

    // Build stage: the toolchain of rust-toolchain.toml, the locked release binary.
    let toolchain = read("rust-toolchain.toml");
    let channel = toolchain
        .lines()
        .find_map(|l| l.trim().strip_prefix("channel = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("rust-toolchain.toml names a channel");
    let minor: String = channel.split('.').take(2).collect::<Vec<_>>().join(".");
    let build_from = instruction(&stages[0], "FROM").unwrap();
    assert!(
        build_from.starts_with(&format!("rust:{minor}-")),
        "build stage '{build_from}' does not use Rust {minor} of rust-toolchain.toml"
    );
    let build_runs: Vec<&str> = stages[0]
        .iter()
        .filter(|(k, _)| k == "RUN")
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(
        build_runs
            .iter()
            .any(|r| r.contains("cargo build --release --locked --bin rheo")),
        "no locked release build of rheo in {build_runs:?}"
    );

    // Runtime stage: slim, unprivileged, `rheo serve` by default.
    let runtime = stages.last().unwrap();
    assert_eq!(instruction(runtime, "FROM"), Some("debian:bookworm-slim"));
    let copy = instruction(runtime, "COPY").unwrap_or_default();
    assert!(
        copy.starts_with("--from=") && copy.ends_with("/usr/local/bin/rheo"),
        "the binary is not copied from the build stage onto PATH: {copy}"
    );
    let user = instruction(runtime, "USER").expect("the runtime stage sets a USER");
    assert!(user != "root" && user != "0", "runs as root");
    assert_eq!(
        exec_form(
            instruction(runtime, "ENTRYPOINT").expect("ENTRYPOINT"),
            "ENTRYPOINT"
        ),
        ["rheo"]
    );
    assert_eq!(
        exec_form(instruction(runtime, "CMD").expect("CMD"), "CMD"),
        ["serve"]
    );
}

#[test]
fn engine_http_port_is_published_and_listens_on_all_interfaces() {
    let c = compose();
    let svc = service(&c, "rheo");
    let env = environment(svc);
    let (host, port) = host_port(&var(&env, "RHEO_HTTP_ADDR", "rheo"));
    assert_eq!(
        host, "0.0.0.0",
        "inside a container only 0.0.0.0 is reachable from outside"
    );
    let (_, engine_port) = host_port(&engine_defaults().http_addr);
    assert_eq!(port, engine_port, "the engine's HTTP port");
    assert_eq!(port, 8090);
    let ports = published_ports(svc);
    assert!(
        ports.contains(&(Some(port), port)),
        "rheo publishes {ports:?}, not \"{port}:{port}\""
    );

    // The image agrees: it exposes that port and listens on it by default.
    let stages = dockerfile_stages(&read("Dockerfile"));
    let runtime = stages.last().unwrap();
    let exposed: Vec<u16> = runtime
        .iter()
        .filter(|(k, _)| k == "EXPOSE")
        .flat_map(|(_, v)| v.split_whitespace())
        .map(|p| {
            p.split('/')
                .next()
                .unwrap()
                .parse()
                .expect("numeric EXPOSE")
        })
        .collect();
    assert!(exposed.contains(&port), "EXPOSE {exposed:?}");
    let image_env: BTreeMap<&str, &str> = runtime
        .iter()
        .filter(|(k, _)| k == "ENV")
        .flat_map(|(_, v)| v.split_whitespace())
        .filter_map(|kv| kv.split_once('='))
        .collect();
    assert_eq!(
        image_env.get("RHEO_HTTP_ADDR").copied(),
        Some(format!("0.0.0.0:{port}").as_str())
    );
}

#[test]
fn services_start_in_order_kafka_then_topics_then_engine() {
    let c = compose();
    let condition = |from: &str, to: &str| -> String {
        let dep = &service(&c, from)["depends_on"];
        assert!(
            dep.is_mapping(),
            "'{from}' needs depends_on with conditions (long form), got {dep:?}"
        );
        text(&dep[to]["condition"], &format!("{from} depends_on {to}"))
    };
    // Topics can only be created on a broker that answers: kafka has a healthcheck and
    // kafka-init waits for it.
    let kafka = service(&c, "kafka");
    let check = &kafka["healthcheck"]["test"];
    let check_text = match check {
        Value::Sequence(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        other => text(other, "kafka's healthcheck test"),
    };
    assert!(
        check_text.contains("/opt/kafka/bin/") && check_text.contains("--bootstrap-server"),
        "kafka's healthcheck must ask the broker itself: {check_text}"
    );
    assert!(kafka["depends_on"].is_null(), "kafka depends on nothing");
    assert_eq!(condition("kafka-init", "kafka"), "service_healthy");
    // rheo starts only after the topics exist.
    assert_eq!(
        condition("rheo", "kafka-init"),
        "service_completed_successfully"
    );
    // A one-shot job that restarts never completes.
    let init_restart = scalar(&service(&c, "kafka-init")["restart"]);
    assert!(
        init_restart.is_none() || init_restart.as_deref() == Some("no"),
        "kafka-init must not restart: {init_restart:?}"
    );
    assert_eq!(
        scalar(&service(&c, "rheo")["restart"]).as_deref(),
        Some("unless-stopped")
    );
}

#[test]
fn dockerignore_keeps_build_output_out_and_sources_in() {
    let patterns: BTreeSet<String> = read(".dockerignore")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_start_matches('/').trim_end_matches('/').to_string())
        .collect();
    for excluded in ["target", "bench-data", ".git"] {
        assert!(
            patterns.contains(excluded),
            ".dockerignore does not exclude {excluded}: {patterns:?}"
        );
    }
    // Everything cargo needs for `--locked` builds stays in the context: the workspace
    // manifest, its members, the lock file, the toolchain and the embedded transformations.
    let manifest = read("Cargo.toml");
    let members_line = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("members"))
        .expect("workspace members");
    let members: Vec<&str> = members_line.split('"').skip(1).step_by(2).collect();
    assert!(members.contains(&"engine"), "{members:?}");
    let needed = members.iter().copied().chain([
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
        "transformations",
    ]);
    for path in needed {
        assert!(repo_root().join(path).exists(), "{path} missing");
        let top = path.split('/').next().unwrap();
        assert!(
            !patterns.contains(path) && !patterns.contains(top) && !patterns.contains("*"),
            ".dockerignore excludes {path}, which the build needs"
        );
    }
}

#[test]
fn helpers_read_what_compose_and_kafka_read() {
    // Guard the parsers the checks above rely on.
    assert_eq!(
        listeners("INTERNAL://kafka:19092, CONTROLLER://:29093"),
        [
            Listener {
                name: "INTERNAL".into(),
                host: "kafka".into(),
                port: 19092
            },
            Listener {
                name: "CONTROLLER".into(),
                host: String::new(),
                port: 29093
            }
        ]
    );
    let svc: Value =
        serde_yaml::from_str("ports: [\"127.0.0.1:8080:80/tcp\", 9000, {target: 1, published: 2}]\nenvironment: [A=1, B=x=y]")
            .unwrap();
    assert_eq!(
        published_ports(&svc),
        [(Some(8080), 80), (None, 9000), (Some(2), 1)]
    );
    let env = environment(&svc);
    assert_eq!(env["A"], "1");
    assert_eq!(env["B"], "x=y");
    let created = topic_creations(
        "set -e\nkafka-topics.sh --create --topic=a --bootstrap-server k:1 && /opt/kafka/bin/kafka-topics.sh --bootstrap-server k:1 --list",
    );
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].topic, "a");
    assert_eq!(created[0].partitions, None);
    let stages =
        dockerfile_stages("FROM a AS b\n# c\nRUN x \\\n  # skipped\n  y\nFROM d\nCMD [\"e\"]\n");
    assert_eq!(stages.len(), 2);
    assert_eq!(instruction(&stages[0], "RUN"), Some("x  y"));
    assert_eq!(
        exec_form(instruction(&stages[1], "CMD").unwrap(), "CMD"),
        ["e"]
    );
}
