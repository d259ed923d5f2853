#!/usr/bin/env bash
# bench/images.sh - jamdeploy's image optimizers against the usual tools, on real web images.
#
# Corpus (from Debian packages, installed when missing): documentation screenshots and diagrams
# under /usr/share/doc, a deterministic sample of Adwaita icons (adwaita-icon-theme), the GRUB
# backgrounds and logos of desktop-base, and the MATE wallpapers (mate-backgrounds: PNG
# artwork and JPEG photos).  Files are copied to a scratch folder first.
#
# PNG:  ours (default effort) | optipng -o2 | zopflipng (default settings)
# JPEG: ours (lossless)       | jpegtran -optimize -progressive -copy none
# WebP: ours --webp (only files where it pays) | cwebp (-lossless for PNG, -q 80 for JPEG)
#
# Every tool runs one file at a time on one core (our side through `test_images --write`, the
# unit-test binary used as a tool), so seconds compare like with like.  Prints bytes in, bytes
# out, % saved and seconds per tool, then the ratios the targets are about.
#   BENCH_ZOPFLI=0   skip zopflipng (it takes minutes on the wallpapers)
#   BENCH_MAX_KB=N   skip files over N KiB (default 2100)
#   BENCH_EFFORT=N   our effort level (default: the library default)
#
# Measured 2026-11-25 on a shared 2-CPU machine, BENCH_ZOPFLI=0 (zopflipng needed more than
# 10 CPU minutes for 9 of the files and was stopped), corpus 99 PNG / 21 JPEG:
#   ours-png    16673723 -> 13284248 (20.33%)  41.07 cpu s
#   optipng -o2 16673723 -> 14177067 (14.97%) 118.47 cpu s   ours/optipng bytes 0.937, 2.88x faster
#   ours-jpeg    8351929 ->  7912114  (5.27%)   1.82 cpu s
#   jpegtran     8351929 ->  7917606  (5.20%)   2.48 cpu s   ours/jpegtran bytes 0.9993
# The WebP rows count only the .webp files written (ours skips files where WebP does not pay
# 10% or would change the look; cwebp converts every file), so their % are not comparable; the
# "same files" lines compare the two on the files ours wrote a .webp for.  Measured 2026-11-25,
# BENCH_ZOPFLI=0 BENCH_MAX_KB=400 (89 PNG / 14 JPEG):
#   WebP from PNG, both lossless, same 77 files: ours 1410920, cwebp -lossless 1411810 (0.9994)
#   WebP from JPEG, same 14 files: ours (each JPEG's own quality) 779456, cwebp -q 80 500464:
#   these JPEGs are saved at high quality, and ours keeps it rather than dropping to 80.
set -u
cd "$(dirname "$0")/.."
top=$PWD
bin=${TEST_BIN_DIR:-$top/build/tests}/test_images
[ -x "$bin" ] || make -s tests-built >/dev/null || exit 1
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=()
for p in optipng zopfli libjpeg-turbo-progs webp desktop-base adwaita-icon-theme mate-backgrounds; do
	dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	echo "bench/images.sh: installing ${need[*]}" >&2
	$SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || exit 1
fi
max_kb=${BENCH_MAX_KB:-2100}
effort=()
[ -n "${BENCH_EFFORT:-}" ] && effort=(--effort "$BENCH_EFFORT")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/png" "$work/jpg"

