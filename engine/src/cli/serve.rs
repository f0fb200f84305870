//! `rheo serve`: the Kafka service (on the embedded broker when none is configured).

use super::ServeArgs;
use crate::engine::Engine;
use crate::serve::config::ServeConfig;
use anyhow::Result;

pub(super) fn run_serve(
    engine: std::sync::Arc<Engine>,
    mut config: ServeConfig,
    args: ServeArgs,
) -> Result<i32> {
    if let Some(v) = args.brokers {
        config.brokers = v;
    }
    if let Some(v) = args.group_id {
        config.group_id = v;
    }
    if let Some(v) = args.request_topic {
        config.request_topic = v;
    }
    if let Some(v) = args.result_topic {
        config.result_topic = v;
    }
    if let Some(v) = args.dead_letter_topic {
        config.dead_letter_topic = Some(v);
    }
    if let Some(v) = args.concurrency {
        config.concurrency = v;
        config.max_in_flight = config.max_in_flight.max(v);
    }
    if let Some(v) = args.execution_timeout_seconds {
        config.execution_timeout_seconds = v;
    }
    if let Some(v) = args.http_addr {
        config.http_addr = v;
    }
    if args.no_kafka {
        config.consume_requests = false;
    }
    config.validate()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let wants_broker = config.consume_requests && (args.embedded || config.brokers.is_empty());
    let _embedded = if wants_broker {
        let mut topics = vec![config.request_topic.as_str(), config.result_topic.as_str()];
        if let Some(d) = &config.dead_letter_topic {
            topics.push(d);
        }
        if !config.guard_topic.is_empty() {
            topics.push(&config.guard_topic);
        }
        let broker = crate::serve::embedded::EmbeddedBroker::start(
            &topics,
            crate::serve::embedded::PARTITIONS,
            true,
        )?;
        config.brokers = broker.bootstrap_servers();
        crate::serve::embedded::tune_service(&mut config);
        eprintln!(
            "rheo: started the EMBEDDED development broker at {} (in-process, NOT durable: everything is lost when rheo stops).\n\
             rheo: send requests to topic '{}' (e.g. `rheo submit tests/data/seed-rul-console-line.txt`); results appear on '{}' with the request's key.",
            config.brokers, config.request_topic, config.result_topic
        );
        Some(broker)
    } else {
        None
    };
    let create_topics = _embedded.is_none();
    let result = rt.block_on(crate::serve::serve(
        engine,
        config,
        create_topics,
        crate::serve::shutdown_signal(),
    ));
    // Stop every task (and its Kafka clients) before the embedded broker goes away.
    drop(rt);
    result?;
    Ok(0)
}
