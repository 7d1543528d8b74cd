#!/usr/bin/env bash
# The HTTP bench: builds what is needed (tests skipped), then boots a copy of the distribution on
# free loopback ports against an SMSC the harness runs, and sends load through /http.php.
#
#   bench/run.sh [requests] [concurrency] [window] [rate]      defaults: 5000 8 10 5000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl bench exec:java -Dexec.args="$PWD/distribution/target/colibri ${1:-5000} ${2:-8} ${3:-10} ${4:-5000}"