# Copy under a unique flat name: dir components joined with '_'.
add() {
	local f=$1 kind=$2 name
	[ -f "$f" ] || return 0
	[ "$(stat -c %s "$f")" -le $((max_kb * 1024)) ] || return 0
	name=$(echo "${f#/usr/share/}" | tr '/ ' '__')
	cp "$f" "$work/$kind/$name"
}
while IFS= read -r f; do add "$f" png; done < <(find /usr/share/doc -name '*.png' -size +8k | sort)
while IFS= read -r f; do add "$f" png; done < <(find /usr/share/icons/Adwaita -name '*.png' | sort | awk 'NR % 97 == 1')
while IFS= read -r f; do add "$f" png; done < <(find /usr/share/desktop-base -name '*.png' -size +4k | sort)
while IFS= read -r f; do add "$f" png; done < <(find /usr/share/backgrounds/mate -name '*.png' | sort)
while IFS= read -r f; do add "$f" jpg; done < <(find /usr/share/backgrounds/mate /usr/share/desktop-base /usr/share/doc \
	\( -name '*.jpg' -o -name '*.jpeg' \) | sort)

npng=$(ls "$work/png" | wc -l)
njpg=$(ls "$work/jpg" | wc -l)
echo "corpus: $npng PNG ($(du -sb "$work/png" | cut -f1) bytes), $njpg JPEG ($(du -sb "$work/jpg" | cut -f1) bytes)"

