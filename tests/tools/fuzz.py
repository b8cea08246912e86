#!/usr/bin/env python3
"""fuzz.py [--seed N] BASE_URL SECONDS TOKEN...: throws random and mutated requests at a
running bankruptcyd (best run against the sanitizer build) and fails if the server stops
answering or answers 500. Every route of the route table, valid bodies mutated (types
swapped, fields dropped or added, huge and odd strings, deep nesting, broken UTF-8,
truncated JSON), query strings on every filter with invalid UTF-8, NUL and overlong
values, odd headers and methods. A development tool: the server must answer every request
with some status. The run is repeatable: --seed N replays it (without --seed a seed is
chosen at random, and printed first, so that a failing run can be replayed)."""
import json, random, socket, sys, time, urllib.parse

ARGS = sys.argv[1:]
SEED = None
if ARGS[:1] == ["--seed"] and len(ARGS) >= 2:
    SEED, ARGS = int(ARGS[1]), ARGS[2:]
elif ARGS[:1] and ARGS[0].startswith("--seed="):
    SEED, ARGS = int(ARGS[0].split("=", 1)[1]), ARGS[1:]
if len(ARGS) < 2:
    sys.exit("usage: fuzz.py [--seed N] BASE_URL SECONDS TOKEN...")
if SEED is None:
    SEED = random.SystemRandom().randrange(2**32)
print(f"seed {SEED} (replay: --seed {SEED})", flush=True)
BASE, SECONDS, TOKENS = ARGS[0], float(ARGS[1]), ARGS[2:]
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

# The filters of the lists (and the other query parameters), and values a careless or hostile
# client puts there: percent-encoded invalid UTF-8 (a lone continuation byte, a truncated
# sequence, a UTF-16 surrogate, overlong encodings of '/' and NUL), NUL itself, and values far
# past any bound, raw or encoded.
QUERY_KEYS = ["id_number", "status", "procedure", "debtor_id", "received_from", "received_to",
              "due_before", "due_after", "rule_id", "case_id", "after", "profile", "kind", "limit",
              "cursor", "subject", "x"]
BAD_UTF8 = ["%80", "%C3%28", "%E2%82", "%ED%A0%80", "%C0%AF", "%C0%80", "%E0%80%AF",
            "%F8%88%80%80%80", "%FF%FE", "%F4%90%80%80", "a%C3", "%E5%BC%A0%E4"]
NUL = ["%00", "a%00b", "%00" * 64, "440305198001011235%00", f"{UUID}%00x"]

LISTS = ["/v1/debtors", "/v1/applications", "/v1/deadlines", "/v1/administrators",
         "/v1/restrictions/changes", "/v1/rules", f"/v1/applications/{UUID}/audit"]

def query_value():
    r = random.random()
    if r < 0.35: return random.choice(BAD_UTF8) * random.choice([1, 1, 3, 500])
    if r < 0.55: return random.choice(NUL)
    if r < 0.75: return random.choice(["a", "9", "%41", "%E5%BC%A0"]) * random.choice([65, 257, 5000, 40000])
    if r < 0.85: return urllib.parse.quote(random.choice(ODD).encode("utf-8", "surrogatepass"), safe="")
    return random.choice(["limit=0", "limit=abc", "-1", "9" * 30, "%ZZ", "%", "2026-02-30", ""])

def query():
    parts = [f"{random.choice(QUERY_KEYS)}={query_value()}" for _ in range(random.choice([1, 1, 2, 3]))]
    if random.random() < 0.1: parts.append(query_value())  # a key with no '='
    return "?" + "&".join(parts)

def path_with_nul(path):
    """A %00 (or invalid UTF-8) inside an id segment: it must not truncate the id."""
    return path.replace(UUID, UUID[: random.randint(0, 36)] + random.choice(["%00", "%00" + UUID[-4:], "%C0%AF", "%FF"]), 1)

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
    if UUID in path and random.random() < 0.15:
        path = path_with_nul(path)
    if random.random() < 0.4:
        path += query()
        if random.random() < 0.7:  # the filters are read by the lists: GET them
            method = "GET"
            path = random.choice(LISTS) + path[path.index("?"):]
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
random.seed(SEED)
while time.time() < end:
    reply = send(request())
    code = reply[9:12].decode(errors="replace") if reply.startswith(b"HTTP/1.1") else "none"
    statuses[code] = statuses.get(code, 0) + 1
    n += 1
alive = send(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()).startswith(b"HTTP/1.1 200")
print(f"{n} requests; statuses {dict(sorted(statuses.items()))}; alive after: {alive}; seed {SEED}")
sys.exit(0 if alive and "500" not in statuses else 1)
