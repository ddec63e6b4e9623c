#!/usr/bin/env bash
# instructions.sh BINARY DB [N]: the instructions a report costs the server,
# counted by valgrind's cachegrind rather than timed. On a shared 2-core
# machine the same build's intake varies by a fifth from one run to the
# next, and its speed drifts within minutes; instruction counts do not
# move with the load, so they compare two builds where timings cannot.
#
# BINARY (a build of cmd/streetfix) serves a copy of the SQLite database DB
# twice under cachegrind: once with no report posted, once with N (2,000)
# posted by 8 concurrent clients, each run ending once the notification
# worker has emptied its outbox. The difference, divided by N, is printed
# per part: SQLite, the C library (mostly SQLite's allocations and copies),
# Go code, and Go's runtime (scheduler and collector; its idle spinning
# follows the wall time, so that part is the least exact).
#
# Needs valgrind, curl and the sqlite3 command. Example (docs/SCALING.md):
#   cmd/benchmark/instructions.sh bin/streetfix bench.db 2000
set -euo pipefail
[ $# -ge 2 ] && [ -x "$1" ] && [ -f "$2" ] || { echo "usage: instructions.sh BINARY DB [N] (a streetfix build and a SQLite database)" >&2; exit 2; }
bin=$(realpath "$1"); src=$(realpath "$2"); n=${3:-2000}
for c in valgrind cg_annotate curl sqlite3; do
  command -v "$c" >/dev/null || { echo "instructions.sh: needs $c" >&2; exit 2; }
done
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
body='{"category":"graffiti","lat":50.8467,"lon":4.3525,"title":"Benchmark report","description":"Posted by the benchmark to measure intake.","email":"bench@example.org","locale":"en"}'

# count POSTS: serve a copy under cachegrind, post, wait for the outbox,
# stop, and print "sqlite libc go runtime" instruction totals.
count() {
  local posts=$1 port=$((20000 + RANDOM % 20000)) db="$dir/db-$1.db" out="$dir/cg-$1"
  sqlite3 "$src" ".backup '$db'" # a consistent copy, whatever its write-ahead log holds
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out" \
    "$bin" serve --db "$db" --addr "127.0.0.1:$port" --rate-limit 0 >"$dir/log-$posts" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/log-$posts" >&2; exit 1; }
    sleep 1
  done
  if [ "$posts" -gt 0 ]; then
    local bad
    bad=$(seq "$posts" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST \
      -H 'Content-Type: application/json' --data "$body" "http://127.0.0.1:$port/api/v1/reports" | grep -vc '^201$' || true)
    [ "$bad" = 0 ] || { echo "instructions.sh: $bad of $posts posts were not accepted" >&2; exit 1; }
  fi
  until [ "$(sqlite3 "$db" 'SELECT count(*) FROM notify_outbox')" = 0 ]; do sleep 1; done
  kill -INT "$pid"; wait "$pid" || true
  cg_annotate --show-percs=no --threshold=0 --auto=no "$out" | awk '
    /file:function/ {on = 1; next}
    on && /^ *[0-9,]+ +/ { n = $1; gsub(",", "", n); f = $2
      if (f ~ /sqlite3-binding\.c/) s += n
      else if (f ~ /^\.\// || f ~ /libc|nptl|ld-linux/) c += n
      else if (f ~ /\/src\/runtime\//) r += n
      else g += n }
    END { printf "%.0f %.0f %.0f %.0f\n", s, c, g, r }'
}
read -r s0 c0 g0 r0 < <(count 0)
read -r s1 c1 g1 r1 < <(count "$n")
awk -v n="$n" -v s="$((s1 - s0))" -v c="$((c1 - c0))" -v g="$((g1 - g0))" -v r="$((r1 - r0))" 'BEGIN {
  printf "instructions a report (%d posted): SQLite %.0fk, C library %.0fk, Go %.0fk, Go runtime %.0fk; all %.0fk, without the runtime %.0fk\n",
    n, s/n/1000, c/n/1000, g/n/1000, r/n/1000, (s+c+g+r)/n/1000, (s+c+g)/n/1000 }'
