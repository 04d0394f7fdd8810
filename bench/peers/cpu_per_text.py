"""Where a text's CPU goes in c2a: each thread group of `./c2a serve` and its espeak-ng helpers, per text.

Run from the repository root: /usr/bin/python3 bench/peers/cpu_per_text.py [--warmup N] [--one-by-one] [--rounds N]
Starts c2a like run.py's (a) (2 workers, espeak-ng, durability process), warms it with N other texts sent
the same way, then reads /proc around 500 texts of ~200 characters. CPU time per text is steadier on
this shared VM than throughput, which moves with whatever else the host runs. Also counts the workers'
voluntary context switches (each a wait: for the helper's pipe, the ledger, a job).
"""
import argparse
import collections
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the peers' harness: its texts, client and c2a start)

HZ = os.sysconf("SC_CLK_TCK")


def threads(pid):
    """CPU ticks per thread group (names without their numbers), and the workers' context switches."""
    out = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            status = open(f"/proc/{pid}/task/{tid}/status").read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")].rstrip("0123456789-")
        fields = stat[stat.rindex(")") + 2:].split()
        out[name + " user ms"] += int(fields[11]) * 1000 / HZ
        out[name + " sys ms"] += int(fields[12]) * 1000 / HZ
        if "worker" in name:
            for line in status.splitlines():
                if line.startswith("voluntary_ctxt_switches"):
                    out[name + " waits"] += int(line.split()[1])
    return out


def helpers(pid):
    """CPU ms of the JVM's child processes (espeak-ng helpers), with their own reaped children."""
    total = 0
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            stat = open(f"/proc/{p}/stat").read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            total += sum(int(x) for x in fields[11:15])
    return total * 1000 / HZ


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--one-by-one", action="store_true", help="one POST per text instead of one batch")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    items = run.texts(500, 200, 42)
    for r in range(args.rounds):
        data = tempfile.mkdtemp(prefix="c2a-cpu-")
        with run.running(run.c2a_service(os.path.join(data, "data"))) as proc:
            run.through_http(run.C2A_PORT, run.texts(args.warmup, 200, 7), run.c2a_succeeded, args.one_by_one)
            before, helpers_before = threads(proc.pid), helpers(proc.pid)
            rate = run.through_http(run.C2A_PORT, items, run.c2a_succeeded, args.one_by_one)
            after, helpers_after = threads(proc.pid), helpers(proc.pid)
        n = len(items)
        per = {k: (after[k] - before.get(k, 0)) / n for k in after}
        jvm = sum(v for k, v in per.items() if k.endswith(" ms"))
        print(f"round {r + 1}: {rate:.1f} texts/s; per text: espeak-ng helpers {(helpers_after - helpers_before) / n:.2f} ms, "
              f"JVM {jvm:.2f} ms")
        for k, v in sorted(per.items(), key=lambda kv: -kv[1]):
            if v >= 0.05:
                print(f"    {k:36s} {v:7.2f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
