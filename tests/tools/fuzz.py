#!/usr/bin/env python3
"""fuzz.py BASE_URL SECONDS TOKEN...: throws random and mutated requests at a running
bankruptcyd (best run against the sanitizer build) and fails if the server stops answering.
Every route of the route table, valid bodies mutated (types swapped, fields dropped or
added, huge and odd strings, deep nesting, broken UTF-8, truncated JSON), odd headers and
methods. A development tool: the server must answer every request with some status."""
import json, random, socket, sys, time, urllib.parse

BASE, SECONDS, TOKENS = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
HOST, PORT = urllib.parse.urlparse(BASE).hostname, urllib.parse.urlparse(BASE).port
UUID = "6f1c2e3a-1111-4222-8333-944455556666"
PATHS = ["/healthz", "/readyz", "/openapi.yaml", "/v1/debtors", f"/v1/debtors/{UUID}",
         "/v1/applications", f"/v1/applications/{UUID}", f"/v1/applications/{UUID}/materials",
         f"/v1/applications/{UUID}/withdrawal", f"/v1/applications/{UUID}/decision",
         f"/v1/applications/{UUID}/audit", f"/v1/applications/{UUID}/acts",
         f"/v1/applications/{UUID}/acts/{UUID}", f"/v1/applications/{UUID}/deadlines",
         "/v1/deadlines", f"/v1/deadlines/{UUID}/waiver", f"/v1/applications/{UUID}/restrictions",
         f"/v1/applications/{UUID}/restrictions/consents", f"/v1/applications/{UUID}/restrictions/lift",
         "/v1/restrictions/changes", "/v1/restrictions/check", f"/v1/debtors/{UUID}/restriction-checks",
         "/v1/rules", "/v1/rules/SZ-CLM-PERIOD", "/v1/rules/SZ-CLM-PERIOD/deadline", "/v1/rules/tally",
         "/v1/rules/distribution", "/v1/calendar/2026", "/v1/administrators", f"/v1/administrators/{UUID}",
         f"/v1/applications/{UUID}/administrator", f"/v1/applications/{UUID}/administrators"]
SEEDS = [
    {"name": "A", "id_number": "440305198001011235", "spouse": {"name": "B", "id_number": "440305198202024569"},
     "dependants": [{"name": "C", "relation": "child", "birth_date": "2010-01-01"}]},
    {"debtor_id": UUID, "procedure": "liquidation", "claims": [{"amount": "600000.00", "due_date": "2025-01-01"}],
     "materials": [{"kind": "application", "reference": "x"}], "co_applicants": ["b"]},
    {"debtor": {"name": "A", "id_number": "440305198001011235"}, "procedure": "liquidation"},
    {"outcome": "not_accept", "grounds": ["ineligible"], "ruling_date": "2026-01-01", "reason": "r"},
    {"kind": "announced", "date": "2026-01-01", "claim_period_days": 30, "event_date": "2026-02-20"},
    {"vote": "plan", "creditors": [{"id": "a", "group": "ordinary", "amount": "1.00", "present": True, "ballot": "for"}]},
    {"estate": "100.00", "claims": [{"id": "a", "class": "secured", "amount": "5.00", "collateral": "1.00"}]},
    {"trigger": "2026-02-01", "event": "2026-03-01", "days": 30, "part": "lawsuit"},
    {"source": "s", "days": [{"date": "2026-01-01", "kind": "holiday", "name": "x"}]},
    {"restriction": "consumption", "item": "golf", "purpose": "life", "reason": "r", "from": "2026-01-01", "to": "2026-02-01"},
    {"ground": "termination", "reason": "r"}, {"reason": "x"}, {"materials": [{"kind": "tax_record", "reference": "y"}]},
    {"administrator_id": UUID, "basis": "court", "replacing": {"kind": "replaced", "reason": "x"}},
    {"kind": "institution", "name": "X", "profession": "institution", "qualification": "q"},
]
ODD = ["", " ", "\u0000", "é" * 300, "A" * 70000, "1e308", "-1", "99999999999999999999", "2026-02-30",
       "../../etc/passwd", "%s%n%x", "'; DROP TABLE debtors; --", "\ud800", "null", "0.001", "１２３"]

def mutate(v, depth=0):
    r = random.random()
    if depth > 3 or r < 0.1:
        return random.choice([None, True, 0, -1, 2**63, 1.5, random.choice(ODD), [], {}])
    if isinstance(v, dict):
        v = dict(v)
        for k in list(v):
            x = random.random()
            if x < 0.15: del v[k]
            elif x < 0.5: v[k] = mutate(v[k], depth + 1)
        if random.random() < 0.2: v[random.choice(ODD[:6]) or "x"] = 1
        return v
    if isinstance(v, list):
        return [mutate(x, depth + 1) for x in v] * random.choice([0, 1, 1, 2, 300])
    if isinstance(v, str):
        return random.choice([v, v * 50, random.choice(ODD), v[:-1], v + "x"])
    return random.choice([v, str(v), None])

def body():
    r = random.random()
    if r < 0.05: return b"{" * 5000
    if r < 0.1: return bytes(random.getrandbits(8) for _ in range(random.randint(0, 300)))
    text = json.dumps(mutate(random.choice(SEEDS)), ensure_ascii=False)
    if r < 0.2: text = text[: random.randint(0, len(text))]
    return text.encode("utf-8", "surrogatepass")

def request():
    method = random.choice(["GET", "POST", "POST", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "HEAD", "BREW"])
    path = random.choice(PATHS)
    if random.random() < 0.3:
        path += "?" + random.choice(["limit=0", "limit=abc", "cursor=-1", "after=9" * 30, "id_number=%00",
                                     "status=x&status=y", "profile=" + "a" * 5000, "kind=vote", "a=%ZZ"])
    data = body() if method in ("POST", "PATCH", "PUT") or random.random() < 0.1 else b""
    headers = [f"Host: {HOST}"]
    tok = random.choice(TOKENS + ["", "garbage", "a.b.c"])
    if tok: headers.append(random.choice(["Authorization: Bearer ", "Authorization: bearer ", "Authorization: "]) + tok)
    if data or random.random() < 0.5:
        headers.append("Content-Type: " + random.choice(["application/json", "text/plain", "application/json; charset=utf-8", ""]))
    cl = len(data)
    if random.random() < 0.05: cl = random.choice([-1, cl + 10, 10**12, "abc"])
    headers.append(f"Content-Length: {cl}")
    if random.random() < 0.1: headers.append("X-Request-Id: " + random.choice(ODD[:8]))
    return (f"{method} {path} HTTP/1.1\r\n" + "\r\n".join(headers) + "\r\nConnection: close\r\n\r\n").encode("utf-8", "surrogatepass") + data

def send(raw):
    s = socket.create_connection((HOST, PORT), timeout=1)
    try:
        s.sendall(raw)
        return s.recv(64)
    except (ConnectionResetError, BrokenPipeError, socket.timeout):
        return b""
    finally:
        s.close()

end, n, statuses = time.time() + SECONDS, 0, {}
random.seed(20261122)
while time.time() < end:
    reply = send(request())
    code = reply[9:12].decode(errors="replace") if reply.startswith(b"HTTP/1.1") else "none"
    statuses[code] = statuses.get(code, 0) + 1
    n += 1
alive = send(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()).startswith(b"HTTP/1.1 200")
print(f"{n} requests; statuses {dict(sorted(statuses.items()))}; alive after: {alive}")
sys.exit(0 if alive and "500" not in statuses else 1)