total() { find "$1" -type f "${@:2}" -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
declare -A BYTES SECS
# Seconds are CPU seconds (user + system, children included): the machine may be shared, and
# wall-clock time would then measure the neighbours.  Every tool here is single-threaded.
run() { # name outdir command...
	local name=$1 out=$2
	shift 2
	mkdir -p "$out"
	/usr/bin/time -o "$work/time" -f '%U %S' "$@" >/dev/null 2>&1
	SECS[$name]=$(awk '{print $1 + $2}' "$work/time")
	BYTES[$name]=$(total "$out" -not -name '*.webp')
}
# Write a script that runs one tool over every file of IN; IN and OUT in the template are replaced.
# A tool that declines to write keeps the original size (the file is copied).
each() { # outdir template
	local out=$1 tmpl=$2 f b script=$work/each-$RANDOM.sh
	for f in "${IN[@]}"; do
		b=$(basename "$f")
		printf '%s\n' "${tmpl//IN/\'$f\'}" | sed "s|OUT|'$out/$b'|g"
		printf "[ -s '%s' ] || [ -s '%s.webp' ] || cp '%s' '%s'\n" "$out/$b" "$out/$b" "$f" "$out/$b"
	done >"$script"
	echo "$script"
}

IN=("$work"/png/*)
in_png=$(total "$work/png")
run ours-png "$work/o-ours" "$bin" --write "$work/o-ours" "${effort[@]}" "${IN[@]}"
run optipng "$work/o-optipng" bash "$(each "$work/o-optipng" "optipng -quiet -o2 -out OUT IN")"
if [ "${BENCH_ZOPFLI:-1}" != 0 ]; then
	run zopflipng "$work/o-zopfli" bash "$(each "$work/o-zopfli" "zopflipng -y IN OUT")"
fi
run cwebp-png "$work/w-cwebp" bash "$(each "$work/w-cwebp" "cwebp -quiet -lossless IN -o OUT.webp")"
BYTES[cwebp-png]=$(total "$work/w-cwebp" -name '*.webp')
run ours-webp-png "$work/w-ours" "$bin" --write "$work/w-ours" --webp "${IN[@]}"
BYTES[ours-webp-png]=$(total "$work/w-ours" -name '*.webp')
nw_png=$(find "$work/w-ours" -name '*.webp' | wc -l)

IN=("$work"/jpg/*)
in_jpg=$(total "$work/jpg")
run ours-jpeg "$work/j-ours" "$bin" --write "$work/j-ours" "${IN[@]}"
run jpegtran "$work/j-jpegtran" bash "$(each "$work/j-jpegtran" "jpegtran -optimize -progressive -copy none -outfile OUT IN")"
run cwebp-jpg "$work/v-cwebp" bash "$(each "$work/v-cwebp" "cwebp -quiet -q 80 IN -o OUT.webp")"
BYTES[cwebp-jpg]=$(total "$work/v-cwebp" -name '*.webp')
run ours-webp-jpg "$work/v-ours" "$bin" --write "$work/v-ours" --webp "${IN[@]}"
BYTES[ours-webp-jpg]=$(total "$work/v-ours" -name '*.webp')
nw_jpg=$(find "$work/v-ours" -name '*.webp' | wc -l)

row() { # name input-bytes note
	local b=${BYTES[$1]:-} s=${SECS[$1]:-}
	[ -n "$b" ] || return 0
	awk -v n="$1" -v i="$2" -v b="$b" -v s="$s" -v note="${3:-}" \
		'BEGIN { printf "%-16s %12d %12d %7.2f%% %9.2f  %s\n", n, i, b, 100 * (i - b) / i, s, note }'
}
echo
printf '%-16s %12s %12s %8s %9s\n' tool "bytes in" "bytes out" saved "cpu s"
row ours-png "$in_png"
row optipng "$in_png"
row zopflipng "$in_png"
row ours-jpeg "$in_jpg"
row jpegtran "$in_jpg"
row cwebp-png "$in_png" "(every PNG, -lossless)"
row ours-webp-png "$in_png" "($nw_png of $npng PNGs got a .webp; bytes are those .webp only)"
row cwebp-jpg "$in_jpg" "(every JPEG, -q 80)"
row ours-webp-jpg "$in_jpg" "($nw_jpg of $njpg JPEGs got a .webp; bytes are those .webp only)"
echo
# Like for like: only the files ours wrote a .webp for, against cwebp's .webp of the same files.
same_files() { # label ours-dir cwebp-dir input-dir
	local w b orig=0 ours=0 theirs=0 n=0
	for w in "$2"/*.webp; do
		[ -f "$w" ] || continue
		b=$(basename "$w" .webp)
		[ -f "$3/$b.webp" ] || continue
		orig=$((orig + $(stat -c %s "$4/$b"))) ours=$((ours + $(stat -c %s "$w")))
		theirs=$((theirs + $(stat -c %s "$3/$b.webp"))) n=$((n + 1))
	done
	[ "$n" -gt 0 ] || return 0
	awk -v l="$1" -v n="$n" -v o="$orig" -v a="$ours" -v c="$theirs" 'BEGIN {
		printf "%s on the same %d files: originals %d, ours %d (%.2f%% saved), cwebp %d (%.2f%%), ours/cwebp bytes %.4f\n",
			l, n, o, a, 100 * (o - a) / o, c, 100 * (o - c) / o, a / c }'
}
same_files "WebP from PNG (both lossless)" "$work/w-ours" "$work/w-cwebp" "$work/png"
same_files "WebP from JPEG (ours: the JPEG's quality; cwebp: -q 80)" "$work/v-ours" "$work/v-cwebp" "$work/jpg"
echo
awk -v a="${BYTES[ours-png]}" -v b="${BYTES[optipng]}" -v sa="${SECS[ours-png]}" -v sb="${SECS[optipng]}" \
	'BEGIN { printf "PNG:  ours/optipng bytes %.4f (target <= 1), optipng/ours seconds %.2fx (target >= 2)\n", a / b, sb / sa }'
if [ -n "${BYTES[zopflipng]:-}" ]; then
	awk -v a="${BYTES[ours-png]}" -v b="${BYTES[zopflipng]}" -v sa="${SECS[ours-png]}" -v sb="${SECS[zopflipng]}" \
		'BEGIN { printf "PNG:  ours/zopflipng bytes %.4f, zopflipng/ours seconds %.2fx\n", a / b, sb / sa }'
fi
awk -v a="${BYTES[ours-jpeg]}" -v b="${BYTES[jpegtran]}" -v sa="${SECS[ours-jpeg]}" -v sb="${SECS[jpegtran]}" \
	'BEGIN { printf "JPEG: ours/jpegtran bytes %.4f (target <= 1), jpegtran/ours seconds %.2fx\n", a / b, sb / sa }'
