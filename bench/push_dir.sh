#!/usr/bin/env bash
# bench/push_dir.sh - a no-change push of a generated 20,000-file site to a directory target,
# warm (hash cache filled) and cold (cache removed), next to rsync -a --checksum and plain rsync -a
# doing the same no-change sync.  Targets (issue 2): warm < 1 s, cold < 3 s.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
jd=${JAMDEPLOY:-$top/jamdeploy}
work=$(mktemp -d "${TMPDIR:-/tmp}/jd-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
N=${N:-20000}
echo "generating a $N-file site"
/usr/bin/python3 - "$N" <<'PY'
import os, sys, random
n = int(sys.argv[1]); random.seed(1)
for i in range(n):
    d = f"site/section{i % 50}/page{i // 50 % 20}"
    os.makedirs(d, exist_ok=True)
    ext = ("html", "css", "js", "png", "json")[i % 5]
    with open(f"{d}/f{i}.{ext}", "wb") as f:
        f.write(os.urandom(random.randint(200, 8000)))
PY
du -sh site | sed 's/^/site size: /'
sleep 2   # let mtimes age past the hash cache's racy window (site/buildcache.c)
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
first=$(t "$jd" push site --to target -q)
warm=$(t "$jd" push site --to target -q)
rm -rf .jamdeploy/cache
cold=$(t "$jd" push site --to target -q)
have_rsync=0; command -v rsync >/dev/null && have_rsync=1
if [ $have_rsync = 1 ]; then
	rsync -a site/ rsync-target/
	r_sum=$(t rsync -a --checksum site/ rsync-target/)
	r_plain=$(t rsync -a site/ rsync-target/)
fi
printf '\n%-40s %8s\n' "case ($N files)" "seconds"
printf '%-40s %8.3f\n' "jamdeploy first push" "$first"
printf '%-40s %8.3f   (target < 1 s)\n' "jamdeploy no-change push, warm cache" "$warm"
printf '%-40s %8.3f   (target < 3 s)\n' "jamdeploy no-change push, cold cache" "$cold"
if [ $have_rsync = 1 ]; then
	printf '%-40s %8.3f   ratio jamdeploy cold / rsync: %.2f\n' "rsync -a --checksum (no change)" "$r_sum" "$(echo "$cold / $r_sum" | bc -l)"
	printf '%-40s %8.3f   ratio jamdeploy warm / rsync: %.2f\n' "rsync -a (no change, mtime+size)" "$r_plain" "$(echo "$warm / $r_plain" | bc -l)"
fi
