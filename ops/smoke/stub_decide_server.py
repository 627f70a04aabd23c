#!/usr/bin/env python3
"""A stand-in for ingress-gateway, only to test smoke_test.sh itself (CI has no services).

    python3 ops/smoke/stub_decide_server.py PORT [--up-after SECONDS] [--wrong]

Answers GET /actuator/health (DOWN until --up-after seconds have passed, then UP) and
POST /orchestrator/decide with the guide's replies. It checks what the smoke test sends:
X-Workspace-Id, a JSON body with an E.164 user_phone and a text, and a phone never used before
(409 otherwise), so a smoke test that reuses conversations fails. --wrong answers the complete
booking with one action instead of two, so the smoke test must fail.
"""
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLIES = {
    "hola": ("greeting", 0, "Hola! Te ayudo con turnos, precios y horarios. ¿Qué necesitás?"),
    "cuál es el horario?": ("info_hours", 1, "Nuestros horarios:\n• Lunes: 09:00-13:00, 14:00-19:00\n• Martes: 09:00-19:00"),
    "cuánto salen los servicios?": ("info_price", 1, "Algunos precios:\n• Corte de Cabello: $3500–$6000\n• Coloración: $8000–$12000"),
    "cuánto sale la coloración?": ("info_price", 1, "Precio para Coloración:\n• Coloración: $8000–$12000"),
    "quiero un turno de corte para mañana": ("book", 1, "¿Te viene bien un horario entre las 10:00 y 18:00? Decime cuál."),
    "quiero un turno de corte para el viernes a las 15": ("book", 2, "¡Listo! Tu turno de Corte de Cabello quedó reservado para el viernes a las 15:00."),
}
PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")


def make_handler(started, up_after, wrong, seen):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_json(self, status, body):
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path != "/actuator/health":
                return self.send_json(404, {"error": "not found"})
            up = time.monotonic() - started >= up_after
            self.send_json(200 if up else 503, {"status": "UP" if up else "DOWN"})

        def do_POST(self):
            if self.path != "/orchestrator/decide":
                return self.send_json(404, {"error": "not found"})
            if not self.headers.get("X-Workspace-Id"):
                return self.send_json(400, {"error": "missing workspace", "field": "X-Workspace-Id"})
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8"))
            except ValueError:
                return self.send_json(400, {"error": "body is not JSON"})
            phone, text = body.get("user_phone", ""), body.get("text", "")
            if not PHONE.match(phone):
                return self.send_json(400, {"error": "user_phone is not E.164", "field": "user_phone"})
            if phone in seen:
                return self.send_json(409, {"error": f"conversation {phone} reused", "field": "user_phone"})
            seen.add(phone)
            intent, actions, reply = REPLIES.get(text, ("unknown", 0, "No entendí."))
            if wrong and intent == "book" and actions == 2:
                actions = 1
            time.sleep(0.01)
            self.send_json(200, {
                "decision_id": f"stub-{len(seen)}",
                "conversation_id": f"{self.headers['X-Workspace-Id']}:{phone}",
                "route": "legacy", "intent": intent, "confidence": 0.95, "slots": {},
                "actions": [{"tool": "stub_tool", "status": "ok"}] * actions,
                "assistant": reply, "pipeline_version": "stub", "debug": {"t_total_ms": 10},
            })
    return Handler


def main(argv):
    port = int(argv[0])
    up_after = float(argv[argv.index("--up-after") + 1]) if "--up-after" in argv else 0.0
    server = ThreadingHTTPServer(("127.0.0.1", port),
                                 make_handler(time.monotonic(), up_after, "--wrong" in argv, set()))
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
