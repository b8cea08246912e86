#!/usr/bin/env python3
"""slowloris.py: the slow-client attack of issue 16 at full size, against a running server.

    python3 tests/tools/slowloris.py [--connections 2000] [--addresses 8] [--interval 10]
                                     [--seconds 60] http://127.0.0.1:8080

Opens --connections connections from 127.0.0.2 .. 127.0.0.(1 + --addresses), each sending
one more byte of a request line every --interval seconds; a connection the server closed is
opened again on its next round (as slowloris tools do), or at once with --eager (a flood of
new connections as well). Meanwhile another process sends GET /healthz on a new connection
from 127.0.0.1 every 100 ms (apart, so that the attack's event loop cannot delay it). Prints how many attack connections were made and cut, and the p50, p99 and max time
of the normal requests; exits 1 when any normal request failed or the p99 is 1 s or more.
(make check runs the same attack at CI scale: tests/integration/test_slow_clients.c.)
"""
import argparse
import asyncio
import multiprocessing
import resource
import socket
import sys
import time
import urllib.parse

LINE = b"GET /healthz HTTP/1.1\r\nHost: slowloris\r\nX-Pad: " + b"a" * 4000


async def attacker(host, port, source, interval, eager, stop, stats):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0))
        except OSError:
            await asyncio.sleep(0.1)
            continue
        stats["connects"] += 1
        try:
            for i in range(len(LINE)):
                writer.write(LINE[i:i + 1])
                await writer.drain()
                try:
                    data = await asyncio.wait_for(reader.read(1024), timeout=interval)
                    if not data:
                        break  # closed by the server
                except asyncio.TimeoutError:
                    pass
                if stop.is_set():
                    break
        except (ConnectionError, OSError):
            pass
        stats["cut"] += 1
        writer.close()
        if not eager:
            await asyncio.sleep(interval)


def normal(host, port, seconds, out):
    """Runs in its own process: (times, failures) of requests every 100 ms for seconds."""
    times, failures = [], []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        try:
            with socket.create_connection((host, port), timeout=10,
                                          source_address=("127.0.0.1", 0)) as c:
                c.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                data = c.recv(12)
            if data.startswith(b"HTTP/1.1 200"):
                times.append(time.monotonic() - t0)
            else:
                failures.append(repr(data))
        except OSError as e:
            failures.append(type(e).__name__)
        time.sleep(0.1)
    out.put((times, failures))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--connections", type=int, default=2000)
    ap.add_argument("--addresses", type=int, default=8)
    ap.add_argument("--interval", type=float, default=10)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--eager", action="store_true")
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    host, port = u.hostname, u.port or 80
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.connections + 1024), hard))
    stop = asyncio.Event()
    stats = {"connects": 0, "cut": 0}
    tasks = [asyncio.create_task(attacker(host, port, "127.0.0.%d" % (2 + i % a.addresses),
                                          a.interval, a.eager, stop, stats))
             for i in range(a.connections)]
    await asyncio.sleep(2)  # the slots fill first
    out = multiprocessing.Queue()
    proc = multiprocessing.Process(target=normal, args=(host, port, a.seconds, out))
    proc.start()
    while proc.is_alive() and out.empty():
        await asyncio.sleep(0.5)
    times, failures = out.get()
    proc.join()
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else float("nan")
    print("attack: %d connections made, %d cut; normal requests: %d answered, %d failed; "
          "p50 %.3f s, p99 %.3f s, max %.3f s"
          % (stats["connects"], stats["cut"], len(times), len(failures), p(0.5), p(0.99),
             times[-1] if times else float("nan")))
    if failures:
        print("failures:", ", ".join(failures[:10]))
    return 0 if times and not failures and p(0.99) < 1.0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
