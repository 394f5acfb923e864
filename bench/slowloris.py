"""Slow clients and a steady client, for the slowloris drill in `make faults`.

`slowloris` keeps `sockets` connections open, each having sent a partial request, and sends one more
header line on each every `interval` seconds; a connection the server drops is opened again at once.
`steady_client` meanwhile makes ordinary requests one after another and records how long each took.
"""

import http.client
import itertools
import socket
import threading
import time


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0


def slowloris(
    port: int, sockets: int, seconds: float, interval: float = 5.0, stop: threading.Event | None = None
) -> dict:
    stop = stop or threading.Event()
    opened = dropped = failed_connects = 0
    conns: list[socket.socket | None] = [None] * sockets

    def connect(i: int) -> socket.socket | None:
        nonlocal opened, failed_connects
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.sendall(f"GET /?slow={i} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n".encode())
            opened += 1
            return s
        except OSError:
            failed_connects += 1
            return None

    end = time.monotonic() + seconds
    for i in range(sockets):
        conns[i] = connect(i)
    beat = 0
    while time.monotonic() < end and not stop.wait(min(interval, max(0.0, end - time.monotonic()))):
        beat += 1
        for i, s in enumerate(conns):
            try:
                if s is None:
                    raise OSError
                s.sendall(f"X-Beat-{beat}: {i}\r\n".encode())
            except OSError:
                if s is not None:
                    dropped += 1
                    s.close()
                conns[i] = connect(i)
    open_at_end = sum(s is not None for s in conns)
    for s in conns:
        if s is not None:
            s.close()
    return {"sockets": sockets, "opened": opened, "dropped": dropped, "failed_connects": failed_connects,
            "open_at_end": open_at_end}


def steady_client(port: int, paths: list[str], seconds: float, timeout: float = 5.0) -> dict:
    """One request after another (a new connection each, as a casual visitor's browser might)."""
    latencies, errors, statuses = [], 0, {}
    end = time.monotonic() + seconds
    for path in itertools.cycle(paths):
        if time.monotonic() >= end:
            break
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            conn.close()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status >= 400:
                errors += 1
        except OSError:
            errors += 1
            statuses["timeout or reset"] = statuses.get("timeout or reset", 0) + 1
        latencies.append((time.monotonic() - started) * 1000)
    return {
        "requests": len(latencies),
        "errors": errors,
        "statuses": statuses,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "max": max(latencies, default=0.0),
    }


def drill(port: int, paths: list[str], sockets: int, seconds: float, interval: float = 5.0) -> dict:
    """Slow sockets for `seconds` while a steady client measures; the client starts once they are open."""
    result: dict = {}
    attack = threading.Thread(target=lambda: result.update(slowloris(port, sockets, seconds, interval)))
    attack.start()
    time.sleep(min(3.0, seconds / 4))
    client = steady_client(port, paths, seconds - min(3.0, seconds / 4) - 1)
    attack.join()
    return {**client, "slow": result}
