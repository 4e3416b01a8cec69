# The shell (userland/bin/sh, docs/shell.md), driven over the serial line
# as a person would type: each --send waits for the prompt (or another
# line) after the previous one (--in-order), then types a line. The shell
# runs as the first process; every test ends with `exit`, so the kernel
# then checks that no page was lost and reports init's status.
#
# Pids are those of a fresh boot: the shell is 1 and each program started
# takes the next one (the tests say which). In the regexes \x5b \x5d \x3b
# stand for [ ] ; (the arguments travel through CMake lists), and typed
# text may use \xNN escapes (qemu-test decodes them): \x03 is Ctrl-C, \x7f
# Backspace, \x1b\x5bA the Up key.
#
# To try one by hand: scripts/run --headless --exit-device --cmdline "harness"

set(P "weensy\\$ ")                                 # the prompt, as a regex
set(SHELL_CLEAN "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")
set(SHELL_REJECT "PANIC|LEAK|EXCEPTION|mm_check \\(|trap: stray")

# weensy_shell_test(NAME [TIMEOUT s] [CMDLINE opts] [STATUS n] [SMP n...]
#                   TYPE lines... [ARGS qemu-test args...]): boot "harness
# CMDLINE", type each line at a prompt (a line "WAIT=>TEXT" waits for WAIT
# instead), end with exit, and require init's status (0 unless STATUS), no
# page lost, and the ARGS' own --expect/--reject. SMP 2 4 adds the same
# test at -smp 2 and -smp 4 (shell.NAME.smp2, .smp4; label smp as well).
function(weensy_shell_test name)
  cmake_parse_arguments(S "" "TIMEOUT;CMDLINE;STATUS" "TYPE;ARGS;SMP" ${ARGN})
  if(NOT S_TIMEOUT)
    set(S_TIMEOUT 60)
  endif()
  if(NOT S_STATUS)
    set(S_STATUS 0)
  endif()
  set(sends "")
  foreach(line ${S_TYPE})
    string(FIND "${line}" "=>" at)
    if(at GREATER -1)
      string(SUBSTRING "${line}" 0 ${at} wait)
      math(EXPR from "${at} + 2")
      string(SUBSTRING "${line}" ${from} -1 text)
      list(APPEND sends --send "${wait}=${text}")
    else()
      list(APPEND sends --send "${P}=${line}\\n")
    endif()
  endforeach()
  if(S_STATUS EQUAL 0)
    set(ending --send "${P}=exit\\n")
  else()
    set(ending --send "${P}=exit ${S_STATUS}\\n" --exit fail)
  endif()
  foreach(n 1 ${S_SMP})
    if(n EQUAL 1)
      set(tname shell.${name})
      set(labels shell)
    else()
      set(tname shell.${name}.smp${n})
      set(labels shell smp)
    endif()
    weensy_qemu_test(${tname} TIMEOUT ${S_TIMEOUT} LABELS ${labels}
      ARGS --smp ${n} --cmdline "harness ${S_CMDLINE}" --in-order ${sends} ${ending}
           --expect "proc: init exited with status ${S_STATUS}"
           --expect "${SHELL_CLEAN}"
           --reject "${SHELL_REJECT}"
           ${S_ARGS})
  endforeach()
endfunction()

