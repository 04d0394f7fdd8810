"""Measures c2a and two peers on the same work, with the same client, in one script.

Run from the repository root: /usr/bin/python3 bench/peers/run.py [--targets a,b,c,e] [--rounds N] [--warmup N]
Needs Debian's python3-fastapi python3-uvicorn python3-celery python3-redis redis-server espeak-ng
(bench/peers/setup installs them). Ports 18081-18082 and 6390 on 127.0.0.1 must be free.
"""
import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORDS = ("the service speaks every article that arrives from the queue while operators watch workers and scale "
         "them when the morning news grows long chapters come in with numbers like twelve and names like Doctor "
         "Smith who reads slowly and clearly to listeners on trains buses and kitchens across the city before "
         "the weather turns").split()
C2A_PORT, SEED_PORT, REDIS_PORT = 18081, 18082, 6390


def texts(count, chars, seed):
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        while len(" ".join(parts)) < chars:
            sentence = " ".join(rnd.choice(WORDS) for _ in range(8 + rnd.randrange(8)))
            parts.append(sentence[0].upper() + sentence[1:] + ".")
        out.append(" ".join(parts))
    return out


class Client:
    """One kept-alive HTTP/1.1 connection on the calling thread."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.conn.request(method, path, None if body is None else json.dumps(body), headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: {r.status} {data[:200]!r}")
        return json.loads(data) if data else None


def wait_http(port, path, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            Client(port).call("GET", path)
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def start(cmd, cwd=ROOT, env=None):
    return subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def percentile(values, p):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(-(-p / 100 * len(s) // 1)) - 1))]


def latency_line(ms):
    return f"p50 {percentile(ms, 50):.3f} ms, p99 {percentile(ms, 99):.3f} ms, max {max(ms):.3f} ms (n={len(ms)})"


# ---- the services

def c2a_service(data, workers=2, engine="espeak-ng", durability="process", extra_env=None):
    # why espeak-ng named: with MaryTTS built, c2a's default engine would be MaryTTS, and the peers speak with espeak-ng
    proc = start([os.path.join(ROOT, "c2a"), "serve", "--port", str(C2A_PORT), "--data", data,
                  "--workers", str(workers)],
                 env={"C2A_ENGINE": engine, "C2A_DURABILITY": durability, **(extra_env or {})})
    wait_http(C2A_PORT, "/healthz")
    return proc


@contextlib.contextmanager
def running(proc):
    """Stops the process however the block ends: a failed round must not leave a service holding its port."""
    try:
        yield proc
    finally:
        stop(proc)


def seed_service(out, workers=2, engine="espeak-ng"):
    proc = start([sys.executable, "-m", "uvicorn", "seed_service:app", "--port", str(SEED_PORT),
                  "--log-level", "warning"], cwd=HERE,
                 env={"SEED_WORKERS": str(workers), "SEED_ENGINE": engine, "SEED_OUT": out})
    wait_http(SEED_PORT, "/v1/service")
    return proc


def redis(durable, data):
    args = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--dir", data]
    args += ["--appendonly", "yes", "--appendfsync", "always"] if durable else ["--appendonly", "no"]
    proc = start(args)
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).stdout.strip() == b"PONG":
            return proc
        time.sleep(0.1)
    raise RuntimeError("redis did not start")


def celery_worker(out, client=True):
    """Starts a Celery worker; with `client`, also this process's client, once the worker answers."""
    proc = start([sys.executable, "-m", "celery", "-A", "celery_peer", "worker", "--concurrency", "2",
                  "--pool", "prefork", "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
                  "--without-heartbeat"], cwd=HERE, env={"SEED_OUT": out, "PEER_REDIS": f"redis://127.0.0.1:{REDIS_PORT}/0"})
    return (proc, celery_client()) if client else proc


def celery_client():
    sys.path.insert(0, HERE)
    os.environ["PEER_REDIS"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
    import celery_peer
    # why: after a Redis restart (target (c) restarts it), pooled connections point at the server that is gone
    celery_peer.app.close()
    celery_peer.app.backend.client.connection_pool.disconnect()
    deadline = time.time() + 60
    while not celery_peer.app.control.ping(timeout=0.5):
        if time.time() > deadline:
            raise RuntimeError("the Celery worker did not answer a ping within 60 s")
        time.sleep(0.2)
    return celery_peer


def celery_apart(option, warmup):
    """Celery measured by a client in a Python of its own (`option` says what it measures, its last
    line of output the figure, as JSON): a client that lived through an earlier Redis keeps
    connections to it that no reset cured (`Connection refused`, `Connection closed by server`)."""
    done = subprocess.run([sys.executable, os.path.abspath(__file__), option, str(warmup)],
                          cwd=HERE, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("the Celery client failed: " + done.stderr[-2000:])
    return json.loads(done.stdout.splitlines()[-1])


def celery_start_ms(peer, warmup):
    """(c) for Celery: ms from delay() to the task's start, for 100 tasks after `warmup` uncounted."""
    ms = []
    for i in range(warmup + 100):
        t = time.time_ns()
        started = peer.noop.delay(f"c-{i}").get(timeout=60)
        if i >= warmup:
            ms.append((started - t) / 1e6)
    return ms


# ---- (a) throughput against espeak-ng run directly two at a time

def espeak_direct(items, out):
    def one(i_text):
        i, text = i_text
        with open(os.path.join(out, f"direct-{i}.wav"), "wb") as f:
            subprocess.run(["espeak-ng", "--stdout", "-b", "1", "-v", "en", "-s", "175"], input=text.encode(),
                           stdout=f, check=True)
    t = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, enumerate(items)))
    return len(items) / (time.perf_counter() - t)


