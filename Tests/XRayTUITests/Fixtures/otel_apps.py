"""Two Flask apps instrumented with the OpenTelemetry Python SDK, exporting OTLP to the
collector under test: `front` calls `back` with requests, `back` queries SQLite and raises on
/api/fail. Run by OTelInteropTests; prints one JSON line of what it did.

Usage: otel_apps.py PROTOCOL ENDPOINT   (PROTOCOL: http/protobuf or grpc)
"""
import json
import sqlite3
import sys
import tempfile
import threading
import urllib.error
import urllib.request

import requests
from flask import Flask
from opentelemetry.instrumentation.flask import FlaskInstrumentor
from opentelemetry.instrumentation.requests import RequestsInstrumentor
from opentelemetry.instrumentation.sqlite3 import SQLite3Instrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from werkzeug.serving import make_server

protocol, endpoint = sys.argv[1], sys.argv[2]


def provider(service):
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=endpoint, insecure=True)
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=endpoint + "/v1/traces")
    result = TracerProvider(resource=Resource.create({"service.name": service}))
    result.add_span_processor(SimpleSpanProcessor(exporter))
    return result


front_provider, back_provider = provider("otel-front"), provider("otel-back")
database = tempfile.NamedTemporaryFile(suffix="-orders.db", delete=False).name
SQLite3Instrumentor().instrument(tracer_provider=back_provider)
RequestsInstrumentor().instrument(tracer_provider=front_provider)

back = Flask("back")
FlaskInstrumentor().instrument_app(back, tracer_provider=back_provider)


@back.route("/api/orders")
def orders():
    # Through a cursor: the instrumentation traces cursors, not Connection.execute.
    connection = sqlite3.connect(database)
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER)")
    cursor.execute("SELECT count(*) FROM orders")
    count = cursor.fetchone()[0]
    connection.close()
    return {"orders": count}


@back.route("/api/fail")
def fail():
    raise ValueError("the order book is closed")


front = Flask("front")
FlaskInstrumentor().instrument_app(front, tracer_provider=front_provider)
servers = {}


@front.route("/api/<name>")
def call(name):
    answer = requests.get(f"http://127.0.0.1:{servers['back'].server_port}/api/{name}", timeout=10)
    return {"back": answer.status_code}, (200 if answer.ok else 502)


for name, app in (("back", back), ("front", front)):
    servers[name] = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=servers[name].serve_forever, daemon=True).start()

# The user's calls go through urllib, which nothing instruments: the front's server span is
# where each trace starts, as for a browser.
statuses = []
for path in ("orders", "orders", "fail"):
    request = urllib.request.Request(
        f"http://127.0.0.1:{servers['front'].server_port}/api/{path}", headers={"User-Agent": "otel-interop"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            statuses.append(response.status)
    except urllib.error.HTTPError as error:
        statuses.append(error.code)

for server in servers.values():
    server.shutdown()
front_provider.force_flush()
back_provider.force_flush()
front_provider.shutdown()
back_provider.shutdown()
print(json.dumps({"statuses": statuses, "database": database}))