# Every built-in command and a program run by name and with exec (ls is
# pid 2, the hellos 3 and 4).
weensy_shell_test(commands
  TYPE help "ls /bin" ps mem "exec hello a b" "hello c" clear clean "kill -l" "echo a  'b  c' \"d | e>f\"" pwd
  ARGS --expect "weensy shell: type help"
       --expect "  echo \\x5b-n\\x5d \\x5bWORD...\\x5d +the words"
       --expect "  taskset -p \\x5bMASK\\x5d PID"
       --expect "${P}ls /bin\r?\n(\\S+\r?\n)*hello\r?\n(\\S+\r?\n)*usertests\r?\n"
       --expect "${P}echo a  'b  c' \"d \\| e>f\"\r?\na b  c d \\| e>f\r?\n${P}pwd\r?\n/\r?\n${P}"
       --expect "  PID  PPID  PGID  S CPU   MASK   RSS     TIME  COMMAND\r?\n +1 +0 +1 +R +0 +1 +[0-9]+ +[0-9]+\\.[0-9]+  sh\r?\n${P}"
       --expect "memory: [0-9]+ pages of 4096 bytes"
       --expect "  free [0-9]+, user [0-9]+, shared [0-9]+, page tables [0-9]+, kernel [0-9]+"
       --expect "      1 sh +[0-9]+"
       --expect "hello from pid 3, argc=3\r?\n  argv\\x5b0\\x5d = hello\r?\n  argv\\x5b1\\x5d = a\r?\n  argv\\x5b2\\x5d = b"
       --expect "hello from pid 4, argc=2"
       --expect "\\x1b\\x5bH\\x1b\\x5b2J${P}clean"
       --expect " 2 INT\r?\n 3 QUIT"
       --expect "sh: the first process is leaving: the machine powers off")

# Background jobs: ps lists them with their parent, group, mask and
# arguments; kill ends them, the shell says so, and ps no longer lists
# them; kill of a negative pid ends a whole job.
weensy_shell_test(jobs
  TYPE "spin x &" ps "kill 2" "killed by SIGTERM=>ps\\n"
       "fly 2 &" "fly: pid 4 flies=>ps\\n" "kill -- -3" "killed by SIGTERM \\(terminated\\): fly 2=>hello\\n" ps
  ARGS --expect "\\x5bpid 2\\x5d spin: in the background"
       --expect "    2     1     2  (R|S) +0 +1 +[0-9]+ +[0-9.]+  spin x"
       --expect "\\x5bpid 2\\x5d killed by SIGTERM \\(terminated\\): spin x"
       --expect "COMMAND\r?\n +1 +0 +1 .*sh\r?\n${P}fly 2 &"
       --expect "    3     1     3 .*fly 2\r?\n    4     3     3 .*fly 2"
       --expect "COMMAND\r?\n +1 +0 +1 .*sh\r?\n${P}exit")

# A job with threads: ps shows the process once, with its thread count,
# and each other thread under it; kill ends them all.
weensy_shell_test(threads
  TYPE "spin y 3 &" "spin: 3 threads=>ps\\n" "kill 2" "killed by SIGTERM=>ps\\n"
  ARGS --expect "\\x5bpid 2\\x5d spin: in the background"
       --expect "    2     1     2  (R|S) +0 +1 +[0-9]+ +[0-9.]+  spin y 3 \\(3 threads\\)\r?\n +3 +- +2  (R|S) +(0|-) +1 +- +[0-9.]+    \\x5c_ thread of 2\r?\n +4 +- +2 .*thread of 2"
       --expect "\\x5bpid 2\\x5d killed by SIGTERM \\(terminated\\): spin y 3"
       --expect "COMMAND\r?\n +1 +0 +1 .*sh\r?\n${P}exit")

# Ctrl-C stops the program in front (a SIGINT to its process group) and
# nothing else; a shell inside the shell takes Ctrl-C as editing (the line
# is dropped) and its exit status comes back to the first.
weensy_shell_test(ctrlc
  TYPE spin "\\.\\.\\.=>\\x03" hello sh "${P}=>abc\\x03" "exit 3" "fly 2" "fly: pid 6 flies=>\\x03" ps
  ARGS --expect "\\^C\r?\n\\x5bpid 2\\x5d killed by SIGINT \\(interrupted\\): spin"
       --expect "hello from pid 3"
       --expect "abc\\^C\r?\n${P}exit 3\r?\n\\x5bpid 4\\x5d exit 3: sh"
       --expect "\\x5bpid 5\\x5d killed by SIGINT \\(interrupted\\): fly 2"
       --expect "COMMAND\r?\n +1 +0 +1 .*sh\r?\n${P}exit")

