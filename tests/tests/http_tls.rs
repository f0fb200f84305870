//! HTTPS and mutual TLS on a real `rheo serve --no-kafka`: certificates made by the
//! `openssl` command line, requests sent by `curl` (an independent TLS client). With
//! `tls_client_ca_file` set, only clients with a certificate signed by that CA get an
//! answer; the others, and plain HTTP, are turned away at the handshake and the service goes
//! on serving.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::{free_port, RheoServe, Scratch};
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs one `openssl` command line (words separated by spaces).
fn openssl(dir: &Path, line: &str) {
    let out = Command::new("openssl")
        .args(line.split_whitespace())
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl {line}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate signed by the CA,
/// and a self-signed client certificate no CA vouches for.
fn make_certificates(dir: &Path) {
    let self_signed = "req -x509 -newkey rsa:2048 -nodes -days 2";
    openssl(
        dir,
        &format!("{self_signed} -keyout ca.key -out ca.pem -subj /CN=rheo-test-CA"),
    );
    openssl(
        dir,
        &format!("{self_signed} -keyout rogue.key -out rogue.pem -subj /CN=rogue"),
    );
    std::fs::write(dir.join("server.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    for (who, ext) in [("server", "-extfile server.ext"), ("client", "")] {
        openssl(
            dir,
            &format!(
                "req -newkey rsa:2048 -nodes -keyout {who}.key -out {who}.csr -subj /CN={who}"
            ),
        );
        openssl(dir, &format!("x509 -req -in {who}.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out {who}.pem {ext}"));
    }
}

/// `curl` against `url` with extra arguments: (exit code, HTTP status, body).
fn curl(dir: &Path, url: &str, args: &[&str]) -> (i32, u16, String) {
    let out = Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "20",
            "-o",
            "body.txt",
            "-w",
            "%{http_code}",
        ])
        .args(args)
        .arg(url)
        .current_dir(dir)
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    let body = std::fs::read_to_string(dir.join("body.txt")).unwrap_or_default();
    let _ = std::fs::remove_file(dir.join("body.txt"));
    (out.status.code().unwrap_or(-1), status, body)
}

#[test]
fn client_certificates_are_required_when_a_client_ca_is_set() {
    let scratch = Scratch::new("http-tls");
    let dir = scratch.path();
    make_certificates(dir);
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let path = |f: &str| dir.join(f).to_string_lossy().into_owned();
    let (cert, key, ca) = (path("server.pem"), path("server.key"), path("ca.pem"));
    let env = [
        ("RHEO_TLS_CERT_FILE", cert.as_str()),
        ("RHEO_TLS_KEY_FILE", key.as_str()),
        ("RHEO_TLS_CLIENT_CA_FILE", ca.as_str()),
    ];
    let mut serve = RheoServe::start_with_http(dir, "tls", "", &addr, &["--no-kafka"], &env);
    let base = format!("https://{addr}");
    let trusted = [
        "--cacert",
        "ca.pem",
        "--cert",
        "client.pem",
        "--key",
        "client.key",
    ];

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, status, _) = curl(dir, &format!("{base}/health"), &trusted);
        if status == 200 {
            break;
        }
        assert!(serve.running(), "rheo serve exited: {}", serve.log_tail(30));
        assert!(
            Instant::now() < deadline,
            "no HTTPS answer: {}",
            serve.log_tail(30)
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // A trusted client runs hetida's API over HTTPS.
    let (code, status, body) = curl(dir, &format!("{base}/engine/info"), &trusted);
    assert_eq!((code, status), (0, 200), "{body}");
    assert_eq!(
        serde_json::from_str::<Json>(&body).unwrap()["version"],
        "0.9.8"
    );

    // No client certificate, an untrusted one, and plain HTTP: no HTTP answer at all.
    let (code, status, _) = curl(dir, &format!("{base}/engine/info"), &["--cacert", "ca.pem"]);
    assert!(
        code != 0 && status == 0,
        "without a client certificate: curl {code}, HTTP {status}"
    );
    let rogue = [
        "--cacert",
        "ca.pem",
        "--cert",
        "rogue.pem",
        "--key",
        "rogue.key",
    ];
    let (code, status, _) = curl(dir, &format!("{base}/engine/info"), &rogue);
    assert!(
        code != 0 && status == 0,
        "with an untrusted certificate: curl {code}, HTTP {status}"
    );
    let (_, status, _) = curl(dir, &format!("http://{addr}/engine/info"), &[]);
    assert_eq!(status, 0, "plain HTTP must not be answered");

    // The refusals are counted, and the service still serves trusted clients.
    let (_, status, metrics) = curl(dir, &format!("{base}/metrics"), &trusted);
    assert_eq!(status, 200);
    let refused: f64 = metrics
        .lines()
        .find(|l| l.starts_with("rheo_http_tls_handshakes_failed_total "))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_else(|| panic!("no TLS counter in {metrics}"))
        .parse()
        .unwrap();
    assert!(refused >= 3.0, "{refused} refusals counted");
    assert!(serve.running());
}

/// `rheo serve --no-kafka` with `env`, which must refuse to start: its error output.
fn refused_start(dir: &Path, env: &[(&str, std::path::PathBuf)]) -> String {
    let mut cmd = Command::new(rheo_e2e::rheo_bin());
    cmd.args(["serve", "--no-kafka", "--http-addr"])
        .arg(format!("127.0.0.1:{}", free_port()))
        .env("RHEO_STORE", dir.join("store"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "rheo serve started with {env:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_key_that_does_not_fit_the_certificate_stops_the_start_with_a_clear_error() {
    let scratch = Scratch::new("http-tls-bad");
    let dir = scratch.path();
    make_certificates(dir);
    let err = refused_start(
        dir,
        &[
            ("RHEO_TLS_CERT_FILE", dir.join("server.pem")),
            ("RHEO_TLS_KEY_FILE", dir.join("client.key")),
        ],
    );
    assert!(err.contains("TLS: cannot use tls_key_file"), "{err}");
    let err = refused_start(dir, &[("RHEO_TLS_CLIENT_CA_FILE", dir.join("ca.pem"))]);
    assert!(err.contains("tls_client_ca_file"), "{err}");
}