def helper_direct(items):
    """Texts/s of c2a's own espeak-ng helper driven bare, two at a time, asked for word events as c2a
    asks: the same speech with no service around it. A second reference for (a), one that does not
    swing with the cost of starting a process, as espeak-ng run directly does. None when not built."""
    helper = os.path.join(ROOT, "target", "classes", "native", "c2a-espeak")
    if not os.access(helper, os.X_OK):
        return None

    def drive(texts_of_one):
        p = subprocess.Popen([helper], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        p.stdout.read(4)
        for text in texts_of_one:
            t = text.encode()
            p.stdin.write(struct.pack("<i", 2) + b"en" + struct.pack("<iii", 175, 2, len(t)) + t)
            p.stdin.flush()
            while True:
                n = struct.unpack("<i", p.stdout.read(4))[0]
                if n == 0:
                    break
                if n == -1:
                    raise RuntimeError(p.stdout.read(struct.unpack("<i", p.stdout.read(4))[0]).decode())
                p.stdout.read(16 if n == -2 else n)
        p.stdin.close()
        p.wait()
    t = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(drive, (items[0::2], items[1::2])))
    return len(items) / (time.perf_counter() - t)


def through_http(port, items, counts, one_by_one=False):
    """Texts/s from the first submission until all have succeeded: one batch, or one POST per text
    on one kept-alive connection (a producer that sends each job as it comes)."""
    c = Client(port)
    before = counts(c.call("GET", "/v1/service"))
    t = time.perf_counter()
    if one_by_one:
        for x in items:
            c.call("POST", "/v1/jobs", {"text": x})
    else:
        c.call("POST", "/v1/jobs/batch", {"jobs": [{"text": x} for x in items]})
    while counts(c.call("GET", "/v1/service")) - before < len(items):
        time.sleep(0.02)
    return len(items) / (time.perf_counter() - t)


def c2a_succeeded(status):
    return status["jobs"]["succeeded"]


def seed_succeeded(status):
    return status["jobs"]["succeeded"]


def through_celery(peer, items):
    t = time.perf_counter()
    results = [peer.speak.delay(f"a-{i}-{time.time_ns()}", x) for i, x in enumerate(items)]
    for r in results:
        r.get(timeout=600)
    return len(items) / (time.perf_counter() - t)


def target_a(work, rounds, warmup, services):
    items = texts(500, 200, 42)
    warm = texts(warmup, 200, 7)
    print(f"(a) 500 texts of ~200 chars, 2 workers each, after an uncounted warm-up of {warmup} other texts; "
          f"reference: espeak-ng directly, two at a time, measured before each service run")
    for name, one_by_one in (("c2a", False), ("c2a", True), ("seed", False), ("seed", True), ("celery", False)):
        if name not in services:
            continue
        ratios, rates, refs, bare = [], [], [], []
        for r in range(rounds):
            out = tempfile.mkdtemp(dir=work)
            ref = espeak_direct(items, out)
            # a running service is warm: the JVM's compilers are still busy after 100 texts (measured in BENCHMARKS.md)
            if name == "c2a":
                bare.append(helper_direct(items))
                with running(c2a_service(os.path.join(out, "data"))):
                    # warmed the way it is measured: a batch warms none of the one-POST path a JVM must compile
                    through_http(C2A_PORT, warm, c2a_succeeded, one_by_one)
                    rate = through_http(C2A_PORT, items, c2a_succeeded, one_by_one)
            elif name == "seed":
                with running(seed_service(out)):
                    through_http(SEED_PORT, warm, seed_succeeded, one_by_one)
                    rate = through_http(SEED_PORT, items, seed_succeeded, one_by_one)
            else:
                with running(redis(False, out)):
                    with running(celery_worker(out, client=False)):
                        rate = celery_apart("--celery-client", warmup)
            refs.append(ref)
            rates.append(rate)
            ratios.append(rate / ref)
        label = name + (", one POST per text" if one_by_one else (", one batch" if name != "celery" else ", delay() per task"))
        print(f"    {label:26s}: {sum(rates) / rounds:6.1f} texts/s, direct espeak-ng {sum(refs) / rounds:6.1f} texts/s, "
              f"ratio {sum(rates) / sum(refs):.3f}  (rounds: {', '.join(f'{x:.3f}' for x in ratios)})")
        if bare and None not in bare:
            print(f"    {'':26s}  c2a's helper driven bare {sum(bare) / rounds:6.1f} texts/s: c2a / bare helper "
                  f"{sum(rates) / sum(bare):.3f}  (rounds: {', '.join(f'{x / y:.3f}' for x, y in zip(rates, bare))})")
        sys.stdout.flush()
    print()


