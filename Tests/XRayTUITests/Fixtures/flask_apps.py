"""The two sample services of FlaskInteropTests, instrumented as a user would instrument them.

    python flask_apps.py back
    python flask_apps.py front BACK_URL

Each app is a Flask app with the X-Ray SDK's middleware and `requests` patched, sending to the
daemon named by AWS_XRAY_DAEMON_ADDRESS (the collector under test). The back answers
/api/message and fails /api/fail with an exception (a 500); the front calls the same path on
the back with `requests` and answers with what the back said. Both answer /healthz.

Each listens on a port of its own choosing on 127.0.0.1 and prints, one JSON object a line on
stdout: {"event": "listening", "port": N}, and for every call the SDK's centralized sampling
makes through the daemon address, {"event": "sampling-rules", ...} (once the rules are in
effect) or {"event": "sampling-targets", ...} (or {"event": "sampling-error", ...} if it raised).
"""

import json
import logging
import os
import sys
import threading

SERVICES = {"front": "x-ray-sample-front-k8s", "back": "x-ray-sample-back-k8s"}

# Only the centralized rules the collector serves decide what is sampled: until the SDK has
# fetched them, this local fallback samples nothing (the SDK's own fallback would sample the
# first request each second).
SAMPLE_NOTHING = {"version": 2, "default": {"fixed_target": 0, "rate": 0.0}}

_print_lock = threading.Lock()


def emit(event, **fields):
    with _print_lock:
        print(json.dumps({"event": event, **fields}, default=str), flush=True)


def observe_sampling_calls():
    """Reports each GetSamplingRules and GetSamplingTargets call the SDK makes, and what it
    understood of the answer. The calls themselves are the SDK's own; the rules are reported
    once the SDK's rule cache holds them (and so decides), not merely once they arrived."""
    from aws_xray_sdk.core.sampling.connector import ServiceConnector
    from aws_xray_sdk.core.sampling.rule_poller import RulePoller

    fetch_rules = ServiceConnector.fetch_sampling_rules
    fetch_targets = ServiceConnector.fetch_sampling_target
    refresh = RulePoller._refresh_cache

    def rules(self):
        try:
            return fetch_rules(self)
        except Exception as error:
            emit("sampling-error", call="GetSamplingRules", error=repr(error))
            raise

    def refreshed(self):
        refresh(self)  # fetches the rules, loads them into the cache, and marks it fresh
        cache = self._cache
        if cache.last_updated:
            emit(
                "sampling-rules",
                rules=[{"name": r.name, "priority": r.priority, "rate": r.rate, "path": r._path} for r in cache.rules],
            )

    def targets(self, candidates):
        try:
            mapping, modified = fetch_targets(self, candidates)
        except Exception as error:
            emit("sampling-error", call="GetSamplingTargets", error=repr(error))
            raise
        emit("sampling-targets", reported=[r.name for r in candidates], targets=mapping, modified=modified)
        return mapping, modified

    ServiceConnector.fetch_sampling_rules = rules
    ServiceConnector.fetch_sampling_target = targets
    RulePoller._refresh_cache = refreshed


def make_app(role, back_url):
    from aws_xray_sdk.core import patch, xray_recorder
    from aws_xray_sdk.ext.flask.middleware import XRayMiddleware
    from flask import Flask, jsonify

    if not os.environ.get("AWS_XRAY_DAEMON_ADDRESS"):
        sys.exit("AWS_XRAY_DAEMON_ADDRESS is not set")
    xray_recorder.configure(service=SERVICES[role], sampling=True, sampling_rules=SAMPLE_NOTHING)
    patch(("requests",))
    import requests

    app = Flask(role)
    XRayMiddleware(app, xray_recorder)

    @app.get("/healthz")
    def healthz():
        return "ok\n"

    if role == "back":

        @app.get("/api/message")
        def message():
            return jsonify(message="hello from the back", service=SERVICES["back"])

        @app.get("/api/fail")
        def fail():
            raise RuntimeError("the back failed on purpose")

    else:
        # Not from the environment: a proxy setting must not come between the two apps.
        session = requests.Session()
        session.trust_env = False

        @app.get("/api/<path:name>")
        def forward(name):
            answer = session.get(f"{back_url}/api/{name}", timeout=10)
            return answer.content, answer.status_code, {"Content-Type": answer.headers.get("Content-Type", "")}

    return app


def main():
    role = sys.argv[1] if len(sys.argv) > 1 else ""
    if role not in SERVICES or (role == "front") != (len(sys.argv) == 3):
        sys.exit("usage: flask_apps.py back | flask_apps.py front BACK_URL")
    # The SDK's warnings and errors (a failed poll, a failed send) go to stderr.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    observe_sampling_calls()
    app = make_app(role, sys.argv[2] if role == "front" else None)

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    emit("listening", port=server.server_port)
    server.serve_forever()


if __name__ == "__main__":
    main()
