# Foundation tests (issue 2): boot in every firmware/medium combination, the
# console kind, the exception reports, serial input, the memory summary.

foreach(fw bios uefi)
  foreach(media cd usb)
    if(fw STREQUAL "bios")
      set(kind "vga-text 80x25")
      set(firmware BIOS)
    else()
      set(kind "framebuffer")
      set(firmware UEFI)
    endif()
    weensy_qemu_test(boot.${fw}.${media} TIMEOUT 90 LABELS boot
      ARGS --fw ${fw} --media ${media} --cmdline "test=boot_console_matches_firmware"
           --expect "weensy: ready"
           --expect "boot: console ${kind}"
           --expect "firmware ${firmware}"
           --reject "PANIC|EXCEPTION")
  endforeach()
endforeach()

# The exception reports: each fault is provoked in the kernel, caught, and
# its report must name the exception, the address and the function.
weensy_qemu_test(trap.reports LABELS boot
  ARGS --cmdline "test=trap_page_fault,trap_invalid_opcode,trap_general_protection"
       --expect "EXCEPTION #PF page fault \\(vector 14\\) in kernel mode, error code 0x0: page not present, read, kernel mode"
       --expect "cr2 ffffa000dead0000 \\(the faulting address\\)"
       --expect "EXCEPTION #UD invalid opcode \\(vector 6\\)"
       --expect "rip [0-9a-f]+ <trap_test_ud\\+0x[0-9a-f]+>"
       --expect "EXCEPTION #GP general protection fault \\(vector 13\\).*error code 0x0"
       --expect "#0 [0-9a-f]+ ktest_fn_trap_general_protection\\+0x"
       --expect "ktest: 3 passed, 0 failed")
