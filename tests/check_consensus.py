#!/usr/bin/env python3
"""check_consensus.py LOG N: check what `consensus N` printed.

Each of the N workers prints
    consensus: pid P proposed V, decided W
and the parent then
    consensus: N processes agreed on W (pid P's proposal).
Required: N worker lines from N distinct pids with N distinct proposals,
one decided value W in all of them, the parent's line with the same N and
W, and W the proposal of the pid the parent names (the one CAS winner)."""
import re
import sys

WORKER = re.compile(r"consensus: pid (\d+) proposed (\d+), decided (\d+)")
AGREED = re.compile(r"consensus: (\d+) processes agreed on (\d+) \(pid (\d+)'s proposal\)")


def main():
    log, n = open(sys.argv[1], errors="replace").read(), int(sys.argv[2])
    workers = WORKER.findall(log)
    agreed = AGREED.findall(log)
    problems = []
    pids = {p for p, _, _ in workers}
    proposals = {p: v for p, v, _ in workers}
    decided = {w for _, _, w in workers}
    if len(workers) != n or len(pids) != n:
        problems.append(f"{len(workers)} worker lines from {len(pids)} pids, want {n}")
    if len(set(proposals.values())) != len(proposals):
        problems.append("two workers proposed the same value")
    if len(decided) != 1:
        problems.append(f"workers saw different decisions: {sorted(decided)}")
    if len(agreed) != 1:
        problems.append(f"{len(agreed)} 'agreed' lines, want 1")
    else:
        count, value, winner = agreed[0]
        if int(count) != n or decided != {value}:
            problems.append(f"parent says {count} agreed on {value}; workers: {sorted(decided)}")
        if proposals.get(winner) != value:
            problems.append(f"the winner, pid {winner}, proposed {proposals.get(winner)}, not {value}")
    for p in problems:
        print("check_consensus:", p)
    if not problems:
        print(f"check_consensus: {n} workers agreed on {agreed[0][1]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
