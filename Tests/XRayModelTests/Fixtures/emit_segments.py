#!/usr/bin/env python3
"""Sends one two-service trace to a fake X-Ray daemon with the real AWS X-Ray SDK for Python.

Run by PythonSDKInteropTests.swift with AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:<port>, where the
test listens on UDP. Nothing here builds JSON by hand: every datagram is serialized and sent by
the SDK's own recorder, UDPEmitter and DefaultStreaming.

The trace:
  front (segment): http POST 200, user, annotations of each type, metadata
    step-00 .. step-09 (local), each with child-a; child-a of even steps has a grandchild
    DynamoDB (namespace aws, table "orders")
    charge-card (local): records a caught PaymentDeclinedError with its stack
    inventory-service (namespace remote): its id is back's parent_id
  back (segment, same trace, served on another thread while inventory-service is open;
        http 503, and its cause is the id of the exception load-inventory recorded)
    rate-limited-api (namespace remote): http 429, so throttle and error
    load-inventory (local): raises InventoryUnavailableError out of both context managers

30 subsegments against a streaming threshold of 10, so the SDK streams completed
subtrees out as standalone subsegment documents.

On success prints one JSON line to stdout describing what was created; the test compares
the documents it received against it.
"""

import json
import os
import sys
import threading
import traceback

from aws_xray_sdk.core import xray_recorder
from aws_xray_sdk.version import VERSION

STREAMING_THRESHOLD = 10
STEP_COUNT = 10


class PaymentDeclinedError(Exception):
    pass


class InventoryUnavailableError(Exception):
    pass


def authorize_payment(amount):
    raise PaymentDeclinedError("card declined: insufficient funds for %d" % amount)


def charge_card(amount):
    authorize_payment(amount)


created = []  # every subsegment begun, on any thread
created_lock = threading.Lock()


def begin(name, namespace="local"):
    subsegment = xray_recorder.begin_subsegment(name, namespace)
    if subsegment is None:
        sys.exit("begin_subsegment(%r) returned None: no segment in context" % name)
    with created_lock:
        created.append(subsegment)
    return subsegment


def end():
    xray_recorder.end_subsegment()


def serve_back(trace_id, caller_id, result):
    """The downstream service: continues the trace from the caller's trace header, and fails.

    The error escapes both of the SDK's context managers, as it would in a web framework: the
    subsegment records the exception in full, the segment only its id (`cause` as a string).
    """
    try:
        with xray_recorder.in_segment("back", traceid=trace_id, parent_id=caller_id) as back:
            result["back_id"] = back.id
            back.put_http_meta("method", "GET")
            back.put_http_meta("url", "http://inventory.internal/items/42")
            back.set_user("alice")
            back.put_annotation("customer_tier", "gold")

            limited = begin("rate-limited-api", "remote")
            limited.put_http_meta("method", "GET")
            limited.put_http_meta("url", "https://ratelimited.example.net/quota")
            limited.put_http_meta("status", 429)
            result["throttle_id"] = limited.id
            end()

            back.put_http_meta("status", 503)
            with xray_recorder.in_subsegment("load-inventory") as load:
                with created_lock:
                    created.append(load)
                result["load_id"] = load.id
                raise InventoryUnavailableError("item 42 is out of stock")
    except InventoryUnavailableError:
        result["failed"] = True


def main():
    address = os.environ["AWS_XRAY_DAEMON_ADDRESS"]
    xray_recorder.configure(
        sampling=False,
        context_missing="LOG_ERROR",
        streaming_threshold=STREAMING_THRESHOLD,
        daemon_address=address,
    )

    front = xray_recorder.begin_segment("front")
    front.put_http_meta("method", "POST")
    front.put_http_meta("url", "https://shop.example.com/orders?id=42")
    front.put_http_meta("user_agent", "interop-test/1.0")
    front.put_http_meta("client_ip", "203.0.113.7")
    front.put_http_meta("x_forwarded_for", True)
    front.put_annotation("customer_tier", "gold")
    front.put_annotation("order_total", 42.5)
    front.put_annotation("item_count", 3)
    front.put_annotation("attempt", 1)  # a number that must not turn into true
    front.put_annotation("is_retry", False)
    front.put_annotation("greeting", "caf\u00e9 \u2615 \U0001F600")  # json.dumps escapes it; U+1F600 becomes a surrogate pair
    front.put_annotation("bad-key", "dropped")  # the SDK drops keys outside [A-Za-z0-9_]
    front.set_user("alice")
    front.put_metadata(
        "order",
        {"id": 42, "items": ["book", "pen"], "gift": None, "flags": [0, 1, True], "big": 2**53 + 1},
        "shop",
    )
    front.put_metadata("note", "hello")

    for step in range(STEP_COUNT):
        begin("step-%02d" % step)
        begin("step-%02d-child-a" % step)
        if step % 2 == 0:
            begin("step-%02d-grandchild" % step)
            end()
        end()
        end()

    ddb = begin("DynamoDB", "aws")
    ddb.set_aws({"operation": "GetItem", "region": "us-east-1", "request_id": "REQ-1", "table_name": "orders"})
    ddb.put_http_meta("status", 200)
    end()

    charge = begin("charge-card")
    charge.put_annotation("failed_step", "authorize")
    try:
        charge_card(42)
    except PaymentDeclinedError as error:
        charge.add_exception(error, traceback.extract_tb(error.__traceback__))
        exception_message = str(error)
    end()

    remote = begin("inventory-service", "remote")
    remote.put_http_meta("method", "GET")
    remote.put_http_meta("url", "http://inventory.internal/items/42")
    back_result = {}
    thread = threading.Thread(target=serve_back, args=(front.trace_id, remote.id, back_result))
    thread.start()
    thread.join()
    remote.put_http_meta("status", 503)  # back failed; front degrades and still answers 200
    end()

    front.put_http_meta("status", 200)
    xray_recorder.end_segment()

    if not back_result.get("failed"):
        sys.exit("the back segment did not fail as planned")

    print(json.dumps({
        "sdk_version": VERSION,
        "streaming_threshold": STREAMING_THRESHOLD,
        "trace_id": front.trace_id,
        "front_id": front.id,
        "back_id": back_result["back_id"],
        "remote_id": remote.id,
        "charge_id": charge.id,
        "throttle_id": back_result["throttle_id"],
        "load_id": back_result["load_id"],
        "exception_message": exception_message,
        "subsegments": [
            {"id": s.id, "name": s.name, "parent_id": s.parent_id, "namespace": s.namespace}
            for s in created
        ],
    }))


if __name__ == "__main__":
    main()
