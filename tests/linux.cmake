# What unmodified Linux programs need from the processor (issue 17,
# docs/linux-abi.md). Label `linux`: `scripts/test -L linux`.
#
# fputest: every thread's x87, SSE and AVX registers are its own: six
# processes, then four threads of one process, each with registers of its
# own, yield 300 times and check them all after each yield; a child starts
# with its parent's registers; exec starts a program in the starting state;
# an unmasked x87 divide by zero kills only that thread, with SIGFPE; page
# faults that clear and copy pages leave the registers alone. At
# 1, 2 and 4 CPUs, the kernel checking itself at every fork, exit and reap.
set(FPUTEST_EXPECT
  --exit pass
  --expect "fpu: (xsave|fxsave) x87 sse"
  --expect "fputest: math: .*: ok"
  --expect "fputest: hold: every process's registers held across its yields: ok"
  --expect "fputest: hold: 4 threads of one process, each with its own registers: ok"
  --expect "fputest: faults: registers held across page faults that clear and copy pages: ok"
  --expect "fputest: fork: the child starts with its parent's registers and MXCSR: ok"
  --expect "fputest: exec: the new program starts with MXCSR 0x1f80, FCW 0x37f, xmm15 zero: ok"
  --expect "fputest: sigfpe: an unmasked x87 divide by zero kills the thread with SIGFPE: ok"
  --expect "fputest: all passed"
  --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
  --reject "FAILED|PANIC|LEAK")
weensy_qemu_test(linux.fpu TIMEOUT 120 LABELS linux
  ARGS --cmdline "harness mm_check=always init=fputest" ${FPUTEST_EXPECT})
weensy_qemu_test(linux.fpu.smp2 TIMEOUT 120 LABELS "linux;smp"
  ARGS --smp 2 --cmdline "harness mm_check=always init=fputest -- 8 300" ${FPUTEST_EXPECT})
weensy_qemu_test(linux.fpu.smp4 TIMEOUT 120 LABELS "linux;smp"
  ARGS --smp 4 --cmdline "harness mm_check=always init=fputest -- 12 300" ${FPUTEST_EXPECT})
# The kernel clearing and copying pages with the user's vector registers
# (arch/x86_64/page_move.c), each way forced: every fault of fputest's
# must leave them as they were, at 1 and 2 CPUs.
weensy_qemu_test(linux.fpu.pages.avx TIMEOUT 120 LABELS linux
  ARGS --cmdline "harness mm_check=always page_move=avx init=fputest" ${FPUTEST_EXPECT}
       --expect "page_move: clear with avx, copy with avx")
weensy_qemu_test(linux.fpu.pages.avx.smp2 TIMEOUT 120 LABELS "linux;smp"
  ARGS --smp 2 --cmdline "harness mm_check=always page_move=avx init=fputest -- 8 300" ${FPUTEST_EXPECT}
       --expect "page_move: clear with avx, copy with avx")
weensy_qemu_test(linux.fpu.pages.sse.smp2 TIMEOUT 120 LABELS "linux;smp"
  ARGS --smp 2 --cmdline "harness mm_check=always page_move=sse init=fputest -- 8 300" ${FPUTEST_EXPECT}
       --expect "page_move: clear with sse, copy with sse")
# Without XSAVE (a CPU model that has only FXSAVE): the same with the
# 512-byte FXSAVE area.
weensy_qemu_test(linux.fpu.fxsave TIMEOUT 120 LABELS linux
  ARGS --cpu qemu64 --smp 2 --cmdline "harness init=fputest" ${FPUTEST_EXPECT}
       --expect "fpu: fxsave x87 sse, 512 bytes per thread")

# Static Linux programs, unchanged, on weensy-linux.iso (userland/linux:
# built with musl-gcc; Debian's busybox): each runs as the first process,
# and scripts/linux-check compares what it printed and its exit status
# with the same binary run on this host. A kernel line among its output is
# a difference too, except the "syscall: NAME (NR) not implemented"
# reports (docs/linux-abi.md lists the calls weensy lacks).
set(LINUX_ISO ${CMAKE_BINARY_DIR}/weensy-linux.iso)
set(LINUX_CHECK "${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/linux-check {log}")
function(weensy_linux_test name smp init host)
  list(JOIN ARGN " " extra)
  weensy_qemu_test(linux.${name} TIMEOUT 120 ISO ${LINUX_ISO} LABELS linux
    ARGS --smp ${smp} --cmdline "harness init=${init}"
         --expect "proc: init exited with status"
         --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
         --reject "PANIC|LEAK|EXCEPTION"
         --check "${LINUX_CHECK} ${extra} -- ${host}")
