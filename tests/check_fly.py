#!/usr/bin/env python3
"""check_fly.py LOG N STEPS: check the frames `fly N --steps STEPS` drew.

fly (userland/bin/fly.c) draws every frame with one write:
    ESC 7, then for each of the plane's three rows ESC [ row ; col H and the
    row's text (continued at column 1 with another ESC [ row ; 1 H when it
    runs past the track's right end), then ESC 8;
its first frame also clears each row (ESC [ row ; 1 H ESC [ 2 K) first.
This script finds every frame in the serial log and requires:
- N "fly: pid P flies in rows A-B" lines, distinct pids, plane i in rows
  1+4i..3+4i of a 25-row screen (wrapping to the top after six planes);
- each frame whole: the plane's three rows, one under the other, each
  piece at the right column, the pieces spelling the plane;
- per group of rows, N_there * STEPS frames, exactly one first frame per
  plane; where a group has one plane, its column advancing by one per frame
  (wrapping on the 79-column track).
The log is read as bytes: frames hold escape characters."""
import re
import sys

PLANE = [b"    \\     ", b" ==[__]=> ", b"    /     "]
ROWS, TRACK = 25, 79
FRAME = re.compile(rb"\x1b7(.*?)\x1b8", re.S)
PIECE = re.compile(rb"\x1b\[(\d+);(\d+)H(\x1b\[2K|[^\x1b]*)")
ANNOUNCE = re.compile(rb"fly: pid (\d+) flies in rows (\d+)-(\d+)")


def parse_frame(body):
    """[(row, x, clear)] for each plane row, or a reason it is broken."""
    pieces = PIECE.findall(body)
    if b"".join(b"\x1b[%s;%sH%s" % p for p in pieces) != body:
        return None, "stray bytes"
    rows, clear = [], False
    for r, c, text in pieces:
        r, c = int(r), int(c)
        if text == b"\x1b[2K":
            clear = True
        elif rows and rows[-1][0] == r and c == 1:
            rows[-1][2] += text               # the part past the right end
        else:
            rows.append([r, c - 1, text])
    if len(rows) != 3:
        return None, f"{len(rows)} rows"
    for k, (r, x, text) in enumerate(rows):
        if r != rows[0][0] + k or x != rows[0][1] or text != PLANE[k]:
            return None, f"row {k} is {text!r} at {r};{x + 1}"
    return (rows[0][0], rows[0][1], clear), None


def main():
    log, n, steps = open(sys.argv[1], "rb").read(), int(sys.argv[2]), int(sys.argv[3])
    problems = []
    slots = (ROWS - 3) // 4 + 1
    announced = ANNOUNCE.findall(log)
    if len({p for p, _, _ in announced}) != n:
        problems.append(f"{len(announced)} announcements, {n} planes")
    want_tops = sorted(1 + 4 * (i % slots) for i in range(n))
    if sorted(int(a) for _, a, _ in announced) != want_tops:
        problems.append(f"planes in rows {[a for _, a, _ in announced]}, want tops {want_tops}")
    groups = {}
    for m in FRAME.finditer(log):
        frame, why = parse_frame(m.group(1))
        if why:
            problems.append(f"broken frame at byte {m.start()}: {why}")
        else:
            groups.setdefault(frame[0], []).append(frame)
    for top in sorted(set(want_tops)):
        frames, planes = groups.get(top, []), want_tops.count(top)
        if len(frames) != planes * steps:
            problems.append(f"rows {top}-{top + 2}: {len(frames)} frames, want {planes * steps}")
        if sum(1 for f in frames if f[2]) != planes:
            problems.append(f"rows {top}-{top + 2}: not one first (clearing) frame per plane")
        if planes == 1:
            xs = [f[1] for f in frames]
            if any(b != (a + 1) % TRACK for a, b in zip(xs, xs[1:])):
                problems.append(f"rows {top}-{top + 2}: columns {xs} do not advance by one")
    for p in problems:
        print("check_fly:", p)
    if not problems:
        print(f"check_fly: {n} planes, {sum(map(len, groups.values()))} whole frames")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
