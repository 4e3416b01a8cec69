# Virtual memory, tested from user space: each entry boots the ISO with
# vmtests (userland/bin/vmtests) as init, running the named tests. vmtests
# returns 0 only if they all passed; the kernel then kills and reaps
# whatever is left, checks that every page came back ("proc: free pages
# ...: ok") and ends QEMU with PASS. mm_check=always makes the kernel
# cross-check its memory bookkeeping (rule 6 included: leaves agree with
# areas) after every fork, exit, reap and kill; vmtests also calls it after
# every test.
#
# To run one test by hand:
#   scripts/run --headless --exit-device --cmdline "harness init=vmtests -- cow"

set(VMTESTS_REJECT "FAILED|PANIC|LEAK|EXCEPTION")

# weensy_vmtests(NAME [TIMEOUT s] [RARE_CHECKS] [CMDLINE options]
#                TESTS name... [ARGS ...]):
# boot with "harness mm_check=always OPTIONS init=vmtests -- TESTS" and
# require all of TESTS to pass, init to exit with 0 and no page to be lost.
# RARE_CHECKS leaves mm_check=always out (the kernel then checks itself
# only when asked, at the end and when vmtests calls mm_check). ARGS go to
# scripts/qemu-test as well.
function(weensy_vmtests name)
  cmake_parse_arguments(V "RARE_CHECKS" "TIMEOUT;CMDLINE" "TESTS;ARGS" ${ARGN})
  if(NOT V_TIMEOUT)
    set(V_TIMEOUT 30)
  endif()
  set(checks "mm_check=always ")
  if(V_RARE_CHECKS)
    set(checks "")
  endif()
  list(LENGTH V_TESTS count)
  list(JOIN V_TESTS " " tests)
  weensy_qemu_test(vm.${name} TIMEOUT ${V_TIMEOUT} LABELS vm
    ARGS --cmdline "harness ${checks}${V_CMDLINE} init=vmtests -- ${tests}"
         --expect "vmtests: ${count} passed, 0 failed"
         --expect "proc: init exited with status 0"
         --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
         --reject "${VMTESTS_REJECT}"
         ${V_ARGS})
endfunction()

# The kernel's line for a process killed by a fault it checks.
set(VMKILL "proc: pid [0-9]+ \\(vmtests\\) killed by page fault: rip 0x[0-9a-f]+, address")

# Demand paging and the errors: 1 GiB and 64 GiB cost nothing until
# touched, then exactly the pages and page tables touched; every refusal of
# mmap/munmap/mprotect/brk/shm*; page_alloc as a one-page area; brk.
weensy_vmtests(lazy TESTS lazy errors shmerrors pagealloc brk
  ARGS --expect "${VMKILL} 0x400010003000, not present, read, outside any mapped area"
       --expect "${VMKILL} 0x700000000, not present, read, not allowed"
       --expect "${VMKILL} 0x600000000, protection, write, not allowed"
       --expect "${VMKILL} 0x4[0-9a-f]{5}, not present, write, outside any mapped area")

# munmap gives back the page-table pages it empties (the contract of issue
# 6: "munmap -> count back"). Kept apart: the other tests accept either.
weensy_vmtests(tables TESTS tables)

# Splitting areas: munmap and mprotect on parts of areas and across two,
# MAP_FIXED over what is there, hints, PROT_NONE, no-execute; at the limit
# of areas, what would split one fails and whole ones still go.
weensy_vmtests(areas TESTS split fixed mprotect arealimit
  ARGS --expect "${VMKILL} 0x100003000, not present, read, outside any mapped area"
       --expect "${VMKILL} 0x100016000, protection, write, not allowed"
       --expect "${VMKILL} 0x140001000, protection, write, not allowed"
       --expect "${VMKILL} 0x200002000, protection, write, not allowed"
       --expect "${VMKILL} 0x200000000, protection, read, not allowed"
       --expect "proc: pid [0-9]+ \\(vmtests\\) killed by page fault: rip 0x200004000, address 0x200004000, protection, fetch")

# mremap: shorter, longer in place, moved with its pages and no copy,
# MREMAP_FIXED, the errors; a moved copy-on-write page stays shared with
# the fork, a moved file mapping shows the file. The moved-from pages
# fault afterwards, at 1 and 2 CPUs (the move's flush reaches the other).
weensy_vmtests(mremap TESTS mremap
  ARGS --expect "${VMKILL} 0x180002000, not present, read, outside any mapped area")
weensy_vmtests(mremap.smp2 TESTS mremap
  ARGS --smp 2 --expect "${VMKILL} 0x180002000, not present, read, outside any mapped area")

# Copy-on-write fork: what a fork costs, reference counts, one copy per
# first write, none for the last holder, kernel writes into shared pages;
# three generations.
weensy_vmtests(cow TESTS cow cowchain
  ARGS --expect "vmtests: cow: a fork costs [0-9]+ pages")

# Shared memory: MAP_SHARED across fork (the consensus counters, pages
# first touched after the fork), segments found by key, a segment that
# outlives its creator, IPC_RMID and the lifetime rule, SHM_RDONLY; a
# read-only attachment that mprotect cannot make writable (maxprot).
weensy_vmtests(shm TESTS consensus sharedlazy shmkey shmsurvive shmrmid shmrdonly
  ARGS --expect "${VMKILL} 0x7f[0-9a-f]+, protection, write, not allowed"
       --expect "${VMKILL} 0x320002000, protection, write, not allowed"
       --expect "${VMKILL} 0x320003000, protection, write, not allowed"
       --expect "${VMKILL} 0x320000000, protection, write, not allowed")

