# What a user program cannot do to the machine (docs/security.md): each
# test here failed before the fix it guards.

# No harness, no debugcalls: the debugging calls, test_exit and reboot
# from anyone but the first process are refused; the first process then
# powers the machine off through reboot, after the kernel's page check.
weensy_qemu_test(security.privileged LABELS security
  ARGS --cmdline "init=privtest" --exit poweroff
       --expect "privtest: ok"
       --expect "proc: pid 1 asked to power off the machine"
       --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
       --reject "FAILED|PANIC|LEAK")

# The shell's machine commands: only its first instance may use them.
weensy_qemu_test(security.shell_reboot LABELS security shell
  ARGS --cmdline= --exit reset --in-order
       --send "weensy\\$ =sh\\n"
       --send "weensy\\$ =reboot\\n"
       --send "weensy\\$ =exit\\n"
       --send "weensy\\$ =reboot\\n"
       --expect "reboot: Operation not permitted \\(only the first process may end the machine\\)"
       --expect "proc: pid 1 asked to restart the machine"
       --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
       --expect "machine: restarting")

# NMIs land anywhere, also between `syscall` and its swapgs and between the
# swapgs before `sysret` and the sysret, where CS says kernel but GS is the
# user's: the paranoid entry decides from the GS base (vectors.asm). QEMU's
# monitor sends 60 NMIs while usertests makes system calls back to back;
# before that entry, one landing in a window ran the kernel on the user's GS
# base and brought it down.
set(NMI_STEPS "")
foreach(i RANGE 1 60)
  list(APPEND NMI_STEPS --monitor "usertests: nmi: go=nmi")
endforeach()
weensy_usertests(nmi TESTS nmi
  ARGS ${NMI_STEPS}
       --expect "trap: [0-9]+ NMIs on CPU 0 so far, ignored"
       --expect "usertests: nmi: [0-9]+ system calls")
