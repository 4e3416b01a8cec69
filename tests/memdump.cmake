# Memory dumps (docs/memdump.md): the kernel writes them (inspect/memdump.c),
# scripts/memdump-check checks them on the host.
#
# The programs run under mem=4M, not 2M: GRUB puts the initrd below 2 MiB,
# so every program in it takes pages from a mem=2M machine (73 are managed
# now), too few for four processes. dumpme is one program with three modes
# for the same reason.

# The checker against hand-written dumps: each rule fails alone, a clean
# dump passes. No QEMU.
add_test(NAME memdump.checker
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/host/memdump_check_test.py)
set_tests_properties(memdump.checker PROPERTIES LABELS "host;memdump" TIMEOUT 60)

set(MEMDUMP_CHECK "${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/memdump-check {log}")

# Two processes, both dumping through the system call: the code page is one
# physical page in both (plus the program cache's hold); the stack and heap
# pages sit at the same addresses on different physical pages.
weensy_qemu_test(memdump.dumpme LABELS memdump
  ARGS --cmdline "harness mem=4M init=dumpme"
       --expect "dumpme: code 0x400000 stack 0x7fffffffe000 heap 0x10000000"
       --expect "dumpme: done"
       --check "${MEMDUMP_CHECK} --min-dumps 2 --procs 2 --shared 0x400000 --same-va-distinct 0x7fffffffe000 --same-va-distinct 0x10000000")

# Four processes take turns allocating until memory is full: each ends up
# with pages all over physical memory, not in a quarter of it.
weensy_qemu_test(memdump.full LABELS memdump
  ARGS --cmdline "harness mem=4M init=dumpme -- full"
       --expect "dumpme: full, 0 pages free"
       --check "${MEMDUMP_CHECK} --full 0 --procs 4 --beyond-split 4 --shared 0x400000 --same-va-distinct 0x20000000 --same-va-distinct 0x7fffffffe000")

# Dumps from the timer every 20 ticks while children fill memory, sleep and
# exit, twice; pid 1 alone must always see the same number of free pages.
weensy_qemu_test(memdump.timer LABELS memdump
  ARGS --cmdline "harness mem=4M memdump=20 init=dumpme -- cycle"
       --expect "dumpme: 2 rounds done"
       --expect "memdump: begin seq=[0-9]+ why=timer"
       --check "${MEMDUMP_CHECK} --min-dumps 4 --baseline-when-alone 1")

# The key m (key commands on with "keys") asks for a dump at the next tick
# where no process is half-way through kernel work.
weensy_qemu_test(memdump.key LABELS memdump
  ARGS --cmdline "harness mem=4M keys init=dumpme -- cycle 1000"
       --send "dumpme: pid [0-9]+ took=m"
       --expect "memdump: begin seq=[0-9]+ why=key"
       --check "${MEMDUMP_CHECK} --baseline-when-alone 1")
