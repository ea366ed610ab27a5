#!/usr/bin/python3
"""Consume up to N records as a member of a consumer group with kafka-python, commit exactly the offsets of the
records handled, leave the group, and print one JSON line per handled record.

Used by the test suite to cross-check the mock cluster with a client that shares no code with librdkafka.
Exit code 0 on success, 3 if the time limit passed before --max-records records were handled (records handled
so far are still committed and printed).
"""
import argparse
import json
import sys
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--max-records", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()

    consumer = KafkaConsumer(
        args.topic,
        bootstrap_servers=args.bootstrap.split(","),
        group_id=args.group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        # The mock coordinator holds each join round open for session.timeout.ms - 1 s: keep it short.
        session_timeout_ms=3000,
        heartbeat_interval_ms=500,
        client_id="kafka-python-cross-check",
    )
    handled = []
    next_offsets = {}
    deadline = time.monotonic() + args.seconds
    try:
        while len(handled) < args.max_records and time.monotonic() < deadline:
            batches = consumer.poll(timeout_ms=200, max_records=args.max_records - len(handled))
            for partition, records in batches.items():
                for record in records:
                    handled.append({
                        "partition": record.partition,
                        "offset": record.offset,
                        "key": record.key.decode("utf-8") if record.key is not None else None,
                        "value": record.value.decode("utf-8"),
                        "headers": {k: v.decode("utf-8") for k, v in record.headers},
                    })
                    next_offsets[TopicPartition(record.topic, record.partition)] = OffsetAndMetadata(record.offset + 1, "")
        if next_offsets:
            consumer.commit(next_offsets)
    finally:
        consumer.close(autocommit=False)

    for record in handled:
        print(json.dumps(record, ensure_ascii=False))
    return 0 if len(handled) >= args.max_records else 3


if __name__ == "__main__":
    sys.exit(main())
