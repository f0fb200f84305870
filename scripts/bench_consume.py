#!/usr/bin/env python3
"""Messages per second and end-to-end latency through consumption-mode jobs, measured with
an independent client (aiokafka): a burst of N strings produced to IN_TOPIC and read back
from OUT_TOPIC (throughput), then one string at a time (latency). Prints one JSON line.

    python3 scripts/bench_consume.py BROKERS IN_TOPIC OUT_TOPIC N SEQUENTIAL
"""
import asyncio
import json
import sys
import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


async def read_until(consumer, wanted, deadline):
    """Reads OUT_TOPIC until every text in `wanted` arrived; returns arrival times."""
    arrived = {}
    while len(arrived) < len(wanted):
        if time.perf_counter() > deadline:
            raise SystemExit(f"only {len(arrived)} of {len(wanted)} messages arrived")
        batches = await consumer.getmany(timeout_ms=200)
        now = time.perf_counter()
        for records in batches.values():
            for r in records:
                text = r.value.decode()
                if text in wanted and text not in arrived:
                    arrived[text] = now
    return arrived


async def main(brokers, in_topic, out_topic, n, sequential):
    consumer = AIOKafkaConsumer(out_topic, bootstrap_servers=brokers, auto_offset_reset="latest",
                                fetch_max_wait_ms=5, group_id=None)
    await consumer.start()
    producer = AIOKafkaProducer(bootstrap_servers=brokers, linger_ms=1)
    await producer.start()
    try:
        # Warm-up: the jobs have joined their groups once one message went through.
        warm = {"warm-up"}
        await producer.send_and_wait(in_topic, b"warm-up")
        await read_until(consumer, warm, time.perf_counter() + 120)

        texts = [f"burst {i:07d}" for i in range(n)]
        start = time.perf_counter()
        for t in texts:
            await producer.send(in_topic, t.encode())
        await producer.flush()
        arrived = await read_until(consumer, set(texts), time.perf_counter() + 600)
        burst_seconds = max(arrived.values()) - start

        latencies = []
        for i in range(sequential):
            t = f"one {i:07d}"
            sent = time.perf_counter()
            await producer.send_and_wait(in_topic, t.encode())
            got = await read_until(consumer, {t}, sent + 60)
            latencies.append((got[t] - sent) * 1000)
        latencies.sort()
        pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 2)
        print(json.dumps({
            "messages": n,
            "burst_seconds": round(burst_seconds, 3),
            "messages_per_second": round(n / burst_seconds),
            "latency_ms_p50": pick(0.5),
            "latency_ms_p99": pick(0.99),
            "round_trips": sequential,
        }))
    finally:
        await producer.stop()
        await consumer.stop()


if __name__ == "__main__":
    b, i, o, n, s = sys.argv[1:6]
    asyncio.run(main(b, i, o, int(n), int(s)))
