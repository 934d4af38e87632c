"""A stand-in for the X-Ray API endpoint: answers every POST with the bytes of a file, and logs
each request (path and JSON body) as one line of JSON, so a test can point the real AWS CLI at
it and see both what the CLI asked and what it printed for a response we produced.

usage: stub_xray_api.py RESPONSE_FILE REQUEST_LOG  (prints the port it listens on, then serves)
"""
import http.server
import json
import sys

response_path, log_path = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"path": self.path, "body": json.loads(body or "{}")}) + "\n")
        with open(response_path, "rb") as response:
            payload = response.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
