# mounts.sh: /proc/mounts as Linux gives it, read by busybox's mount and
# df (each mount's statfs); weensy-only (the host's mounts are others).
cat /proc/mounts
echo ---
mount
echo ---
df /tmp /