# The stack grows on demand to 8 MiB; the 1 MiB below is a guard gap.
weensy_vmtests(stack TESTS stack stackoverflow
  ARGS --expect "${VMKILL} 0x7fffff7fefff, not present, read, stack overflow"
       --expect "${VMKILL} 0x7fffff7fe[0-9a-f]+, not present, write, stack overflow")

# Out of memory in a page fault kills the faulting process only; with no
# memory left, page_alloc, MAP_FIXED, mprotect and munmap that cannot be
# completed change nothing (oomfixed). mem=2M
# leaves the tests a few dozen pages (the initrd's programs take their
# share of those 2 MiB): enough for oom, whose child dies on its first
# pages; oomcow needs room for a fork as well: mem=3M. Then 256 MiB.
set(VMOOM "proc: pid [0-9]+ \\(vmtests\\) killed: out of memory at address 0x100[0-9a-f]+ \\(page fault")
weensy_vmtests(oom.2M CMDLINE "mem=2M" TESTS oom
  ARGS --expect "${VMOOM}")
weensy_vmtests(oom.3M CMDLINE "mem=3M" TESTS oom oomcow oomfixed
  ARGS --expect "${VMOOM}(.|\\n)*${VMOOM}")
weensy_vmtests(oom TIMEOUT 60 TESTS oom oomcow oomfixed
  ARGS --expect "${VMOOM}(.|\\n)*${VMOOM}")

# A system call writing into a copy-on-write page: read() from the console
# into a page a fork shares, into a page never touched, and across the two
# in one call. The child asks for each line; the runner types it.
weensy_vmtests(readcow TESTS readcow
  ARGS --send "readcow: waiting for input 1=hello\\n"
       --send "readcow: waiting for input 2=lazy\\n"
       --send "readcow: waiting for input 3=across\\n")

# Random steps against a model the test keeps (random.c): mmap (private or
# shared, of anonymous memory or of a /tmp file, fixed or at a hint),
# munmap, mprotect, reads and writes, pread and pwrite of the file,
# accesses that must fault (SIGSEGV, or SIGBUS past the file's end), and
# forks whose child checks everything, all in a 64-page window; the file
# line says its steps were taken. A failure names the step; "random:SEED:STEPS:v" replays
# it step by step. Seed 12345 with the kernel checking itself at every
# fork, exit and reap, another seed for more steps with the kernel's check
# every 25 steps only. 64 MiB, because mm_check=always costs in proportion
# to memory (256 MiB: three times as long). Measured under TCG on a 2-CPU
# host: 6 s and 7.5 s at a load average of 2, 8-13 s and 11-15 s at 4.
set(VMRANDOM_FILE "vmtests: random: file: mmap [1-9][0-9]*, EACCES [1-9][0-9]* \\(mmap and mprotect\\), pread/pwrite [1-9][0-9]*, SIGBUS [1-9]")
weensy_vmtests(random TIMEOUT 60 TESTS random:12345:3000
  ARGS --mem 64M --expect "vmtests: random: seed 12345, 3000 steps" --expect "${VMRANDOM_FILE}")
weensy_vmtests(random.long TIMEOUT 60 RARE_CHECKS TESTS random:2024:12000
  ARGS --mem 64M --expect "vmtests: random: seed 2024, 12000 steps" --expect "${VMRANDOM_FILE}")

# The area limit (limits.c): 65530 one-page areas that cannot merge (Linux's
# vm.max_map_count), then one more is ENOMEM, and so is every MAP_FIXED,
# mprotect or munmap that would leave more (with the area it would have
# split untouched); lookups among them still work; all are unmapped and
# their records given back.
weensy_vmtests(limit TIMEOUT 60 TESTS arealimit
  ARGS --expect "vmtests: arealimit: 655[0-9]+ areas made, then -12"
       --expect "${VMKILL} 0x40000001000, not present, read, not allowed")

# The same random model test with a frame limit and a swap device: pages
# go out and come back under every step, and every value read back matches
# the model (reference counts and the free count are not compared: a page
# may be out on the device, docs/swap.md).
weensy_vmtests(random.swap TIMEOUT 90 CMDLINE "frames=8 swap=ram:4M" TESTS random:12345:3000
  ARGS --mem 64M --expect "vmtests: random: seed 12345, 3000 steps"
       --expect "proc: swap slots in use 0: ok \\(page-outs [1-9]")
# And under global pressure: mem=2304K leaves about 160 pages free before
# init for the test's window, its segments, its file (about 10 pages of
# tmpfs, which stay in memory) and its forks, so every space gives pages
# back in turn, shared memory's included (this found a segment's page
# brought back with a process's kind); the clock also unmaps shared pages
# (the file's too) not used lately, which a read then faults back in with
# fault-around (so the model syncs each page just before its check). At 2
# CPUs mem=2560K: at 2304K a fork child there ran out of memory (swap
# full) in 1 run of 3.
weensy_vmtests(random.pressure TIMEOUT 120 CMDLINE "mem=2304K swap=ram:2M" TESTS random:12345:3000
  ARGS --expect "vmtests: random: seed 12345, 3000 steps"
       --expect "proc: swap slots in use 0: ok \\(page-outs [1-9]")
weensy_vmtests(random.pressure.smp2 TIMEOUT 120 CMDLINE "mem=2560K swap=ram:2M" TESTS random:777:3000
  ARGS --smp 2 --expect "vmtests: random: seed 777, 3000 steps"
       --expect "proc: swap slots in use 0: ok \\(page-outs [1-9]")