# ---- (b) queue overhead: 10,000 no-op jobs

def target_b(work):
    n = 10_000
    print(f"(b) {n} no-op jobs submitted one by one from 4 threads, to completion")
    out = tempfile.mkdtemp(dir=work)
    rproc = redis(True, out)
    wproc, peer = celery_worker(out)
    t = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: peer.noop.delay(f"b-{i}"), range(n)))
    for r in results:
        r.get(timeout=600)
    s = time.perf_counter() - t
    print(f"    celery: {n / s:.0f} jobs/s (Redis appendfsync always: durable like c2a's fsync)")
    stop(wproc)
    stop(rproc)
    proc = seed_service(out, engine="noop")
    t = time.perf_counter()
    local = threading.local()

    def submit(i):
        if not hasattr(local, "c"):
            local.c = Client(SEED_PORT)
        local.c.call("POST", "/v1/jobs", {"text": f"job {i}"})
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(submit, range(n)))
    c = Client(SEED_PORT)
    while c.call("GET", "/v1/service")["jobs"]["succeeded"] < n:
        time.sleep(0.02)
    s = time.perf_counter() - t
    print(f"    seed:   {n / s:.0f} jobs/s (in memory: not durable)")
    stop(proc)
    print()


# ---- (c) enqueue-to-start latency on an idle service

def target_c(work, warmup):
    print(f"(c) submit-to-start of one job on an idle service, 100 jobs after {warmup} uncounted")
    out = tempfile.mkdtemp(dir=work)
    with running(seed_service(out, engine="noop")):
        c = Client(SEED_PORT)
        ms = []
        for i in range(warmup + 100):
            t = time.time_ns()
            job_id = c.call("POST", "/v1/jobs", {"text": f"latency {i}"})["id"]
            while True:
                job = c.call("GET", f"/v1/jobs/{job_id}")
                if "started_ns" in job:
                    break
            if i >= warmup:
                ms.append((job["started_ns"] - t) / 1e6)
        print(f"    seed (in memory):              {latency_line(ms)}")
    # c2a's own figure comes from `./c2a bench --only c`: its probe engine notes the start in the service's JVM
    for durable in (False, True):
        with running(redis(durable, out)):
            with running(celery_worker(out, client=False)):
                ms = celery_apart("--celery-latency", warmup)
                print(f"    celery (redis {'appendfsync always' if durable else 'in memory'}): {latency_line(ms)}")
    print()


# ---- (e) status latency while both workers are saturated

def status_latency(port):
    c = Client(port)
    c.call("POST", "/v1/jobs/batch", {"jobs": [{"text": x} for x in texts(2000, 200, 9)]})
    for _ in range(200):
        c.call("GET", "/v1/service")
    ms = []
    for _ in range(1000):
        t = time.perf_counter()
        c.call("GET", "/v1/service")
        ms.append((time.perf_counter() - t) * 1000)
    return ms


def target_e(work):
    print("(e) GET /v1/service on one kept-alive connection, 2 busy workers, 2,000 jobs queued")
    out = tempfile.mkdtemp(dir=work)
    proc = c2a_service(os.path.join(out, "data"))
    print(f"    c2a:  {latency_line(status_latency(C2A_PORT))}")
    stop(proc)
    proc = seed_service(out)
    print(f"    seed: {latency_line(status_latency(SEED_PORT))}")
    stop(proc)
    print()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", default="a,b,c,e")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=500, help="uncounted texts (jobs in (c)) before each measurement")
    parser.add_argument("--services", default="c2a,seed,celery", help="which of (a)'s services to measure")
    parser.add_argument("--celery-client", type=int, metavar="WARMUP", help=argparse.SUPPRESS)
    parser.add_argument("--celery-latency", type=int, metavar="WARMUP", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.celery_client is not None:
        peer = celery_client()
        through_celery(peer, texts(args.celery_client, 200, 7))
        print(json.dumps(through_celery(peer, texts(500, 200, 42))))
        return
    if args.celery_latency is not None:
        print(json.dumps(celery_start_ms(celery_client(), args.celery_latency)))
        return
    work = tempfile.mkdtemp(prefix="c2a-peers-")
    print(f"peers on {os.cpu_count()} cores; Python {sys.version.split()[0]}; "
          f"{subprocess.run(['espeak-ng', '--version'], capture_output=True, text=True).stdout.split(' Data')[0]}\n")
    try:
        targets = args.targets.split(",")
        if "a" in targets:
            target_a(work, args.rounds, args.warmup, args.services.split(","))
        if "b" in targets:
            target_b(work)
        if "c" in targets:
            target_c(work, min(args.warmup, 300))
        if "e" in targets:
            target_e(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
