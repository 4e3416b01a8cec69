# Page replacement and swap (docs/swap.md). Each test boots with a frame
# limit (frames=N: a process keeps at most N pages in memory, its own clock
# sends the rest to swap) and a swap device, and ends with every swap slot
# free again ("swap slots in use 0: ok") and no page lost.
#
# To run one by hand:
#   scripts/run --headless --exit-device --cmdline "harness frames=4 swap=ram:1M init=swap"

set(SWAP_REJECT "FAIL|MISMATCH|LEAK|PANIC|EXCEPTION|killed|mm_check \\(")
set(SWAP_CLEAN_END
  --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
  --expect "proc: swap slots in use 0: ok")

# weensy_swap_ucas(NAME CPUS CMDLINE [ARGS...]): the swap program with ARGS.
# UCAS OS's swap test: 64 pages, four frames, every value read back twice,
# system calls copying from and to pages that are out (write, meminfo),
# then a fork whose child checks and changes pages shared copy-on-write
# (many of them out on the device for both), and the parent's values
# untouched after. The kernel checks itself at every fork, exit and reap.
function(weensy_swap_ucas name smp cmdline)
  set(args "")
  if(ARGN)
    list(JOIN ARGN " " args)
    set(args " -- ${args}")
  endif()
  weensy_qemu_test(${name} TIMEOUT 60 LABELS "swap;ucas"
    ARGS --smp ${smp} --cmdline "harness mm_check=always ${cmdline} init=swap${args}"
         --exit pass
         --expect "swap: [0-9]+ slots"
         --expect "swap: 64 pages, page-outs [1-9][0-9]*, page-ins [1-9][0-9]*, dropped clean [0-9]+"
         --expect "swap: pages 1 and 2 are out before the system calls"
         --expect "swap: this line was written from a page that was out"
         --expect "swap: every value read back right"
         --expect "proc: init exited with status 0"
         ${SWAP_CLEAN_END}
         --reject "${SWAP_REJECT}")
endfunction()
weensy_swap_ucas(ucas.swap 1 "frames=4 swap=ram:1M")
weensy_swap_ucas(swap.smp2 2 "frames=4 swap=ram:1M")
weensy_swap_ucas(swap.smp4 4 "frames=4 swap=ram:1M")
# The process sets its own limit (prlimit64, RLIMIT_RSS): no frames=.
weensy_swap_ucas(swap.rlimit 1 "swap=ram:1M" --limit 5)

# The device full: 400 pages do not fit in 256 slots with four frames; the
# process dies with the reason, the kernel goes on, every slot comes back.
weensy_qemu_test(swap.full TIMEOUT 60 LABELS swap
  ARGS --cmdline "harness frames=4 swap=ram:1M init=swap -- 400"
       --exit fail
       --expect "proc: pid 1 \\(swap\\) killed: out of memory \\(swap full\\) at address"
       --expect "proc: init killed by signal 9"
       ${SWAP_CLEAN_END}
       --reject "MISMATCH|LEAK|PANIC|EXCEPTION|mm_check \\(")

# No swap device: the program says so and fails; nothing else changes.
weensy_qemu_test(swap.none TIMEOUT 30 LABELS swap
  ARGS --cmdline "harness init=swap"
       --exit fail
       --expect "swap: no swap device"
       --reject "swap: [0-9]+ slots|PANIC|LEAK")

# The same on a virtio disk (a fresh image per test): the faults that wait
# for a read sleep while the others run.
weensy_qemu_test(swap.virtio TIMEOUT 60 LABELS "swap;blk"
  ARGS --disk 16M --smp 2 --cmdline "harness mm_check=always frames=4 swap=virtio init=swap"
       --exit pass
       --expect "swap: virtio0, 4096 pages"
       --expect "swap: 64 pages, page-outs [1-9][0-9]*, page-ins [1-9][0-9]*, dropped clean [0-9]+"
       --expect "swap: every value read back right"
       ${SWAP_CLEAN_END}
       --reject "${SWAP_REJECT}")

# Global pressure: mem=4M leaves about 590 pages for programs (swap=ram
# takes 2 MiB above the cap); 500 pages and a child that writes half of
# them do not fit: every space gives pages back in turn, and every value
# comes back right.
weensy_qemu_test(swap.pressure TIMEOUT 120 LABELS swap
  ARGS --cmdline "harness mm_check=always mem=4M swap=ram:2M init=swap -- 500"
       --exit pass
       --expect "swap: 500 pages, page-outs [1-9][0-9]*, page-ins [1-9][0-9]*, dropped clean [0-9]+"
       --expect "swap: every value read back right"
       ${SWAP_CLEAN_END}
       --reject "${SWAP_REJECT}")
weensy_qemu_test(swap.pressure.smp2 TIMEOUT 120 LABELS "swap;smp"
  ARGS --smp 2 --cmdline "harness mem=4M swap=ram:2M init=swap -- 500"
       --exit pass
       --expect "swap: every value read back right"
       ${SWAP_CLEAN_END}
       --reject "${SWAP_REJECT}")

# I/O errors (docs/block.md, blkfail=). Writes: the first three page-outs
# fail; those pages stay in memory and every value is still right. A read:
# the first slot (device page 0) is written but cannot be read back: the
# process dies with a bus error and the reason, the kernel goes on, and
# every slot and page comes back.
weensy_qemu_test(swap.ioerror.write TIMEOUT 60 LABELS "swap;blk"
  ARGS --disk 16M --cmdline "harness frames=4 swap=virtio blkfail=virtio0:3 init=swap"
       --exit pass
       --expect "swap: writing slot [0-9]+ failed\\x3b its page stays in memory"
       --expect "swap: every value read back right"
       ${SWAP_CLEAN_END}
       --reject "MISMATCH|LEAK|PANIC|EXCEPTION|killed")