endfunction()
foreach(prog hello floats mallocs strings jumps pipes calls sendfile)
  weensy_linux_test(musl.${prog} 1 musl-${prog} ${WEENSY_MUSL_DIR}/musl-${prog})
endforeach()
weensy_linux_test(musl.threads 1 musl-threads ${WEENSY_MUSL_DIR}/musl-threads)
# signals: handlers with siginfo, masks, SA_RESETHAND/NODEFER/ONSTACK/RESTART,
# SIGSEGV left by siglongjmp, SIGCHLD, SIGPIPE, alarm, EINTR (docs/linux-abi.md).
foreach(smp 1 2 4)
  weensy_linux_test(musl.signals.smp${smp} ${smp} musl-signals ${WEENSY_MUSL_DIR}/musl-signals)
endforeach()
weensy_linux_test(musl.threads.smp4 4 musl-threads ${WEENSY_MUSL_DIR}/musl-threads)
# busybox: shell pipelines and applets, file work in /tmp, md5sum of an
# initrd file (the host sums the same file).
weensy_linux_test(busybox.pipeline 1 "busybox -- sh /linux/pipeline.sh"
  "${WEENSY_BUSYBOX} sh ${WEENSY_LINUX_SCRIPTS_DIR}/pipeline.sh")
weensy_linux_test(busybox.pipeline.smp2 2 "busybox -- sh /linux/pipeline.sh"
  "${WEENSY_BUSYBOX} sh ${WEENSY_LINUX_SCRIPTS_DIR}/pipeline.sh")
weensy_linux_test(busybox.files 1 "busybox -- sh /linux/files.sh"
  "${WEENSY_BUSYBOX} sh ${WEENSY_LINUX_SCRIPTS_DIR}/files.sh")
weensy_linux_test(busybox.md5sum 1 "busybox -- md5sum /bin/hello"
  "${WEENSY_BUSYBOX} md5sum ${CMAKE_BINARY_DIR}/userland/initrd/hello"
  --replace "${CMAKE_BINARY_DIR}/userland/initrd/hello=/bin/hello")
# The shell's trap: `sh -c 'trap "echo caught" USR1; kill -USR1 $$; echo after'`
# as a script: a handler (rt_sigaction), kill of itself, then on.
weensy_linux_test(busybox.trap 1 "busybox -- sh /linux/trap.sh"
  "${WEENSY_BUSYBOX} sh ${WEENSY_LINUX_SCRIPTS_DIR}/trap.sh")
weensy_linux_test(busybox.trap.smp2 2 "busybox -- sh /linux/trap.sh"
  "${WEENSY_BUSYBOX} sh ${WEENSY_LINUX_SCRIPTS_DIR}/trap.sh")
# Scripts: "#!" lines run by exec (proc/exec_script.c), as on the host.
weensy_linux_test(busybox.shebang 1 "busybox -- sh /linux/shebang.sh"
  "${WEENSY_BUSYBOX} sh ${WEENSY_LINUX_SCRIPTS_DIR}/shebang.sh")
# /proc/mounts, and busybox's mount and df reading it (weensy's own mounts:
# no host to compare with).
weensy_qemu_test(linux.busybox.mounts TIMEOUT 60 ISO ${LINUX_ISO} LABELS linux
  ARGS --cmdline "harness init=busybox -- sh /linux/mounts.sh"
       --expect "initrd / initrd ro 0 0" --expect "devfs /dev devfs ro 0 0"
       --expect "tmpfs /tmp tmpfs rw 0 0" --expect "proc /proc proc rw 0 0"
       --expect "tmpfs on /tmp type tmpfs \\(rw\\)"
       --expect "tmpfs +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+% /tmp"
       --expect "initrd +[0-9]+ +[0-9]+ +0 +100% /"
       --expect "proc: init exited with status 0"
       --reject "PANIC|LEAK|EXCEPTION")
