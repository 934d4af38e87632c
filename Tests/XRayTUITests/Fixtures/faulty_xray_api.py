"""A stand-in for the X-Ray API that can be told to fail, for the explorer's fault tests.

usage: faulty_xray_api.py RESPONSES_DIR MODE_FILE   (prints its port, then serves)

Each POST /Operation is answered with RESPONSES_DIR/Operation.json, while MODE_FILE says "ok".
When it says "throttle" every call gets 429 ThrottlingException, "expired" 403
ExpiredTokenException, and "drop" closes the connection without an answer.
"""
import http.server
import json
import os
import sys

responses, mode_path = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(mode_path, encoding="utf-8") as file:
            mode = file.read().strip()
        if mode == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if mode in ("throttle", "expired"):
            status, code, message = (
                (429, "ThrottlingException", "Rate exceeded")
                if mode == "throttle"
                else (403, "ExpiredTokenException", "The security token included in the request is expired")
            )
            self.answer(status, json.dumps({"Message": message}).encode(), {"x-amzn-errortype": code})
            return
        path = os.path.join(responses, self.path.strip("/") + ".json")
        if not os.path.exists(path):
            self.answer(404, b'{"Message":"unknown"}', {"x-amzn-errortype": "UnknownOperationException"})
            return
        with open(path, "rb") as file:
            self.answer(200, file.read(), {})

    def answer(self, status, body, headers):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
