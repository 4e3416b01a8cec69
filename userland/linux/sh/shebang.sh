# shebang.sh: files that start with "#!" run through their interpreter
# (exec's scripts, proc/exec_script.c), compared with the same run on the
# host: arguments, the interpreter's one argument, spaces around it, an
# interpreter that is itself a script, a missing one, and a file with no
# "#!" (the shell runs it itself after ENOEXEC).
d=/tmp/shebang
rm -rf $d
mkdir -p $d
printf '#!/bin/busybox sh\necho "script: $(basename $0) $1 $2"\nexit 7\n' > $d/s.sh
printf '#!/bin/busybox echo\n' > $d/e.sh
printf '#!  /bin/busybox \t echo  \t\n' > $d/spaces.sh
printf '#!/tmp/shebang/s.sh\n' > $d/nested.sh
printf '#!/tmp/shebang/none\n' > $d/missing.sh
printf 'echo "no #! line: run by the shell"\n' > $d/plain.sh
chmod +x $d/*.sh
$d/s.sh one two; echo "status $?"
$d/e.sh x y
$d/spaces.sh z
$d/nested.sh w; echo "status $?"
$d/missing.sh 2>/dev/null; echo "missing interpreter: status $?"
$d/plain.sh
rm -rf $d
