"""Writes the seed corpora in fuzz/seeds/ from the sample data, the themes and a few
hand-made inputs. Run from the package root with the interop venv's Python (it needs the
opentelemetry-proto package for the protobuf seeds): .build/interop-venv/bin/python fuzz/make_seeds.py"""
import gzip
import json
import pathlib

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

seeds = pathlib.Path("fuzz/seeds")


def write(target, name, data):
    (seeds / target / name).write_bytes(data if isinstance(data, bytes) else data.encode())


header = '{"format": "json", "version": 1}\n'
lines = pathlib.Path("sample-data/eks-workshop.ndjson").read_text().splitlines()
shop = pathlib.Path("sample-data/shop.ndjson").read_text().splitlines()
for index, line in enumerate(lines[:4] + [max(shop, key=len)]):
    write("datagram", f"sample-{index}", header + line)
write("datagram", "in-progress", header + '{"trace_id":"1-5f2b3c4d-00112233445566778899aabb","id":"53995c3f42cd8ad8","name":"a","start_time":1.7e9,"in_progress":true}')
write("datagram", "subsegment", header + '{"type":"subsegment","trace_id":"1-5f2b3c4d-00112233445566778899aabb","parent_id":"53995c3f42cd8ad8","id":"00f067aa0ba902b7","name":"b","start_time":1.7e9,"end_time":1.8e9,"cause":{"exceptions":[{"id":"x","message":"m","stack":[{"path":"p","line":1,"label":"l"}]}]}}')

for index, expression in enumerate([
    'http.status >= 500', 'service("api") { fault }', 'edge("a", "b") { responsetime > 0.5 }',
    'annotation.tier = "gold" AND NOT http.clientip = "10.0.3.7"', 'rootcause.fault.service { name = "db" }',
    'http.url CONTAINS "/cart" OR user BEGINSWITH "a"', 'id(name: "x", type: "AWS::EC2::Instance") { error }',
    'group.name = "checkout"', 'duration >= 1 AND duration <= 5', 'annotation[n] > 2.5',
]):
    write("filter", f"expression-{index}", expression)


def value(v):
    if isinstance(v, bool):
        return common_pb2.AnyValue(bool_value=v)
    if isinstance(v, int):
        return common_pb2.AnyValue(int_value=v)
    if isinstance(v, float):
        return common_pb2.AnyValue(double_value=v)
    if isinstance(v, list):
        return common_pb2.AnyValue(array_value=common_pb2.ArrayValue(values=[value(x) for x in v]))
    return common_pb2.AnyValue(string_value=v)


def attributes(pairs):
    return [common_pb2.KeyValue(key=k, value=value(v)) for k, v in pairs.items()]


request = trace_service_pb2.ExportTraceServiceRequest()
resource_spans = request.resource_spans.add()
resource_spans.resource.attributes.extend(attributes({"service.name": "front", "telemetry.sdk.language": "python", "cloud.platform": "aws_eks"}))
scope = resource_spans.scope_spans.add()
scope.scope.name = "seed"
trace_id = bytes.fromhex("5b8efff798038103d269b633813fc60c")
server = scope.spans.add(trace_id=trace_id, span_id=bytes.fromhex("eee19b7ec3c1b174"), name="GET /", kind=2,
                         start_time_unix_nano=1796000000000000000, end_time_unix_nano=1796000000500000000)
server.attributes.extend(attributes({"http.request.method": "GET", "http.response.status_code": 500, "url.full": "http://x/y", "aws.xray.annotations": ["tier"], "tier": "gold"}))
event = server.events.add(time_unix_nano=1796000000100000000, name="exception")
event.attributes.extend(attributes({"exception.type": "ValueError", "exception.message": "m", "exception.stacktrace": 'Traceback (most recent call last):\n  File "a.py", line 1, in f\nValueError: m'}))
server.status.code = 2
client = scope.spans.add(trace_id=trace_id, span_id=bytes.fromhex("00f067aa0ba902b7"), parent_span_id=bytes.fromhex("eee19b7ec3c1b174"),
                         name="SELECT", kind=3, start_time_unix_nano=1796000000100000000, end_time_unix_nano=1796000000200000000)
client.attributes.extend(attributes({"db.system": "postgresql", "db.name": "orders", "aws.span.kind": "LOCAL_ROOT", "rate": 0.5, "ok": True}))
link = client.links.add(trace_id=trace_id, span_id=bytes.fromhex("eee19b7ec3c1b174"))
body = request.SerializeToString()
write("otlp-protobuf", "two-spans", body)
write("gzip", "otlp-body", gzip.compress(body, mtime=0))
write("gzip", "text", gzip.compress(b"hello " * 100, mtime=0))


def hexify(message):
    """OTLP/JSON: the protobuf JSON mapping with ids in hex."""
    from google.protobuf.json_format import MessageToDict
    import base64
    data = MessageToDict(message)
    def walk(node):
        if isinstance(node, dict):
            for key in ("traceId", "spanId", "parentSpanId"):
                if key in node:
                    node[key] = base64.b64decode(node[key]).hex()
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)
    walk(data)
    return json.dumps(data)


write("otlp-json", "two-spans", hexify(request))

write("sigv4", "get-vanilla", "GET\n/\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n")
write("sigv4", "post-query", "POST\n/TraceSummaries?b=2&a=1&a=%20x\nContent-Type:application/json\nMy-Header1:  a   b  \n\n{\"StartTime\":1}")
write("sigv4", "path-dots", "GET\n/./a/../b//c%2F?\n\n")

for theme in sorted(pathlib.Path("themes").glob("*.toml")):
    write("toml", theme.stem, theme.read_text())
write(
    "toml",
    "config",
    'theme = "default"\nsource = "segments.ndjson"\nwindow = "15m"\n'
    'columns = ["time", "status", "annotation.customer"]\n'
    '[keys]\nquit = ["q", "Ctrl-q"]\n[groups]\ncheckout = \'service("checkout") { fault }\'\n',
)

# Input: (kind, 32-bit value) records, see FuzzTargets/FuzzInput.swift.
def record(kind, value):
    return bytes([kind]) + value.to_bytes(4, "big")


write("input", "keys", record(0, 0x61) + record(0, 0x1B) + record(0, 0x62) + record(1, 0x0103) + record(2, 4) + bytes([3]) + b"kUP5")
write("input", "enter-unicode", record(0, 0x0D) + record(0, 0xAC00) + record(1, 0x15A))