weensy_linux_test(busybox.seq 1 "busybox -- seq 1 1000" "${WEENSY_BUSYBOX} seq 1 1000")
# ls -l of the initrd's /bin: every program, mode 0755, owner 0, as the
# archive has them (no host to compare with: its /bin is another).
weensy_qemu_test(linux.busybox.ls TIMEOUT 60 ISO ${LINUX_ISO} LABELS linux
  ARGS --cmdline "harness init=busybox -- ls -l /bin"
       --expect "-rwxr-xr-x +1 0 +0 +[0-9]+ Jan  1 00:00 busybox"
       --expect "-rwxr-xr-x +1 0 +0 +[0-9]+ Jan  1 00:00 musl-hello"
       --expect "proc: init exited with status 0"
       --reject "PANIC|LEAK|EXCEPTION")
# busybox's shell, interactive on the console: a prompt, a command typed
# (its line read through poll), its answer, exit.
weensy_qemu_test(linux.busybox.interactive TIMEOUT 60 ISO ${LINUX_ISO} LABELS linux
  ARGS --cmdline "harness init=busybox -- sh"
       --send "/ # =echo hi$((6*7)) | wc -c\\n"
       --send "^5\\r?$=exit\\n"
       --expect "built-in shell .ash."
       --expect "^5\\r?$"
       --expect "proc: init exited with status 0"
       --reject "PANIC|LEAK|EXCEPTION|poll: Function not implemented")

# Static PIE and address-space layout randomization (docs/linux-abi.md,
# docs/memory-layout.md). musl-pie (ET_DYN, no interpreter) relocates
# itself from the auxiliary vector and prints what is the same wherever it
# is loaded: compared with the host. musl-aslr execs itself three times and
# forks once: with randomization (the default for Linux programs) the
# stack, a new mmap area and the PIE base differ between execs; with
# `norandmaps` they are the same in every exec, at the documented places;
# a fork's child keeps its parent's layout either way.
weensy_linux_test(musl.pie 1 musl-pie ${WEENSY_MUSL_DIR}/musl-pie)
set(ASLR_EXPECT
  --exit pass
  --expect "aslr: fork: the child keeps its parent's layout: ok"
  --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
  --reject "FAILED|PANIC|LEAK|EXCEPTION")
weensy_qemu_test(linux.aslr TIMEOUT 120 ISO ${LINUX_ISO} LABELS linux
  ARGS --cmdline "harness init=musl-aslr -- random" ${ASLR_EXPECT}
       --expect "aslr: random: stack [23], mmap [23], base [23] values over 3 execs: ok")
weensy_qemu_test(linux.aslr.smp2 TIMEOUT 120 ISO ${LINUX_ISO} LABELS "linux;smp"
  ARGS --smp 2 --cmdline "harness mm_check=always init=musl-aslr -- random" ${ASLR_EXPECT}
       --expect "aslr: random: stack [23], mmap [23], base [23] values over 3 execs: ok")
# personality(ADDR_NO_RANDOMIZE), as setarch -R: fixed for the caller's
# next execs, and its forks' (the persona is inherited and kept by exec).
weensy_qemu_test(linux.aslr.personality TIMEOUT 120 ISO ${LINUX_ISO} LABELS linux
  ARGS --cmdline "harness init=musl-aslr -- persona" ${ASLR_EXPECT}
       --expect "aslr: personality: was 0, now 0x40000: ok"
       --expect "aslr: fixed: stack 7fffffff[ef][0-9a-f]{3}, mmap 7fffff6fe000, base 555555554000 in all 3 execs: ok")
weensy_qemu_test(linux.aslr.norandmaps TIMEOUT 120 ISO ${LINUX_ISO} LABELS linux
  ARGS --cmdline "harness norandmaps init=musl-aslr -- fixed" ${ASLR_EXPECT}
       --expect "aslr: fixed: stack 7fffffff[ef][0-9a-f]{3}, mmap 7fffff6fe000, base 555555554000 in all 3 execs: ok")
# Debian's busybox dmesg reads the kernel log kept in memory through
# syslog(2) (SIZE_BUFFER, then READ_ALL; kernel/sys_syslog.c): the boot's
# first lines, printed again after init started.
weensy_qemu_test(linux.busybox.dmesg TIMEOUT 60 ISO ${LINUX_ISO} LABELS linux kmsg
  ARGS --cmdline "harness init=busybox -- dmesg"
       --expect "proc: started init 'busybox'[^\n]*\n[\\s\\S]*weensy: booting\r?\nboot: loader[\\s\\S]*weensy: ready\r?\n"
       --expect "proc: init exited with status 0"
       --reject "PANIC|LEAK|EXCEPTION")
