#!/usr/bin/env python3
"""Host test of scripts/memdump-check (ctest memdump.checker, no QEMU).

One small hand-written dump passes every rule. Each test then breaks one
thing and checks that the checker reports exactly that rule, and only it,
and exits 1: so every rule can fail, and no rule fires on a clean state.

The clean dump (24 page records):
  0x0-0x3 reserved; 0x4-0x5 kernel; 0x6 a kernel page table;
  space 1: root 0x7, tables 0x8 0x9 0xa; space 2: root 0xd, tables 0xe 0xf 0x10;
  0xb shared code mapped r-x by both, held by the program cache (refs 3);
  0xc, 0x11 private data, rw in space 1 and 2; 0x12 copy-on-write, r--c in
  both (refs 2); 0x13-0x17 free. Processes 1 and 2 live, 3 a zombie.
"""
import contextlib
import importlib.machinery
import importlib.util
import io
import os
import re
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "memdump-check")


def load_checker():
    """The CLI as a module (it has no .py suffix), so most cases run in-process."""
    loader = importlib.machinery.SourceFileLoader("memdump_check", CHECKER)
    spec = importlib.util.spec_from_loader("memdump_check", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


checker = load_checker()

CLEAN = """\
page 0x0 4 reserved -1 0
page 0x4 2 kernel 0 1
page 0x6 1 pagetable 0 1
page 0x7 4 pagetable 1 1
page 0xb 1 shared 0 3
page 0xc 1 user 1 1
page 0xd 4 pagetable 2 1
page 0x11 1 user 2 1
page 0x12 1 user 1 2
page 0x13 5 free -1 0
proc 1 0 running init
proc 2 1 runnable init
proc 3 1 zombie init
space 2 0xd
table 2 0x10 0
table 2 0xf 1
table 2 0xe 2
map 2 0x400000 0xb r-xu--
map 2 0x401000 0x11 rw-u--
map 2 0x402000 0x12 r--uc-
space 1 0x7
table 1 0xa 0
table 1 0x9 1
table 1 0x8 2
map 1 0x400000 0xb r-xu--
map 1 0x401000 0xc rw-u--
map 1 0x402000 0x12 r--uc-
hold program-cache 0xb
"""

# Process 1 alone: space 2's pages are free again.
ALONE = """\
page 0x0 4 reserved -1 0
page 0x4 2 kernel 0 1
page 0x6 1 pagetable 0 1
page 0x7 4 pagetable 1 1
page 0xb 1 shared 0 2
page 0xc 1 user 1 1
page 0xd 11 free -1 0
proc 1 0 running init
space 1 0x7
table 1 0xa 0
table 1 0x9 1
table 1 0x8 2
map 1 0x400000 0xb r-xu--
map 1 0x401000 0xc rw-u--
hold program-cache 0xb
"""


def dump(body, seq=1, free=None, pages=24, lines=None, why="syscall", swap=0):
    """A whole dump around body: begin and end lines with the right counts."""
    body_lines = [ln for ln in body.splitlines() if ln.strip()]
    if free is None:
        free = sum(int(ln.split()[2]) for ln in body_lines if ln.startswith("page ") and " free " in ln)
    n = len(body_lines) + 2 if lines is None else lines
    out = [f"begin seq={seq} why={why} ticks=5 pages={pages} free={free} managed=17"
           + (f" kept=0 swap={swap}" if swap else "")]
    out += body_lines + [f"end seq={seq} lines={n}"]
    return "".join(f"memdump: {ln}\n" for ln in out)


def edit(body, old, new):
    assert old in body, old
    return body.replace(old, new, 1)


# Swap (rule 8): space 2 sent out the page it shared copy-on-write with
# space 1 (slot 1, cached while space 1 maps it) and one of its own (slot
# 2, on the device only).
SWAPPED = edit(edit(CLEAN, "map 2 0x402000 0x12 r--uc-\n", "swapped 2 0x402000 1\nswapped 2 0x403000 2\n"),
               "hold program-cache 0xb\n",
               "hold program-cache 0xb\nhold swap-cache 0x12\nslot 1 1 0x12\nslot 2 1 -\n")


class CheckerTest(unittest.TestCase):
    def run_checker(self, log, *args, subprocess_run=False):
        """(exit status, rules reported, output) of the checker on log."""
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
            f.write("weensy: booting\nproc: some other line\n" + log)
            path = f.name
        try:
            if subprocess_run:
                r = subprocess.run([sys.executable, CHECKER, path, *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, timeout=60)
                status, out = r.returncode, r.stdout
            else:
                buf = io.StringIO()
                with contextlib.redirect_stdout(buf):
                    status = checker.main([path, *args])
                out = buf.getvalue()
        finally:
            os.unlink(path)
        rules = set(re.findall(r"^memdump-check: \S+ rule=([\w-]+):", out, re.M))
        return status, rules, out

    def assert_only(self, rule, log, *args):
        status, rules, out = self.run_checker(log, *args)
        self.assertEqual(rules, {rule}, out)
        self.assertEqual(status, 1, out)

    def assert_clean(self, log, *args):
        status, rules, out = self.run_checker(log, *args)
        self.assertEqual((status, rules), (0, set()), out)
        self.assertRegex(out, r"memdump-check: \d+ dumps, 0 violations")

    # ---- clean input -------------------------------------------------------
    def test_clean(self):
        self.assert_clean(dump(CLEAN))

    def test_command_line_exit_status(self):
        self.assertEqual(self.run_checker(dump(CLEAN), subprocess_run=True)[0], 0)
        status, rules, out = self.run_checker(dump(CLEAN, free=6), subprocess_run=True)
        self.assertEqual((status, rules), (1, {"free"}), out)
        self.assertIn("memdump-check: 1 dumps, 1 violations", out)

    def test_clean_several_dumps_with_noise_and_cr(self):
        log = dump(CLEAN).replace("\n", "\r\n") + "hello from a process\n" + dump(ALONE, seq=2)
        self.assert_clean(log)

    def test_trailing_incomplete_dump_is_ignored(self):
        cut = "".join(dump(CLEAN, seq=2).splitlines(True)[:7])
        status, rules, out = self.run_checker(dump(CLEAN) + cut)
        self.assertEqual((status, rules), (0, set()), out)
        self.assertIn("memdump-check: 1 dumps, 0 violations", out)

    def test_shared_page_mapped_writable_with_s_is_allowed(self):
        body = edit(CLEAN, "page 0xc 1 user 1 1", "page 0xc 1 shared 1 2")
        body = edit(body, "map 1 0x401000 0xc rw-u--", "map 1 0x401000 0xc rw-u-s")
        body += "map 2 0x403000 0xc rw-u-s\n"
        self.assert_clean(dump(body))

    # ---- each rule fails alone ---------------------------------------------
    def test_rule1_kernel_page_mapped(self):
        self.assert_only("kernel-isolation", dump(CLEAN + "map 2 0x403000 0x4 r--u--\n"))

    def test_rule1_mapping_without_u(self):
        self.assert_only("kernel-isolation", dump(edit(CLEAN, "0xc rw-u--", "0xc rw----")))

    def test_rule1_prot_none_page_is_kept_without_u(self):
        # mprotect(PROT_NONE) leaves the page mapped, without u (docs/vm.md)
        self.assert_clean(dump(edit(CLEAN, "0xc rw-u--", "0xc r-----")))

    def test_rule1_address_above_user_top(self):
        self.assert_only("kernel-isolation",
                         dump(edit(CLEAN, "map 1 0x401000 0xc", "map 1 0x7ffffffff000 0xc")))

    def test_rule1_unaligned_address(self):
        self.assert_only("kernel-isolation", dump(edit(CLEAN, "map 1 0x401000 0xc", "map 1 0x401008 0xc")))

    def test_rule2_page_writable_in_two_spaces(self):
        self.assert_only("process-isolation", dump(edit(CLEAN, "map 2 0x402000 0x12 r--uc-",
                                                        "map 2 0x402000 0x12 rw-u--")))

    def test_rule2_user_page_with_s_is_not_exempt(self):
        body = edit(CLEAN, "map 1 0x401000 0xc rw-u--", "map 1 0x401000 0xc rw-u-s")
        body = edit(body, "page 0xc 1 user 1 1", "page 0xc 1 user 1 2")
        self.assert_only("process-isolation", dump(body + "map 2 0x403000 0xc rw-u-s\n"))

    def test_rule3_refcount_too_high(self):
        self.assert_only("refcount", dump(edit(CLEAN, "page 0x11 1 user 2 1", "page 0x11 1 user 2 2")))

    def test_rule3_hold_not_counted(self):
        self.assert_only("refcount", dump(CLEAN + "hold program-cache 0xc\n"))

    def test_rule4_free_page_with_refs(self):
        body = edit(CLEAN, "page 0x13 5 free -1 0", "page 0x13 4 free -1 0\npage 0x17 1 free -1 1")
        self.assert_only("free", dump(body))

    def test_rule4_free_count_differs(self):
        self.assert_only("free", dump(CLEAN, free=6))

    def test_rule4_free_page_held(self):
        self.assert_only("free", dump(CLEAN + "hold program-cache 0x14\n"))

    def test_rule4_free_page_mapped(self):
        self.assert_only("free", dump(CLEAN + "map 1 0x403000 0x13 rw-u--\n"))

    def test_rule5_table_with_two_references(self):
        body = edit(CLEAN, "page 0xd 4 pagetable 2 1", "page 0xd 3 pagetable 2 1\npage 0x10 1 pagetable 2 2")
        self.assert_only("page-table", dump(body))

    def test_rule5_table_of_another_owner(self):
        body = edit(CLEAN, "page 0xd 4 pagetable 2 1", "page 0xd 3 pagetable 2 1\npage 0x10 1 pagetable 1 1")
        self.assert_only("page-table", dump(body))

    def test_rule5_table_in_two_spaces(self):
        self.assert_only("page-table", dump(CLEAN + "table 1 0x10 0\n"))

    def test_rule5_table_page_mapped(self):
        self.assert_only("page-table", dump(CLEAN + "map 1 0x403000 0x9 rw-u--\n"))

    def test_rule5_table_page_in_no_space(self):
        self.assert_only("page-table", dump(edit(CLEAN, "table 2 0x10 0\n", "")))

    # ---- rule 8: swap (space 2's COW page out in slot 1, cached; slot 2 on the device)
    def test_rule8_clean(self):
        self.assert_clean(dump(SWAPPED, swap=8))

    def test_rule8_slot_count_differs(self):
        self.assert_only("swap", dump(edit(SWAPPED, "slot 2 1 -", "slot 2 2 -"), swap=8))

    def test_rule8_slot_not_in_use(self):
        self.assert_only("swap", dump(edit(SWAPPED, "swapped 2 0x403000 2", "swapped 2 0x403000 5"), swap=8))

    def test_rule8_slot_beyond_the_device(self):
        self.assert_only("swap", dump(SWAPPED, swap=1))

    def test_rule8_segment_page_out(self):
        # A segment's page out on the device names its slot like a leaf.
        log = edit(SWAPPED, "slot 2 1 -", "slot 2 1 -\nslot 3 1 -")
        self.assert_only("swap", dump(log, swap=8))
        self.assert_clean(dump(edit(log, "hold program-cache 0xb\n", "hold program-cache 0xb\nsegswapped 0 4 3\n"),
                               swap=8))

    def test_rule8_segment_names_a_free_slot(self):
        self.assert_only("swap", dump(edit(SWAPPED, "hold program-cache 0xb\n",
                                           "hold program-cache 0xb\nsegswapped 0 4 6\n"), swap=8))

    def test_rule8_file_page_names_slots(self):
        # A tmpfs file's page out on the device names its slot like a leaf.
        log = edit(SWAPPED, "slot 2 1 -", "slot 2 1 -\nslot 3 1 -")
        self.assert_only("swap", dump(log, swap=8))
        self.assert_clean(dump(edit(log, "hold program-cache 0xb\n", "hold program-cache 0xb\nfileswapped 7 4 3\n"),
                               swap=8))
        self.assert_only("swap", dump(edit(SWAPPED, "hold program-cache 0xb\n",
                                           "hold program-cache 0xb\nfileswapped 7 4 6\n"), swap=8))

    def test_rule8_cached_page_writable(self):
        self.assert_only("swap", dump(edit(SWAPPED, "map 1 0x402000 0x12 r--uc-", "map 1 0x402000 0x12 rw-u--"),
                                      swap=8))

    def test_rule6_leaked_page(self):
        self.assert_only("leaked", dump(edit(CLEAN, "map 2 0x401000 0x11 rw-u--\n", "")))

    def test_rule7_space_of_a_zombie(self):
        self.assert_only("process", dump(edit(CLEAN, "proc 2 1 runnable init", "proc 2 1 zombie init")))

    def test_rule7_space_without_process(self):
        self.assert_only("process", dump(edit(CLEAN, "proc 2 1 runnable init\n", "")))

    def test_rule7_live_process_without_space(self):
        self.assert_only("process", dump(CLEAN + "proc 4 1 sleeping init\n"))

    # ---- the log itself ----------------------------------------------------
    def test_no_dump_at_all(self):
        self.assert_only("min-dumps", "just a boot log\n")

    def test_line_count_mismatch(self):
        self.assert_only("format", dump(CLEAN, lines=5) + dump(CLEAN, seq=2))

    def test_malformed_line(self):
        self.assert_only("format", dump(edit(CLEAN, "map 1 0x401000 0xc rw-u--", "map 1 0x401000 0xc rwzu--"))
                         + dump(CLEAN, seq=2))

    def test_runs_must_cover_the_records(self):
        self.assert_only("format", dump(CLEAN, pages=25) + dump(CLEAN, seq=2))

    def test_min_dumps(self):
        self.assert_clean(dump(CLEAN) + dump(CLEAN, seq=2), "--min-dumps", "2")
        self.assert_only("min-dumps", dump(CLEAN), "--min-dumps", "2")

    # ---- workload options --------------------------------------------------
    def test_full(self):
        self.assert_clean(dump(CLEAN), "--full", "5")
        self.assert_only("full", dump(CLEAN), "--full", "4")

    def test_full_looks_at_the_last_dump(self):
        self.assert_only("full", dump(CLEAN) + dump(ALONE, seq=2), "--full", "5")

    def test_same_va_distinct(self):
        self.assert_clean(dump(CLEAN), "--same-va-distinct", "0x401000")
        self.assert_only("same-va-distinct", dump(CLEAN), "--same-va-distinct", "0x400000")
        self.assert_only("same-va-distinct", dump(CLEAN), "--same-va-distinct", "0x403000")

    def test_shared(self):
        self.assert_clean(dump(CLEAN), "--shared", "0x400000")
        self.assert_only("shared", dump(CLEAN), "--shared", "0x401000")
        body = edit(CLEAN, "hold program-cache 0xb\n", "")
        body = edit(body, "page 0xb 1 shared 0 3", "page 0xb 1 shared 0 2")
        self.assert_clean(dump(body), "--shared", "0x400000")

    def test_shared_counts_holds(self):
        # Refs 3 with no hold: consistent for rule 3 only if a third space maps it.
        body = CLEAN + "proc 4 1 running init\nspace 4 0x13\n"
        body = edit(body, "page 0x13 5 free -1 0", "page 0x13 1 pagetable 4 1\npage 0x14 4 free -1 0")
        body = edit(body, "hold program-cache 0xb\n", "map 4 0x400000 0xb r-xu--\n")
        self.assert_clean(dump(body), "--shared", "0x400000")
        body = edit(body, "page 0xb 1 shared 0 3", "page 0xb 1 shared 0 4") + "hold program-cache 0xb\n"
        self.assert_clean(dump(body), "--shared", "0x400000")

    def test_beyond_split(self):
        # Managed PFNs 0x6-0x17 split in two: 0x6-0xe and 0xf-0x17. Process 1
        # owns 0xc and 0x12 (one outside its half); process 2 only 0x11,
        # inside its own half.
        self.assert_only("beyond-split", dump(CLEAN), "--beyond-split", "2")
        body = edit(CLEAN, "page 0xc 1 user 1 1", "page 0xc 1 user 2 1")
        self.assert_clean(dump(body), "--beyond-split", "2")

    def test_baseline_when_alone(self):
        self.assert_clean(dump(ALONE) + dump(CLEAN, seq=2) + dump(ALONE, seq=3), "--baseline-when-alone", "1")
        self.assert_only("baseline-when-alone", dump(ALONE) + dump(CLEAN, seq=2), "--baseline-when-alone", "1")
        smaller = edit(ALONE, "page 0xd 11 free -1 0", "page 0xd 1 kernel 0 1\npage 0xe 10 free -1 0")
        self.assert_only("baseline-when-alone", dump(ALONE) + dump(smaller, seq=2), "--baseline-when-alone", "1")
        # pid 1 exiting: a zombie alone has given its pages back; not a baseline.
        gone = "page 0x0 4 reserved -1 0\npage 0x4 2 kernel 0 1\npage 0x6 1 pagetable 0 1\n" \
               "page 0x7 4 free -1 0\npage 0xb 1 shared 0 1\npage 0xc 12 free -1 0\n" \
               "proc 1 0 zombie init\nhold program-cache 0xb\n"
        self.assert_clean(dump(ALONE) + dump(ALONE, seq=2) + dump(gone, seq=3), "--baseline-when-alone", "1")

    def test_procs(self):
        self.assert_clean(dump(CLEAN), "--procs", "2")
        self.assert_only("procs", dump(CLEAN) + dump(ALONE, seq=2), "--procs", "2")


if __name__ == "__main__":
    unittest.main(verbosity=1)
