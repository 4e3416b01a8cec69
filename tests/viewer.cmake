# The memory viewer (inspect/viewer/, docs/viewer.md). userland/tests/viewertest
# runs four processes that map pages at the same virtual addresses and print
# where each landed; scripts/viewer-check reads the viewer's text snapshots
# from the serial log and checks the picture against those lines. Once the
# check has a snapshot to read, the test sends a newline: viewertest kills
# its children and exits 0, and the kernel's end-of-run page check decides
# PASS (so the viewer must not leak or pin a page either).
set(VIEWER_CHECK "${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/viewer-check")
set(VIEWER_READY "viewertest: ready[\\s\\S]*viewer: snapshot end=\\n")

# Periodic snapshots (every 50 ticks) of the VGA text screen, mem=3M: the
# WeensyOS picture, 12 physical rows. (It was mem=2M, 8 rows, until the
# file system: the Debug kernel, ktests and lock checking in, grew by 19
# pages and the initrd by 3, and five processes no longer fit in what was
# left.)
weensy_qemu_test(viewer.snapshot LABELS viewer
  ARGS --cmdline "harness mem=3M viewer viewer_snapshot=50 init=viewertest"
       --send "${VIEWER_READY}"
       --expect "viewer: refresh [0-9]+ cycles"
       --check "${VIEWER_CHECK} {log}"
       --reject "PANIC|EXCEPTION")

# The same on the UEFI framebuffer (a larger grid of cells).
weensy_qemu_test(viewer.snapshot.uefi TIMEOUT 120 LABELS viewer
  ARGS --fw uefi --cmdline "harness mem=3M viewer viewer_snapshot=50 init=viewertest"
       --send "${VIEWER_READY}"
       --expect "boot: console framebuffer"
       --check "${VIEWER_CHECK} {log}"
       --reject "PANIC|EXCEPTION")

# The keys, typed on the serial port, each followed by 's' for a snapshot:
# p pins the process shown, n moves to the next one, j and k scroll the
# physical map (mem=16M: 64 rows, more than a screen), v gives the screen
# back to the console and v again takes it back, still pinned. Each step
# waits for the previous step's snapshot, counting "snapshot end" lines.
set(VIEWER_ENDS "viewertest: ready")
set(VIEWER_KEY_STEPS "")
foreach(keys s ps ns js ks vs vs \\n)
  list(APPEND VIEWER_KEY_STEPS --send "${VIEWER_ENDS}=${keys}")
  string(APPEND VIEWER_ENDS "[\\s\\S]*viewer: snapshot end")
endforeach()
weensy_qemu_test(viewer.keys LABELS viewer
  ARGS --cmdline "harness mem=16M viewer init=viewertest"
       ${VIEWER_KEY_STEPS}
       --expect "viewer: pinned pid [0-9]+"
       --expect "viewer: showing pid [0-9]+ \\[pinned\\]"
       --expect "viewer: hidden, console back"
       --check "${VIEWER_CHECK} --keys {log}"
       --reject "PANIC|EXCEPTION")

# In-kernel tests (inspect/viewer/viewer_test.c): the symbol rule, colours
# and reverse video (which snapshots cannot show), start/draw/stop.
weensy_qemu_test(viewer.unit LABELS viewer
  ARGS --cmdline "test=viewer_*"
       --expect "ktest: 3 passed, 0 failed"
       --reject "PANIC")
