# pipeline.sh -- busybox sh and its applets through pipes: what weensy's
# run must print exactly as the host's busybox does (tests/linux.cmake).
echo hello | wc -c
seq 1 1000 | tail -1
seq 1 20 | sort -rn | head -3
printf 'pear\napple\nfig\n' | sort
echo "one two three" | awk '{ print $2, NF }'
echo "hello world" | sed 's/world/weensy/'
seq 1 100 | grep -c 7
seq 1 50 | awk '{ s += $1 } END { print s }'
echo abc | tr a-z A-Z | rev 2>/dev/null || echo ABC
x=0; for i in 1 2 3 4 5; do x=$((x + i * i)); done; echo "sum of squares $x"
if [ -d /proc ]; then echo "a /proc"; fi
echo "exit status of false: $(false; echo $?)"
