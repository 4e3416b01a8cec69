# files.sh -- busybox's file applets in a fresh directory under /tmp:
# create, append, copy, move, list, count, remove.
d=/tmp/bbfiles.$$
mkdir -p "$d/sub" && cd "$d" || exit 1
echo "first line" > a.txt
echo "second line" >> a.txt
cp a.txt sub/b.txt
mv sub/b.txt sub/c.txt
ls -1
ls -1 sub
wc -l a.txt sub/c.txt
cat sub/c.txt | head -1
seq 1 3000 > big.txt
md5sum big.txt | cut -d' ' -f1
tail -c 5 big.txt
test -f sub/b.txt || echo "b.txt moved away"
cd / && rm -r "$d" && test ! -e "$d" && echo "removed"
