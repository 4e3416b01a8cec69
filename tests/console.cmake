# The screen console as a terminal (kernel/console/, docs/console.md): the
# escape sequences, fed through screen_write and read back from the cells,
# and the text snapshot of the screen on the log; on VGA text (BIOS) and on
# the framebuffer (UEFI).
set(CONSOLE_NL "\\r?\\n")
set(CONSOLE_SNAPSHOT
  "screen: begin ktest [0-9]+x[0-9]+${CONSOLE_NL}"
  "screen: \\|first line\\|${CONSOLE_NL}"
  "screen: \\|  indented {19}rev\\|${CONSOLE_NL}"
  "screen: \\|\\|${CONSOLE_NL}"
  "screen: \\|\\|${CONSOLE_NL}"
  "screen: \\|  at row 5\\?\\|${CONSOLE_NL}"
  "(screen: \\|\\|${CONSOLE_NL})+"
  "screen: end")
string(JOIN "" CONSOLE_SNAPSHOT ${CONSOLE_SNAPSHOT})

foreach(fw bios uefi)
  if(fw STREQUAL "bios")
    set(kind "vga-text 80x25")
  else()
    set(kind "framebuffer")
  endif()
  weensy_qemu_test(console.ansi.${fw} TIMEOUT 90 LABELS console
    ARGS --fw ${fw} --cmdline "test=ansi_*"
         --expect "boot: console ${kind}"
         --expect "ktest: 11 passed, 0 failed"
         --reject "PANIC|EXCEPTION")
  weensy_qemu_test(console.snapshot.${fw} TIMEOUT 90 LABELS console
    ARGS --fw ${fw} --cmdline "test=console_snapshot"
         --expect "boot: console ${kind}"
         --expect "${CONSOLE_SNAPSHOT}"
         --expect "ktest: 1 passed, 0 failed"
         --reject "PANIC|EXCEPTION")
endforeach()