# CPU affinity: with one CPU only mask 1 names an online CPU.
weensy_shell_test(taskset
  TYPE "taskset -p 1" "taskset -p 1 1" "taskset -p 2 1" "taskset -p 0x6 1" "taskset 1 hello a"
       "taskset 4 hello" "taskset -p zz 1" "taskset -p 1 999" taskset "spin &" "taskset -p 1 4" ps "kill 4"
  ARGS --expect "pid 1's current affinity mask: 1\r?\n${P}"
       --expect "pid 1's new affinity mask: 1"
       --expect "taskset -p 2 1\r?\npid 1's current affinity mask: 1\r?\ntaskset: failed to set pid 1's affinity: Invalid argument"
       --expect "taskset -p 0x6 1\r?\npid 1's current affinity mask: 1\r?\ntaskset: failed to set pid 1's affinity: Invalid argument"
       --expect "hello from pid 2, argc=2"
       --expect "taskset: cannot run hello on CPUs 0x4: Invalid argument"
       --expect "taskset: zz: not a CPU mask"
       --expect "taskset: pid 999: No such process"
       --expect "usage: taskset -p \\x5bMASK\\x5d PID"
       --expect "pid 4's new affinity mask: 1"
       --expect "    4     1     4 .* 0 +1 .*spin")

# Bad input never hurts the shell.
string(REPEAT "a" 4096 LONG_LINE)
string(REPEAT "w " 70 MANY_WORDS)
weensy_shell_test(badinput
  TYPE "" "   " "${LONG_LINE}" nosuch "kill abc" "kill 999" "kill 1" kill "kill -FOO 5" "kill -- -999"
       "kill 0x" "echo \"open" "${MANY_WORDS}" "exit abc" exec "\\x01\\x02\\x0b\\x1b\\x5b9z" "viewer x"
       "README" "/bin" "ps x" "ls -z" "usertests nosuchtest"
  ARGS --expect "sh: a+: File name too long"
       --expect "sh: nosuch: no such program"
       --expect "kill: abc: not a process id"
       --expect "kill: \\(999\\): No such process"
       --expect "kill: \\(1\\): Operation not permitted"
       --expect "usage: kill \\x5b-SIGNAL\\x5d PID"
       --expect "kill: FOO: no such signal"
       --expect "kill: \\(-999\\): No such process"
       --expect "kill: 0x: not a process id"
       --expect "sh: a quote is not closed"
       --expect "sh: too many words"
       --expect "usage: exit"
       --expect "usage: exec"
       --expect "usage: viewer"
       --expect "sh: README: Exec format error"
       --expect "sh: /bin: Permission denied"
       --expect "usage: ps"
       --expect "ls: invalid option -- 'z'\r?\nusage: ls \\x5b-l\\x5d"
       --expect "usertests: nosuchtest FAILED: no such test")

