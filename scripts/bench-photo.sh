#!/usr/bin/env bash
# bench-photo.sh: time the photo reader (board/photo.Read: decode, clean-up,
# Tesseract, layout) against a plain `tesseract img out` run, photo by photo,
# on the synthetic whiteboards in ../shared/whiteboard/images. Both run with
# OMP_THREAD_LIMIT=1 (the reader sets it itself; plain tesseract gets it
# here, as without it Tesseract takes 3-4x longer on 2 cores). Each photo is
# read RUNS times (default 3) by each, interleaved, and the medians of the
# wall-clock and the CPU time (user+system, Tesseract's included) are kept.
# On a machine shared with other work the CPU time is the steadier figure.
#
#   scripts/bench-photo.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dir=../shared/whiteboard/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v tesseract >/dev/null || { echo "bench-photo: install tesseract: apt-get install tesseract-ocr" >&2; exit 1; }
ls "$dir"/*.jpg >/dev/null || { echo "bench-photo: no photos in $dir" >&2; exit 1; }

go test -c -o "$tmp/photo.test" ./board/photo

median() { sort -g | awk '{a[NR]=$1} END {printf "%.2f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(tesseract --version 2>&1 | head -1)"
printf '%-28s %10s %11s %11s %11s %11s\n' photo size plain-wall plain-cpu reader-wall reader-cpu
TIMEFORMAT='%R %U %S'
for img in "$dir"/*.jpg; do
  name=$(basename "$img" .jpg)
  size=$(file -b "$img" | grep -o '[0-9]*x[0-9]*' | tail -1)
  rm -f "$tmp"/{pw,pc,rw,rc}
  for _ in $(seq "$runs"); do
    { time OMP_THREAD_LIMIT=1 tesseract "$img" "$tmp/out" >/dev/null 2>&1; } 2>"$tmp/t"
    awk '{print $1 >> "'"$tmp/pw"'"; print $2+$3 >> "'"$tmp/pc"'"}' "$tmp/t"
    (cd board/photo && "$tmp/photo.test" -test.run '^$' -test.bench "^BenchmarkRead\$/^${name}\$" -test.benchtime 1x) |
      awk '$1 ~ /^BenchmarkRead/ {print $3/1e9 >> "'"$tmp/rw"'"; print $5 >> "'"$tmp/rc"'"}'
  done
  pw=$(median <"$tmp/pw") pc=$(median <"$tmp/pc") rw=$(median <"$tmp/rw") rc=$(median <"$tmp/rc")
  printf '%-28s %10s %11s %11s %11s %11s\n' "$name" "$size" "$pw" "$pc" "$rw" "$rc"
  echo "$pw" >>"$tmp/all-pw"; echo "$pc" >>"$tmp/all-pc"; echo "$rw" >>"$tmp/all-rw"; echo "$rc" >>"$tmp/all-rc"
done
printf '%-28s %10s %11s %11s %11s %11s\n' "median" "" "$(median <"$tmp/all-pw")" "$(median <"$tmp/all-pc")" "$(median <"$tmp/all-rw")" "$(median <"$tmp/all-rc")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
