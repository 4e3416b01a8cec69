"""memdump.py: parse the kernel's memory dumps out of a serial log.

The kernel (inspect/memdump.c) writes each dump as a run of lines that start
with "memdump: ", from "begin" to "end" (docs/memdump.md). This module
turns every complete dump in a log into a Dump; scripts/memdump-check
checks them, and other tools (a screen check) can reuse the parsing:

    import memdump
    result = memdump.parse(open(log).read())
    for d in result.dumps:
        print(d.seq, d.free, len(d.maps))

Other lines in the log are ignored, and so is a dump the log cuts off at
the end. A dump that is malformed (a bad line, a line count that does not
match its end line, a dump cut off by the next begin) is reported in
result.errors and left out of result.dumps.
"""
import bisect
import re
from dataclasses import dataclass, field

PREFIX = "memdump: "
PAGE_SIZE = 4096
USER_TOP = 0x7FFFFFFFF000
KINDS = ("free", "reserved", "kernel", "boot", "console", "pagetable", "user", "shared", "cache")
STATES = ("embryo", "runnable", "running", "sleeping", "exiting", "zombie")

_LINE_RES = {
    "begin": re.compile(r"begin seq=(\d+) why=(\S+) ticks=(\d+) pages=(\d+) free=(\d+) managed=(\d+)"
                        r"(?: kept=(\d+))?(?: swap=(\d+))?$"),
    "page": re.compile(r"page (0x[0-9a-f]+) (\d+) (\S+) (-?\d+) (\d+)$"),
    "proc": re.compile(r"proc (\d+) (\d+) (\S+) (\S+)$"),
    "thread": re.compile(r"thread (\d+) (\d+) (\S+)$"),
    "space": re.compile(r"space (-?\d+) (0x[0-9a-f]+)$"),
    "table": re.compile(r"table (-?\d+) (0x[0-9a-f]+) ([0-3])$"),
    "map": re.compile(r"map (-?\d+) (0x[0-9a-f]+) (0x[0-9a-f]+) ([r][w-][x-][u-][c-][s-])$"),
    "hold": re.compile(r"hold (\S+) (0x[0-9a-f]+)$"),
    "swapped": re.compile(r"swapped (-?\d+) (0x[0-9a-f]+) (\d+)$"),
    "slot": re.compile(r"slot (\d+) (\d+) (0x[0-9a-f]+|-)$"),
    "segswapped": re.compile(r"segswapped (\d+) (\d+) (\d+)$"),
    "fileswapped": re.compile(r"fileswapped (\d+) (\d+) (\d+)$"),
    "end": re.compile(r"end seq=(\d+) lines=(\d+)$"),
}


@dataclass
class Proc:
    pid: int
    ppid: int
    state: str
    name: str

    @property
    def live(self):
        """Alive in the sense of the rules: in use, not a zombie, and not
        exiting (its memory already given back, not yet a zombie)."""
        return self.state not in ("zombie", "exiting")


@dataclass
class Map:
    space: int
    va: int
    pfn: int
    flags: str

    @property
    def writable(self):
        return self.flags[1] == "w"


@dataclass
class Dump:
    seq: int
    why: str
    ticks: int
    pages: int          # page records: PFNs 0 .. pages-1
    free: int           # the kernel's free-page count
    managed: int        # pages the allocator was given at boot
    kept: int = 0       # kernel pages kept for reuse, counted available (freed kernel stacks)
    swap: int = 0       # slots of the swap device (0: no swap)
    runs: list = field(default_factory=list)     # (pfn, count, kind, owner, refs)
    procs: dict = field(default_factory=dict)    # pid -> Proc
    threads: dict = field(default_factory=dict)  # tid -> (pid, state), besides each process's first
    spaces: list = field(default_factory=list)   # (id, root pfn)
    tables: list = field(default_factory=list)   # (id, pfn, level)
    maps: list = field(default_factory=list)     # Map
    holds: list = field(default_factory=list)    # (holder name, pfn)
    swapped: list = field(default_factory=list)  # (space, va, slot): swapped-out leaves
    slots: dict = field(default_factory=dict)    # slot -> (count, cached pfn or None)
    segswapped: list = field(default_factory=list)  # (segment, index, slot): shared pages out
    fileswapped: list = field(default_factory=list)  # (inode, index, slot): tmpfs pages out
    lines: int = 0
    _starts: list = field(default_factory=list, repr=False)

    def page(self, pfn):
        """(kind, owner, refs) of page pfn, or None outside the records."""
        if not self._starts:
            self._starts = [r[0] for r in self.runs]
        i = bisect.bisect_right(self._starts, pfn) - 1
        if i < 0:
            return None
        start, count, kind, owner, refs = self.runs[i]
        return (kind, owner, refs) if pfn < start + count else None

    def pfns_of(self, kinds):
        """Every PFN whose record's kind is in kinds, in order."""
        for start, count, kind, _owner, _refs in self.runs:
            if kind in kinds:
                yield from range(start, start + count)

    def space_ids(self):
        return sorted({sid for sid, _root in self.spaces})

    def live_pids(self):
        return sorted(pid for pid, p in self.procs.items() if p.live)


