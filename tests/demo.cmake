# The WeensyOS workloads (proc/demo.c, userland/bin/{allocator,fork,forkexit}.c)
# under periodic memory dumps (docs/memdump.md), each checked on the host by
# scripts/memdump-check; the screen checked against a dump by
# scripts/viewer-dump-check; the keys a/f/e/q sent over serial. All at
# mem=2M, WeensyOS's machine.
set(DEMO_CHECK "${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/memdump-check {log}")
set(DEMO_SCREEN "${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/viewer-dump-check {log}")

# Four allocators fill memory. Once all four have run out and a periodic
# dump has been taken (however fast memory filled), the key m takes a
# dump and s a snapshot of the screen, then q powers off. Every dump obeys
# the rules; by the last one memory is full, each allocator owns pages
# outside a fixed quarter of memory, and the four stacks are one virtual
# address on four physical pages; the screen shows what the dump says.
weensy_qemu_test(demo.allocators TIMEOUT 90 LABELS demo
  ARGS --cmdline "harness mem=2M demo=allocators memdump=3 mm_check=always"
       --send "(?s)(allocator: pid \\d+ out of memory.*){4}="
       --send "(?s)why.timer.*memdump: end=m"
       --send "(?s)why.key.*memdump: end=s"
       --send "(?s)why.key.*viewer: snapshot end=q"
       --exit poweroff
       --expect "demo: starting allocators"
       --expect "demo: q pressed, powering off"
       --reject "PANIC|LEAK"
       --check "${DEMO_CHECK} --min-dumps 2 --full 0 --beyond-split 4 --same-va-distinct 0x7fffffffe000"
       --check "${DEMO_SCREEN}")

# One process forks into four allocators: the code is one physical page
# shared by all four (refcount 4 + the program cache's), and so on. As
# above, m waits for the four to run out and for a periodic dump.
weensy_qemu_test(demo.fork TIMEOUT 90 LABELS demo
  ARGS --cmdline "harness mem=2M demo=fork memdump=3 mm_check=always"
       --send "(?s)(allocator: pid \\d+ out of memory.*){4}="
       --send "(?s)why.timer.*memdump: end=m"
       --send "(?s)why.key.*memdump: end=q"
       --exit poweroff
       --reject "PANIC|LEAK|fork failed"
       --check "${DEMO_CHECK} --min-dumps 2 --full 0 --shared 0x400000 --same-va-distinct 0x7fffffffe000")

# Waves of processes that fork, allocate, check their data and exit at
# random; memory fills and drains. Whenever the first process is alone the
# free count is the same; no data check fails; demo_ticks ends the run with
# the kernel's page check.
weensy_qemu_test(demo.forkexit TIMEOUT 120 LABELS demo
  ARGS --cmdline "harness mem=2M demo=forkexit demo_ticks=1500 memdump=5 mm_check=always"
       --expect "forkexit: wave 5 done"
       --expect "proc: free pages .*: ok"
       --reject "PANIC|LEAK|DATA CHECK FAILED"
       --check "${DEMO_CHECK} --min-dumps 20 --baseline-when-alone 1")

# The keys: e, a, f and q each do what they say, each switch a clean restart
# (every process ends, the page check passes, the new workload starts).
weensy_qemu_test(demo.keys TIMEOUT 90 LABELS demo
  ARGS --cmdline "harness mem=2M demo=forkexit"
       --send "forkexit: wave 2 done=a"
       --send "demo: starting allocators=f"
       --send "demo: starting fork \\(=e"
       --send "(?s)starting fork \\(.*starting forkexit.*forkexit: wave 1 done=q"
       --exit poweroff
       --expect "(?s)switching to allocators.*free pages .*: ok.*starting allocators.*switching to fork.*ok.*starting fork \\(.*switching to forkexit.*ok.*starting forkexit.*q pressed"
       --reject "PANIC|LEAK|DATA CHECK FAILED")

# Two pagers on WeensyOS's machine with a swap device (docs/swap.md): each
# takes 100 pages, more than mem=2M holds for both, then goes round them,
# checking and rewriting each. Pages go out and come back all the time:
# the dumps obey every rule (swap's too), the screen shows the swap count,
# and no value is ever lost. (The screen is not compared with a dump: the
# pagers never stop, so memory changes between the two.)
weensy_qemu_test(demo.swap TIMEOUT 90 LABELS "demo;swap"
  ARGS --cmdline "harness mem=2M swap=ram:1M demo=swap memdump=3 mm_check=always"
       --send "(?s)(pager: pid \\d+ has 100 pages.*){2}="
       --send "(?s)going round them.*why.timer.*memdump: end=m"
       --send "(?s)why.key.*memdump: end=s"
       --send "(?s)why.key.*viewer: snapshot end=q"
       --exit poweroff
       --expect "demo: starting swap \\(2 x pager\\)"
       --expect "memdump: swapped [0-9]+ 0x[0-9a-f]+ [0-9]+"
       --expect "viewer\\| free [0-9]+/[0-9]+ pages \\| swap [1-9][0-9]*/256"
       --expect "demo: q pressed, powering off"
       --reject "PANIC|LEAK|MISMATCH|killed"
       --check "${DEMO_CHECK} --min-dumps 2")