# After every program the free pages (with the program cache) are back to
# what they were: tests/check_shell_mem.py compares every `mem` report.
weensy_shell_test(membaseline
  TYPE mem hello mem "rw 0x10000000 0x10001000" mem "consensus 3" mem "fly 2 --steps 5" mem
       "spin &" "kill 10" "killed by SIGTERM=>mem\\n" sh "${P}=>exit\\n" mem
  ARGS --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_shell_mem.py {log} 7")

# Pipes and redirections (docs/shell.md): > creates and truncates, >>
# appends, < reads, each with or without blanks around it; a missing file
# is one line and the command does not run; 2> and 2>&1; a built-in
# command redirected (its output only in the file) and in a pipeline (a
# forked shell: ps shows it and cat in one group, led by the first);
# three-stage pipelines, one moving 120 KB (more than a pipe holds) intact;
# cd and pwd; the files removed at the end (rm), for the kernel's page
# check after exit; and no descriptor left over: fdcheck (userland/tests) counts
# what a program starts with (3: 0, 1, 2), and the shell checks its own
# after each line. Also at -smp 2 and 4, where a pipeline's stages run at
# once.
set(RUNS "\\x5bpid [0-9]+\\x5d")
weensy_shell_test(pipes TIMEOUT 90 SMP 2 4
  TYPE "echo hi > /tmp/a" "cat /tmp/a" "echo there >>/tmp/a" "cat < /tmp/a" "echo hi>/tmp/b"
       "cat /tmp/b /tmp/a" "echo again > /tmp/a" "cat</tmp/a" "ls / | cat" "ls -l /tmp | cat | cat"
       "echo one two three | cat | cat" "cat < /nope" "echo ran > /nope/x" "cat /nope"
       "cat /nope 2> /tmp/err" "cat /tmp/err" "cat /nope 2>&1 | cat" "ps > /tmp/ps.txt"
       "cat /tmp/ps.txt" "ps | cat" pwd "cd /tmp" pwd ls "cd /nope" cd pwd
       "cat /bin/usertests | cat | cat > /tmp/big" "ls -l /bin/usertests /tmp/big"
       "fdcheck count 3 write 1 ok" "fdcheck count 3 write 1 ok | cat"
       "fdcheck count 3 read 0 again write 1 ok < /tmp/a > /tmp/fds" "cat /tmp/fds"
       "echo ls |" "| cat" "cat >" "echo a & b" "echo a >& x" "nosuch | cat"
       "rm /tmp/a /tmp/b /tmp/err /tmp/ps.txt /tmp/big /tmp/fds" "ls /tmp"
  ARGS --expect "${P}echo hi > /tmp/a\r?\n${P}cat /tmp/a\r?\nhi\r?\n${P}"
       --expect "${P}cat < /tmp/a\r?\nhi\r?\nthere\r?\n${P}"
       --expect "${P}cat /tmp/b /tmp/a\r?\nhi\r?\nhi\r?\nthere\r?\n${P}"
       --expect "${P}cat</tmp/a\r?\nagain\r?\n${P}"
       --expect "${P}ls / \\| cat\r?\n(\\S+\r?\n)*bin\r?\n(\\S+\r?\n)*tmp\r?\n(\\S+\r?\n)*${P}"
       --expect "${P}ls -l /tmp \\| cat \\| cat\r?\n-rw-\\S+ +6 a\r?\n-rw-\\S+ +3 b\r?\n${P}"
       --expect "${P}echo one two three \\| cat \\| cat\r?\none two three\r?\n${P}"
       --expect "${P}cat < /nope\r?\nsh: /nope: No such file or directory\r?\n${P}"
       --expect "${P}echo ran > /nope/x\r?\nsh: /nope/x: No such file or directory\r?\n${P}"
       --expect "${P}cat /nope\r?\ncat: /nope: No such file or directory\r?\n${RUNS} exit 1: cat /nope\r?\n${P}"
       --expect "${P}cat /nope 2> /tmp/err\r?\n${RUNS} exit 1: cat /nope\r?\n${P}cat /tmp/err\r?\ncat: /nope: No such file or directory\r?\n${P}"
       --expect "${P}cat /nope 2>&1 \\| cat\r?\ncat: /nope: No such file or directory\r?\n${RUNS} exit 1: cat /nope\r?\n${P}"
       --expect "${P}ps > /tmp/ps.txt\r?\n${P}cat /tmp/ps.txt\r?\n  PID  PPID  PGID  S CPU   MASK   RSS     TIME  COMMAND\r?\n +1 +0 +1 .*sh\r?\n"
       --expect "${P}ps \\| cat\r?\n  PID  PPID.*\r?\n +1 +0 +1 .*sh\r?\n +([0-9]+) +1 +\\1 .*sh\r?\n +[0-9]+ +1 +\\1 .*(sh|cat)\r?\n${P}"
       --expect "${P}pwd\r?\n/\r?\n${P}cd /tmp\r?\n${P}pwd\r?\n/tmp\r?\n${P}ls\r?\na\r?\nb\r?\nerr\r?\nps.txt\r?\n${P}"
       --expect "${P}cd /nope\r?\ncd: /nope: No such file or directory\r?\n${P}cd\r?\n${P}pwd\r?\n/\r?\n${P}"
       --expect "${P}ls -l /bin/usertests /tmp/big\r?\n\\S+ +([0-9]+) /bin/usertests\r?\n-rw-\\S+ +\\1 /tmp/big\r?\n${P}"
       --expect "${P}fdcheck count 3 write 1 ok\r?\nok${P}fdcheck count 3 write 1 ok \\| cat\r?\nok${P}"
       --expect "${P}fdcheck count 3 read 0 again write 1 ok < /tmp/a > /tmp/fds\r?\n${P}cat /tmp/fds\r?\nok${P}"
       --expect "${P}echo ls \\|\r?\nsh: syntax error: \\| without a command after it\r?\n${P}"
       --expect "${P}\\| cat\r?\nsh: syntax error: \\| without a command before it\r?\n${P}"
       --expect "${P}cat >\r?\nsh: syntax error: > needs a file name\r?\n${P}"
       --expect "${P}echo a & b\r?\nsh: syntax error: & goes at the end of a line\r?\n${P}"
       --expect "${P}echo a >& x\r?\nsh: syntax error: >& needs a descriptor \\(0 to 9\\)\r?\n${P}"
       --expect "${P}nosuch \\| cat\r?\nsh: nosuch: no such program \\(ls /bin lists them\\)\r?\n${P}"
       --expect "${P}ls /tmp\r?\n${P}"
       --reject "was left open")

# Pipelines give back every page: free + program cache is the same after
# each (tests/check_shell_mem.py), with a reader that leaves early (the
# writers see EPIPE) and Ctrl-C on a pipeline, which ends all of it (one
# process group, in front).
weensy_shell_test(pipes.mem TIMEOUT 90 SMP 2 4
  TYPE mem "echo x | cat" mem "ls / | cat | cat" mem "ps | cat" mem
       "cat /bin/usertests | cat | cat | fdcheck count 3" mem "spin | cat" "\\.\\.\\.=>\\x03" mem
  ARGS --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_shell_mem.py {log} 6"
       --expect "\\^C\r?\n${RUNS} killed by SIGINT \\(interrupted\\): spin\r?\n${RUNS} killed by SIGINT \\(interrupted\\): cat\r?\n${P}"
       --reject "was left open")

# The same shell from the PS/2 keyboard (QEMU's sendkey): keys, Backspace,
# Up for the last line, Ctrl-C.
weensy_qemu_test(shell.keyboard TIMEOUT 60 LABELS shell
  ARGS --cmdline "harness" --in-order
       --sendkey "${P}=h e l p ret"
       --sendkey "${P}=s p i n ret"
       --sendkey "\\.\\.\\.=ctrl-c"
       --sendkey "${P}=up ret"
       --sendkey "\\.\\.\\.=ctrl-c"
       --sendkey "${P}=h e l l o x backspace spc a ret"
       --sendkey "${P}=e x i t ret"
       --expect "${P}help\r?\nweensy's shell. Commands:"
       --expect "\\x5bpid 2\\x5d killed by SIGINT \\(interrupted\\): spin"
       --expect "\\x5bpid 3\\x5d killed by SIGINT \\(interrupted\\): spin"
       --expect "hello from pid 4, argc=2"
       --expect "proc: init exited with status 0"
       --expect "${SHELL_CLEAN}"
       --reject "${SHELL_REJECT}")

# What the screen shows (VGA text under BIOS, the framebuffer under UEFI):
# the kernel prints the screen's text when the run ends (screen_snapshot).
foreach(fw bios uefi)
  weensy_shell_test(screen.${fw} TIMEOUT 120 CMDLINE "screen_snapshot"
    TYPE ps "hello there"
    ARGS --fw ${fw}
         --expect "screen: begin shutdown [0-9]+x[0-9]+"
         --expect "screen: \\|weensy shell: type help for the commands"
         --expect "screen: \\|weensy\\$ ps"
         --expect "screen: \\|    1     0     1  R   0      1"
         --expect "screen: \\|hello from pid 2, argc=2"
         --expect "screen: \\|weensy\\$ exit")
endforeach()

# The memory viewer from the shell: it takes the screen until v.
weensy_shell_test(viewer
  TYPE viewer "viewer: refresh=>s" "viewer: snapshot end=>v" ps
  ARGS --expect "viewer: on the screen now\\x3b press v there to come back"
       --expect "viewer\\| VIRTUAL ADDRESS SPACE FOR PID 1 \\(sh\\)"
       --expect "viewer: closed, the console is back\r?\n${P}ps")

# UCAS OS's programs under the shell: rw shows demand paging page by page,
# consensus agrees through shared memory, fly flies until killed, and its
# planes leave within a step (50 ms) once their parent is gone: a
# foreground fly of 3 steps (150 ms) runs meanwhile, before ps. The first
# ps waits for both planes (pids 9 and 10, in either order) to have drawn
# themselves, so no late first drawing lands among its lines.
weensy_shell_test(ucas
  TYPE "rw 0x10000000 0x10000008 0x10003000" "consensus 4" "fly 3 &" "fly: pid (9|10) flies(.|\n)*fly: pid (9|10) flies=>ps\\n"
       "kill 8" "killed by SIGTERM=>fly 1 --steps 3\\n" ps
  ARGS --expect "rw: 0x10000000: wrote 0x[0-9a-f]+, read 0x[0-9a-f]+, ok \\(resident pages ([0-9]+) -> ([0-9]+)\\)"
       --expect "rw: 0x10000008: wrote 0x[0-9a-f]+, read 0x[0-9a-f]+, ok \\(resident pages ([0-9]+) -> \\1\\)"
       --expect "consensus: 4 processes agreed on"
       --expect "    8     1     8 .*fly 3\r?\n    9     8     8 .*fly 3\r?\n   10     8     8 .*fly 3"
       --expect "fly: 1 planes landed"
       --expect "COMMAND\r?\n +1 +0 +1 .*sh\r?\n${P}exit")

# A plain boot, no test harness: the shell is what a person gets, and its
# exit powers the machine off (after the kernel's page check).
weensy_qemu_test(shell.default TIMEOUT 60 LABELS shell
  ARGS --cmdline= --exit poweroff --in-order
       --send "${P}=ps\\n"
       --send "${P}=exit\\n"
       --expect "weensy shell: type help for the commands"
       --expect "    1     0     1  R .*sh"
       --expect "${SHELL_CLEAN}"
       --expect "weensy: init is gone\\x3b powering off")

# The kernel log kept in memory (kernel/kmsg.h): dmesg prints it from the
# first boot line on; F2 shows its end on the screen, Home its start, q
# gives the console back as it was (the snapshot at shutdown shows the
# shell's screen, not the log).
weensy_shell_test(dmesg SMP 2 4 TYPE dmesg
  ARGS --expect "${P}dmesg\r?\nweensy: booting\r?\nboot: loader[\\s\\S]*weensy: ready\r?\n[\\s\\S]*proc: started init 'sh'[^\n]*\n[\\s\\S]*${P}exit")
foreach(n 1 2 4)
  if(n EQUAL 1)
    set(suffix "")
    set(labels shell kmsg)
  else()
    set(suffix ".smp${n}")
    set(labels shell kmsg smp)
  endif()
  weensy_qemu_test(shell.kmsg_pager${suffix} TIMEOUT 90 LABELS ${labels}
    ARGS --smp ${n} --cmdline "harness screen_snapshot" --in-order
         --sendkey "${P}=f2"
         --sendkey "screen: end=home"
         --sendkey "screen: end=q"
         --send "kmsg: pager closed=echo back\\n"
         --send "${P}=exit\\n"
         --expect "screen: begin kmsg [0-9]+x[0-9]+\r?\n([^\n]*\n)*screen: \\|proc: started init 'sh'[^\n]*\n([^\n]*\n)*screen: \\| log: bytes [0-9]+-[0-9]+ of [0-9]+"
         --expect "screen: begin kmsg [0-9]+x[0-9]+\r?\nscreen: \\|weensy: booting\\|"
         --expect "screen: begin shutdown [0-9]+x[0-9]+\r?\n[\\s\\S]*screen: \\|weensy shell: type help[\\s\\S]*screen: \\|weensy\\$ echo back"
         --expect "proc: init exited with status 0"
         --expect "${SHELL_CLEAN}"
         --reject "${SHELL_REJECT}")
endforeach()
