#!/usr/bin/env python3
"""Independent Kafka client for Rheo's end-to-end tests, built on aiokafka (the client
hetida designer users have).

The Rust tests (tests/tests/kafka_e2e.rs) drive it through three subcommands; every byte
string crosses the process boundary hex-encoded, so invalid UTF-8 and absent keys/values
(null) survive unchanged.

  produce --brokers B --topic T
      stdin: one JSON object per line: {"key_hex": hex|null, "value_hex": hex|null,
      "partition": int (optional), "headers": [[name, hex], ...] (optional)}.
      Sends every record, waits for all acknowledgements, then prints one JSON line per
      record, in input order: {"partition": p, "offset": o}.

  console-produce --brokers B --topic T [--parse-key] [--key-separator SEP]
      stdin: text lines, sent as `kafka-console-producer` sends them: one record per line
      (an empty line too), without its line break (\n or \r\n); with --parse-key (the
      console producer's `--property parse.key=true`) each line is split at the FIRST
      separator into key and value, and a line without separator is an error. Prints
      {"partition", "offset"} lines.

  consume --brokers B --topic T [--timeout S]
      Reads every partition of T from offset 0 (tansu's ListOffsets answers are not
      trustworthy, so no "latest"/"earliest" lookups are made) and prints each record as
      soon as it arrives, one JSON line: {"partition", "offset", "timestamp" (ms),
      "key_hex", "value_hex", "headers": [[name, hex], ...]}. Runs until killed or until S
      seconds have passed.

Exit code 0 on success; errors go to stderr with exit code 1.
"""

import argparse
import asyncio
import json
import sys
import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition


def _hex(b):
    return None if b is None else b.hex()


def _unhex(s):
    return None if s is None else bytes.fromhex(s)


async def _send_all(brokers, topic, records):
    """Sends (key, value, partition, headers) tuples; returns (partition, offset) per record."""
    producer = AIOKafkaProducer(
        bootstrap_servers=brokers,
        acks="all",
        linger_ms=5,
        max_request_size=128 * 1024 * 1024,
        request_timeout_ms=30000,
    )
    await producer.start()
    try:
        futures = []
        for key, value, partition, headers in records:
            futures.append(
                await producer.send(
                    topic, value=value, key=key, partition=partition, headers=headers
                )
            )
        metas = await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return [(m.partition, m.offset) for m in metas]


def _print_positions(positions):
    for partition, offset in positions:
        print(json.dumps({"partition": partition, "offset": offset}))
    sys.stdout.flush()


def cmd_produce(args):
    records = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        headers = [(name, _unhex(v)) for name, v in r.get("headers", [])] or None
        records.append(
            (_unhex(r.get("key_hex")), _unhex(r.get("value_hex")), r.get("partition"), headers)
        )
    _print_positions(asyncio.run(_send_all(args.brokers, args.topic, records)))


def cmd_console_produce(args):
    records = []
    sep = args.key_separator.encode()
    data = sys.stdin.buffer.read()
    lines = data.split(b"\n")
    if data.endswith(b"\n") or not data:
        lines.pop()  # the text after the last line break is not a line
    for raw in lines:
        line = raw[:-1] if raw.endswith(b"\r") else raw
        if args.parse_key:
            i = line.find(sep)
            if i < 0:
                raise SystemExit(f"no key separator {args.key_separator!r} in line: {line[:80]!r}")
            key, value = line[:i], line[i + len(sep):]
        else:
            key, value = None, line
        records.append((key, value, None, None))
    _print_positions(asyncio.run(_send_all(args.brokers, args.topic, records)))


async def _consume(brokers, topic, timeout):
    consumer = AIOKafkaConsumer(
        bootstrap_servers=brokers,
        enable_auto_commit=False,
        # tansu does not wake a waiting fetch when data arrives: poll often instead.
        fetch_max_wait_ms=10,
        max_partition_fetch_bytes=16 * 1024 * 1024,
        fetch_max_bytes=64 * 1024 * 1024,
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout
        partitions = None
        while partitions is None and time.monotonic() < deadline:
            if topic in await consumer.topics():
                # Ask for this topic's metadata by name: librdkafka's mock cluster (the
                # embedded broker) leaves topics out of an "all topics" answer, so the
                # consumer's own metadata would only learn of it at the next periodic
                # refresh, minutes later.
                await consumer._client.add_topic(topic)
                partitions = consumer.partitions_for_topic(topic)
            if partitions is None:
                await asyncio.sleep(0.2)
        if partitions is None:
            raise SystemExit(f"topic {topic} not found")
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, 0)
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for tp, messages in batch.items():
                for m in messages:
                    print(
                        json.dumps(
                            {
                                "partition": m.partition,
                                "offset": m.offset,
                                "timestamp": m.timestamp,
                                "key_hex": _hex(m.key),
                                "value_hex": _hex(m.value),
                                "headers": [[k, _hex(v)] for k, v in (m.headers or ())],
                            }
                        )
                    )
            if batch:
                sys.stdout.flush()
    finally:
        await consumer.stop()


def cmd_consume(args):
    asyncio.run(_consume(args.brokers, args.topic, args.timeout))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("produce", "console-produce", "consume"):
        p = sub.add_parser(name)
        p.add_argument("--brokers", required=True)
        p.add_argument("--topic", required=True)
        if name == "console-produce":
            p.add_argument("--parse-key", action="store_true")
            p.add_argument("--key-separator", default="\t")
        if name == "consume":
            p.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    {"produce": cmd_produce, "console-produce": cmd_console_produce, "consume": cmd_consume}[
        args.command
    ](args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
