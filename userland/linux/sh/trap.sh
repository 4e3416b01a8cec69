# trap: the shell catches a signal it sends itself (rt_sigaction, kill,
# a handler run on the way back from kill), then goes on.
trap "echo caught" USR1
kill -USR1 $$
echo after