weensy_qemu_test(swap.ioerror.read TIMEOUT 60 LABELS "swap;blk"
  ARGS --disk 16M --cmdline "harness frames=4 swap=virtio blkfail=virtio0:r@0 init=swap"
       --exit fail
       --expect "swap: reading slot 1 failed"
       --expect "proc: pid 1 \\(swap\\) killed by page fault: rip 0x[0-9a-f]+, address 0x[0-9a-f]+, not present, (read|write), I/O error reading it back from swap"
       --expect "proc: init killed by signal 7"
       ${SWAP_CLEAN_END}
       --reject "MISMATCH|LEAK|PANIC|EXCEPTION")

# Memory dumps taken under pressure (docs/memdump.md): a dump every
# tick while pages go out and come back; the host checker's rules hold
# in every one, swap's included (rule 8: slots named by swapped-out
# leaves, counts, cached pages never writable). The timer's dumps land
# where they land: on 2026-12-07, with fork and faults faster, a run had
# only two, both before any page was out, and no `swapped` line. So the
# program asks for one more itself (--dump) at a point where its child
# and it hold more pages than memory has. Whether a dump lands while one
# of the program's shared pages is out is still timing (at -smp 2, 12
# runs in 20 had one), so `segswapped` lines are not required here: the
# checker's host tests cover them (tests/host/memdump_check_test.py).
weensy_qemu_test(swap.memdump TIMEOUT 120 LABELS "swap;memdump"
  ARGS --cmdline "harness mem=4M swap=ram:2M memdump=1 init=swap -- --dump 500"
       --exit pass
       --expect "swap: every value read back right"
       --expect "memdump: swapped [0-9]+ 0x[0-9a-f]+ [0-9]+"
       ${SWAP_CLEAN_END}
       --reject "${SWAP_REJECT}"
       --check "${MEMDUMP_CHECK} --min-dumps 2")

# Read-ahead (docs/swap.md): 512 pages sent out with MADV_PAGEOUT and read
# back in address order come back in at most one read and one fault per 8
# pages, every value right; then scattered, every value right. On the
# virtio disk (requests of many pages) and the RAM disk, and with a frame
# limit, where the pages mapped with a fault stop at the limit (a fault
# for every page).
set(SWAP_AHEAD_EXPECT
  --exit pass
  --expect "swapahead: 512 pages read back in order: 512 page-ins in [0-9]+ reads, [0-9]+ faults"
  --expect "swapahead: 512 pages read back 97 apart: [0-9]+ page-ins in [0-9]+ reads, [0-9]+ faults"
  --expect "swapahead: every value read back right"
  ${SWAP_CLEAN_END} --reject "${SWAP_REJECT}")
weensy_qemu_test(swap.ahead.virtio TIMEOUT 60 LABELS swap
  ARGS --disk 16M --cmdline "harness mm_check=always swap=virtio init=swapahead" ${SWAP_AHEAD_EXPECT})
weensy_qemu_test(swap.ahead.ram TIMEOUT 60 LABELS swap
  ARGS --smp 2 --cmdline "harness mm_check=always swap=ram:4M init=swapahead" ${SWAP_AHEAD_EXPECT})
weensy_qemu_test(swap.ahead.limit TIMEOUT 60 LABELS swap
  ARGS --cmdline "harness mm_check=always swap=ram:4M init=swapahead -- --limit 16"
       --exit pass
       --expect "swapahead: 512 pages read back in order: 51[0-9] page-ins in [0-9]+ reads, (51[2-9]|5[2-9][0-9]) faults"
       --expect "swapahead: every value read back right"
       ${SWAP_CLEAN_END} --reject "${SWAP_REJECT}")
# A page that cannot be read inside a window: its whole request fails,
# the faulting page (read alone again) and the pages before the bad one
# come back right, and the process dies at the bad one (slot 21, page 20
# of the area), with every slot and page back.
weensy_qemu_test(swap.ahead.ioerror TIMEOUT 60 LABELS "swap;blk"
  ARGS --disk 16M --cmdline "harness swap=virtio blkfail=virtio0:r@20 init=swapahead"
       --exit fail
       --expect "swap: reading slot 21 failed"
       --expect "proc: pid 1 \\(swapahead\\) killed by page fault: rip 0x[0-9a-f]+, address 0x[0-9a-f]+, not present, read, I/O error reading it back from swap"
       --expect "proc: init killed by signal 7"
       ${SWAP_CLEAN_END}
       --reject "MISMATCH|LEAK|PANIC|EXCEPTION")
# Read-ahead under global pressure: twice the machine's pages written,
# then checked and rewritten in order; the second pass reads each page
# about once (a fault that had read its page used to reclaim before
# mapping it, dropping the pages read ahead with it as orphans: 1.44
# page-ins per page).
set(SWAP_AHEAD_PRESSURE
  --exit pass
  --expect "swapahead: [0-9]+ pages under pressure, second pass: [0-9]+ page-ins in [0-9]+ reads, [0-9]+ dropped clean"
  --expect "swapahead: every value read back right"
  ${SWAP_CLEAN_END} --reject "${SWAP_REJECT}")
weensy_qemu_test(swap.ahead.pressure TIMEOUT 90 LABELS swap
  ARGS --cmdline "harness mem=4M swap=ram:16M init=swapahead -- --pressure" ${SWAP_AHEAD_PRESSURE})
weensy_qemu_test(swap.ahead.pressure.smp2 TIMEOUT 90 LABELS "swap;smp"
  ARGS --smp 2 --cmdline "harness mem=8M swap=ram:16M init=swapahead -- --pressure" ${SWAP_AHEAD_PRESSURE})
