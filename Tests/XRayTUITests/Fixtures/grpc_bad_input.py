"""Sends bad OTLP/gRPC calls with grpcio (a client nobody here wrote) and prints, as one JSON
line, the status code and details each got. Usage: grpc_bad_input.py HOST:PORT"""
import json
import sys

import grpc

channel = grpc.insecure_channel(sys.argv[1])
export = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
calls = {
    # resource_spans claims 10 bytes and has 2.
    "truncated": (export, b"\x0a\x0a\x12\x00"),
    # A wire type protobuf does not have (7) in the first tag.
    "bad_wire_type": (export, b"\x0f"),
    "unknown_method": ("/opentelemetry.proto.collector.trace.v1.TraceService/Nope", b""),
    "empty": (export, b""),
}
results = {}
for name, (method, body) in calls.items():
    call = channel.unary_unary(method, request_serializer=None, response_deserializer=None)
    try:
        answer = call(body, timeout=10)
        results[name] = {"code": "OK", "bytes": len(answer)}
    except grpc.RpcError as error:
        results[name] = {"code": error.code().name, "details": error.details()}
print(json.dumps(results))
