# ELF validation and the initrd reader (proc/elf_test.c, kernel/initrd_test.c).
# One boot runs every elf_* and initrd_* ktest: a small valid ELF image and
# one broken copy per rule elf_parse() enforces, every program in the real
# initrd, lookups in the initrd, and ustar archives broken in each way a
# header can be bad (none of which may crash the kernel).
set(ELF_KTESTS 39)   # the number of elf_* and initrd_* ktests; update when adding one

weensy_qemu_test(elf.unit LABELS elf
  ARGS --cmdline "test=elf_*,initrd_*"
       --expect "ktest: ${ELF_KTESTS} passed, 0 failed"
       --expect "initrd: [0-9]+ programs?, [0-9]+ KiB"
       --expect "elf_test: hello: entry 0x[0-9a-f]+, 3 segments"
       --reject "PANIC")