@dataclass
class ParseResult:
    dumps: list
    errors: list        # (seq or None, message)
    incomplete_tail: bool = False


def _num(s):
    return int(s, 16) if s.startswith("0x") else int(s)


def _add_line(d, kind, m):
    g = m.groups()
    if kind == "page":
        run = (_num(g[0]), int(g[1]), g[2], int(g[3]), int(g[4]))
        if run[2] not in KINDS or run[1] <= 0:
            return f"bad page run: {m.string}"
        d.runs.append(run)
    elif kind == "proc":
        if g[2] not in STATES:
            return f"bad process state: {m.string}"
        d.procs[int(g[0])] = Proc(int(g[0]), int(g[1]), g[2], g[3])
    elif kind == "thread":
        if g[2] not in STATES:
            return f"bad thread state: {m.string}"
        d.threads[int(g[0])] = (int(g[1]), g[2])
    elif kind == "space":
        d.spaces.append((int(g[0]), _num(g[1])))
    elif kind == "table":
        d.tables.append((int(g[0]), _num(g[1]), int(g[2])))
    elif kind == "map":
        d.maps.append(Map(int(g[0]), _num(g[1]), _num(g[2]), g[3]))
    elif kind == "hold":
        d.holds.append((g[0], _num(g[1])))
    elif kind == "swapped":
        d.swapped.append((int(g[0]), _num(g[1]), int(g[2])))
    elif kind == "segswapped":
        d.segswapped.append((int(g[0]), int(g[1]), int(g[2])))
    elif kind == "fileswapped":
        d.fileswapped.append((int(g[0]), int(g[1]), int(g[2])))
    elif kind == "slot":
        d.slots[int(g[0])] = (int(g[1]), None if g[2] == "-" else _num(g[2]))
    return None


def _check_runs(d):
    """The runs must cover PFNs 0 .. pages-1 in order, without gaps."""
    at = 0
    for start, count, *_ in d.runs:
        if start != at:
            return f"page runs jump from PFN {at:#x} to {start:#x}"
        at = start + count
    if at != d.pages:
        return f"page runs cover {at} PFNs, begin says pages={d.pages}"
    return None


def _split(line):
    """(kind, match) for a dump line, or (None, None) for any other line."""
    at = line.find(PREFIX)
    if at < 0:
        return None, None
    body = line[at + len(PREFIX):].rstrip()
    word = body.split(" ", 1)[0]
    r = _LINE_RES.get(word)
    if r is None:
        return "bad", body
    m = r.match(body)
    return (word, m) if m else ("bad", body)


def _finish(d, end, errors):
    seq, nlines = int(end.group(1)), int(end.group(2))
    if seq != d.seq:
        errors.append((d.seq, f"end seq={seq} closes dump seq={d.seq}"))
        return False
    if nlines != d.lines:
        errors.append((d.seq, f"end says {nlines} lines, the dump has {d.lines}"))
        return False
    err = _check_runs(d)
    if err:
        errors.append((d.seq, err))
        return False
    return True


def parse(text):
    """Every complete dump in a log (see the module comment)."""
    dumps, errors = [], []
    cur, broken = None, False
    for raw in text.splitlines():
        kind, m = _split(raw.replace("\r", ""))
        if kind is None:
            continue
        if kind == "begin":
            if cur is not None:
                errors.append((cur.seq, "dump cut off by the next begin"))
            g = m.groups()
            cur = Dump(int(g[0]), g[1], int(g[2]), int(g[3]), int(g[4]), int(g[5]), int(g[6] or 0),
                       int(g[7] or 0))
            cur.lines, broken = 1, False
            continue
        if cur is None:
            if kind != "bad":
                errors.append((None, f"'{m.string}' outside a dump"))
            continue
        cur.lines += 1
        if kind == "bad":
            errors.append((cur.seq, f"malformed line: {m}"))
            broken = True
        elif kind == "end":
            if _finish(cur, m, errors) and not broken:
                dumps.append(cur)
            cur = None
        else:
            err = _add_line(cur, kind, m)
            if err:
                errors.append((cur.seq, err))
                broken = True
    return ParseResult(dumps, errors, incomplete_tail=cur is not None)
