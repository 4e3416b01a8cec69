# The kernel log kept in memory (kernel/kmsg.h, docs/usb-boot.md): the
# ring wraps keeping the newest lines whole, and holds what kprintf said.
# The shell's dmesg and the F2 pager are in tests/shell.cmake, busybox
# dmesg in tests/linux.cmake.
weensy_qemu_test(kmsg.ring LABELS kmsg
  ARGS --cmdline "test=kmsg_*"
       --expect "ktest: kmsg_ring_wraps ok"
       --expect "ktest: kmsg_keeps_kprintf ok"
       --reject "no log kept")
