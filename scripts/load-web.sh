#!/usr/bin/env bash
# Load test of the web app (docs/PERFORMANCE.md, "Web app"): 10,000
# generated postmortems in SQLite, hindsight serve on loopback, and wrk
# (Debian package wrk) against the postmortem page and the list page, as
# the local user (no users: no authentication lookups) and with an API
# token (two lookups per request). Not part of make test.
#
#   scripts/load-web.sh                 # 15 s per run, 2 threads, 16 connections
#   DURATION=30s CONNS=32 scripts/load-web.sh
#   DB=/tmp/load.db scripts/load-web.sh # keep (or reuse) the generated database
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
N=${N:-10000}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "load-web: install wrk (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT
go build -o "$work/hindsight" ./cmd/hindsight
DB=${DB:-$work/generated.db}
if [ ! -s "$DB" ]; then
	echo "load-web: generating $N postmortems…" >&2
	HINDSIGHT_LOAD_DB="$DB" HINDSIGHT_LOAD_N="$N" go test ./web -run '^TestLoadDatabase$' -count=1 -v | grep -E 'postmortems in|FAIL' >&2
fi
cp "$DB" "$work/h.db" # the runs add a user and a token to a copy

serve() {
	"$work/hindsight" serve --db "$work/h.db" --addr "127.0.0.1:$PORT" 2>"$work/serve.log" &
	pid=$!
	for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.1; done
	echo "load-web: the server did not start" >&2; cat "$work/serve.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

run() { # NAME URL [HEADER [CONNECTIONS]]
	local name=$1 url=$2 hdr=${3:-} conns=${4:-$CONNS}
	local args=(-t"$THREADS" -c"$conns" -d"$DURATION" --latency)
	[ -n "$hdr" ] && args+=(-H "$hdr")
	curl -sf ${hdr:+-H "$hdr"} -o /dev/null "$url" || { echo "load-web: $url does not answer 200" >&2; exit 1; }
	wrk "${args[@]}" "$url" >/dev/null 2>&1 # warm up once (caches, page cache)
	local out; out=$(wrk "${args[@]}" "$url")
	local rps p50 p99
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1=="50%" {print $2}' <<<"$out")
	p99=$(awk '$1=="99%" {print $2}' <<<"$out")
	printf '| %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99"
	grep -q "Non-2xx" <<<"$out" && { echo "load-web: non-2xx answers for $url" >&2; echo "$out" >&2; }
	return 0
}

echo "load: $(uptime | sed 's/.*load average/load average/')  ($(nproc) cores; wrk -t$THREADS -c$CONNS -d$DURATION)"
echo "| page | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
serve
base="http://127.0.0.1:$PORT"
run "postmortem page (local user)" "$base/postmortems/gen-005000"
run "list page, newest 50 (local user)" "$base/postmortems"
run "postmortem page, 4 connections (local user)" "$base/postmortems/gen-005000" "" 4
run "list page, search 'migration' (local user)" "$base/postmortems?q=migration"
run "JSON: one postmortem (local user)" "$base/api/v1/postmortems/gen-005000"
stop
echo "load-bench-password" | "$work/hindsight" users add bench --role viewer --db "$work/h.db" >/dev/null
tok=$("$work/hindsight" users token bench --db "$work/h.db" 2>/dev/null)
serve
run "postmortem page (API token)" "$base/postmortems/gen-005000" "Authorization: Bearer $tok"
run "list page, newest 50 (API token)" "$base/postmortems" "Authorization: Bearer $tok"
stop
echo "load: $(uptime | sed 's/.*load average/load average/')"
