//! Kafka sinks: each group of output wirings becomes one message to its config's topic,
//! keyed by the config's `message_key` or the record that asked for the execution, and the
//! call resolves only when the broker has acknowledged every message.

use super::config::{client_config, KafkaConfig};
use super::groups::{group, Group, WiringRef};
use super::ids::Direction;
use super::message::{encode, Origin, Outgoing};
use super::{KafkaAdapter, ID};
use indexmap::IndexMap;
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use rheo_core::adapter::{AdapterError, AdapterFuture, SendContext, SinkAdapter};
use rheo_core::model::wiring::OutputWiring;
use rheo_core::Shared;
use tracing::warn;

impl SinkAdapter for KafkaAdapter {
    fn id(&self) -> &str {
        ID
    }

    fn send<'a>(
        &'a self,
        wirings: &'a [&'a OutputWiring],
        results: &'a IndexMap<String, Shared>,
        context: SendContext<'a>,
    ) -> AdapterFuture<'a, IndexMap<String, Shared>> {
        Box::pin(async move {
            let refs = wirings
                .iter()
                .map(|w| {
                    let name = &w.workflow_output_name;
                    let r =
                        WiringRef::of(name, w.ref_key.as_deref(), w.ref_id.as_deref(), &w.filters)?;
                    Ok((*w, r))
                })
                .collect::<Result<Vec<_>, AdapterError>>()?;
            let groups = group(&refs, &self.configs, Direction::Sink)?;
            let mut deliveries = Vec::with_capacity(groups.len());
            for g in &groups {
                deliveries.push(self.produce(g, results, &context)?);
            }
            for (delivery, g) in deliveries.into_iter().zip(&groups) {
                acknowledged(delivery, g).await?;
            }
            Ok(IndexMap::new())
        })
    }
}

impl KafkaAdapter {
    /// Encodes one group's message and hands it to the config's producer.
    fn produce(
        &self,
        g: &Group<'_, &OutputWiring>,
        results: &IndexMap<String, Shared>,
        context: &SendContext<'_>,
    ) -> Result<DeliveryFuture, AdapterError> {
        let config = g.members[0].endpoint.config;
        let multi = g.is_multi();
        let values = g
            .members
            .iter()
            .map(|m| {
                let name = &m.wiring.workflow_output_name;
                let value = results.get(name).ok_or_else(|| {
                    AdapterError::output_data(format!(
                        "the workflow has no output '{name}' to send to Kafka"
                    ))
                })?;
                Ok(Outgoing {
                    value_key: multi.then_some(m.value_key.as_str()),
                    value,
                    data_type: m.endpoint.external_type,
                    output_name: name,
                })
            })
            .collect::<Result<Vec<_>, AdapterError>>()?;
        let origin = Origin {
            transformation_id: context.transformation_id,
            job_id: context.job_id.to_string(),
        };
        let payload = encode(&values, &origin, config.serializer)
            .map_err(|e| AdapterError::output_data(format!("Kafka config '{}': {e}", g.key)))?;
        let key = config
            .message_key
            .as_deref()
            .map(str::as_bytes)
            .or(context.record_key);
        let producer = self.producer(g.key, config)?;
        let mut record = FutureRecord::<[u8], [u8]>::to(&config.topic).payload(&payload);
        if let Some(key) = key {
            record = record.key(key);
        }
        producer.send_result(record).map_err(|(e, _)| {
            AdapterError::connection(format!(
                "Kafka config '{}': producing to topic '{}' failed: {e}",
                g.key, config.topic
            ))
        })
    }

    /// The config's producer, created on first use and shared by every execution.
    fn producer(&self, key: &str, config: &KafkaConfig) -> Result<FutureProducer, AdapterError> {
        let mut producers = self.producers.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = producers.get(key) {
            return Ok(p.clone());
        }
        let (props, ignored) = config.producer_properties(key);
        for note in ignored {
            warn!("{note}");
        }
        let mut c = client_config(&props);
        if !props.contains_key("message.timeout.ms") {
            c.set(
                "message.timeout.ms",
                self.timeout.as_millis().max(1).to_string(),
            );
        }
        // aiokafka's default: every send waits for its acknowledgement, so lingering to
        // batch (librdkafka waits 5 ms) only adds latency.
        if !props.contains_key("linger.ms") {
            c.set("linger.ms", "0");
        }
        let producer: FutureProducer = c.create().map_err(|e| {
            AdapterError::connection(format!(
                "Kafka config '{key}': creating the producer failed: {e}"
            ))
        })?;
        producers.insert(key.to_string(), producer.clone());
        Ok(producer)
    }
}

/// Waits for the broker's acknowledgement of one message.
async fn acknowledged(
    delivery: DeliveryFuture,
    g: &Group<'_, &OutputWiring>,
) -> Result<(), AdapterError> {
    let topic = &g.members[0].endpoint.config.topic;
    match delivery.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err((e, _))) => Err(AdapterError::connection(format!(
            "Kafka config '{}': the message to topic '{topic}' was not acknowledged: {e}",
            g.key
        ))),
        Err(_) => Err(AdapterError::connection(format!(
            "Kafka config '{}': the producer stopped before the message to topic '{topic}' was acknowledged",
            g.key
        ))),
    }
}
