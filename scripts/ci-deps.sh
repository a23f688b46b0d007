#!/usr/bin/env bash
# Installs and starts what the tests need, idempotently and fast on a second
# run (about half a second). Sourced by .ci/run and by `make test` / `make
# deps`; exports what the tests read (HINDSIGHT_TEST_POSTGRES).
#
# One function per dependency; add new ones (Tesseract, Chromium, ...) the
# same way and call them at the bottom.
set -euo pipefail

# apt_install PKG... installs Debian packages that are missing, when root.
apt_install() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "ci-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
		return 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
		{ apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
}

# deps_postgres installs PostgreSQL, starts a cluster, creates the role and
# database "hindsight_test", and exports HINDSIGHT_TEST_POSTGRES.
deps_postgres() {
	local dsn="postgres://hindsight_test:hindsight_test@127.0.0.1:5432/hindsight_test?sslmode=disable"
	if [ -n "${HINDSIGHT_TEST_POSTGRES:-}" ]; then return 0; fi
	apt_install postgresql || return 0
	if [ "$(id -u)" != 0 ]; then
		echo "ci-deps: not root: start PostgreSQL yourself and set HINDSIGHT_TEST_POSTGRES" >&2
		return 0
	fi
	local ver cluster
	read -r ver cluster _ < <(pg_lsclusters -h | head -1) || true
	if [ -z "${ver:-}" ]; then
		ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
		pg_createcluster "$ver" main >/dev/null
		cluster=main
	fi
	if ! pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
		pg_ctlcluster "$ver" "$cluster" start
	fi
	for _ in $(seq 1 50); do
		pg_isready -q -h 127.0.0.1 -p 5432 && break
		sleep 0.2
	done
	su postgres -c "psql -q -v ON_ERROR_STOP=1" >/dev/null <<'SQL'
SELECT 'CREATE ROLE hindsight_test LOGIN PASSWORD ''hindsight_test'' CREATEDB'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hindsight_test')\gexec
SELECT 'CREATE DATABASE hindsight_test OWNER hindsight_test'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hindsight_test')\gexec
SQL
	export HINDSIGHT_TEST_POSTGRES="$dsn"
}

# deps_tesseract installs Tesseract 5 and its English data for the photo
# reader's tests (board/photo), which fail under CI=true without it, and
# libheif's heif-enc and heif-convert, with which TestReadHEIC makes and
# reads a HEIC photo.
deps_tesseract() {
	apt_install tesseract-ocr tesseract-ocr-eng libheif-examples || return 0
}

# deps_chromium installs Debian's Chromium for the web app's browser tests
# (web/browser_test.go drives it with chromedp), which fail under CI=true
# without it.
deps_chromium() {
	apt_install chromium || return 0
}

deps_postgres
deps_tesseract
deps_chromium
