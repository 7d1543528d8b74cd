#!/usr/bin/env bash
# The benchmark (issue 4): builds what is needed (tests skipped), boots a copy of the distribution
# as shipped on free loopback ports against an SMSC simulator the harness runs, sends N messages
# through /http.php from C keep-alive clients, and prints rates, latencies, receipts time, memory
# and CPU. With --kannel, does the same with Kannel (Debian package) and prints the ratio.
#
#   bench/run.sh [--kannel | --kannel-only] [--receipts] [--profile] [--api] [--smpp-server] [N] [C] [window] [rate]
#   bench/run.sh --ceiling [N] [C]
#   bench/run.sh --bulk [N]      (--drop is the same)
#   bench/run.sh --cluster [N] [C]
#
# Defaults: N=20000 C=16 window=32 rate=100000 (the rate limit is set high on purpose: the SMSC
# side must not be the artificial limit). The same can be given as environment variables
# N, C, WINDOW, RATE, KANNEL=1 (or KANNEL=only), RECEIPTS=1, PROFILE=1, RECEIPT_DELAY_MS
# (default 100, 300 with --receipts). The load comes from wrk (apt-get install -y wrk); the
# raw ceiling (a bare pipelined SMPP client) is measured first against the same SMSC.
# --receipts: Colibri POSTs a signed callback per status change to a server of the bench, Kannel
# calls its dlr-url per receipt; the rate that counts is first request -> last receipt told.
# --api sends through the JSON API (POST /api/v1/messages with an API key, one number a request)
# instead of /http.php: the same count, rates and latencies for the new entry.
# --smpp-server also sends N through Colibri's SMPP server for ESMEs after /http.php (a bare pipelining
# SMPP client, window 32, its own account and login) and prints both end-to-end rates side by side.
# --profile records the gateway with JFR during the run (bench/target/*.jfr) and summarises it.
# --ceiling measures the platform alone on this machine (no Colibri work): the same clients against
# a camel-jetty route that answers at once, then one that also sends a persistent JMS message
# through the embedded broker (N defaults to 40000 a route).
# --bulk imports groups of 10 000 and N members (default 100000) through the drop folder, sends
# to each with one /http.php request, then drops a send file of N lines, and prints for each the
# time to the answer or report, to the last submit_sm at the SMSC, and the heap meanwhile.
# --cluster sends N (default 6000) through one gateway node, then the same through three, each time on
# PostgreSQL (127.0.0.1:5432, database test, or BENCH_PG_URL) and a standalone Artemis (the one
# ScaleIT uses), the load spread over the nodes' ports (issue 18, docs/scale-out.md).
set -euo pipefail
cd "$(dirname "$0")/.."
kannel=off
case "${KANNEL:-}" in 1|true|yes|also) kannel=also ;; only) kannel=only ;; esac
profile=false
receipts=false
ceiling=false
drop=false
api=false
smpp=false
cluster=false
case "${PROFILE:-}" in 1|true|yes) profile=true ;; esac
case "${RECEIPTS:-}" in 1|true|yes) receipts=true ;; esac
positional=()
for a in "$@"; do
  case "$a" in
    --kannel) kannel=also ;;
    --kannel-only) kannel=only ;;
    --profile) profile=true ;;
    --receipts) receipts=true ;;
    --ceiling) ceiling=true ;;
    --drop|--bulk) drop=true ;;
    --api) api=true ;;
    --smpp-server) smpp=true ;;
    --cluster) cluster=true ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) positional+=("$a") ;;
  esac
done
n=${positional[0]:-${N:-20000}}
c=${positional[1]:-${C:-16}}
window=${positional[2]:-${WINDOW:-32}}
rate=${positional[3]:-${RATE:-100000}}
if ! [ -x /usr/bin/wrk ]; then
  echo "wrk is not installed: apt-get install -y wrk (the load generator of the bench)."
  exit 2
fi
if [ "$kannel" != off ] && ! [ -x /usr/sbin/bearerbox ]; then
  echo "Kannel is not installed: apt-get install -y kannel (Debian package 1.4.5). Skipping the Kannel part."
  [ "$kannel" = only ] && exit 0
  kannel=off
fi
mvn -B -q install -DskipTests
if [ "$drop" = true ]; then
  exec mvn -B -q -pl bench exec:java -Dbench.main=io.colibri.bench.DropBench \
    -Dexec.args="dist=$PWD/distribution/target/colibri n=${positional[0]:-100000}"
fi
if [ "$cluster" = true ]; then
  mvn -B -q -pl itests dependency:unpack@artemis
  exec mvn -B -q -pl bench exec:java -Dbench.main=io.colibri.bench.ClusterBench \
    -Dexec.args="dist=$PWD/distribution/target/colibri n=${positional[0]:-6000} c=${positional[1]:-12} \
pg=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test} artemisXml=$PWD/etc/artemis.xml" \
    -Dcolibri.artemis.home="$PWD/itests/target/artemis/apache-artemis-2.40.0"
fi
if [ "$ceiling" = true ]; then
  exec mvn -B -q -pl bench exec:java -Dbench.main=io.colibri.bench.Ceiling \
    -Dexec.args="dist=$PWD/distribution/target/colibri n=${positional[0]:-40000} c=$c"
fi
mvn -B -q -pl bench exec:java -Dexec.args="dist=$PWD/distribution/target/colibri n=$n c=$c window=$window rate=$rate \
receiptDelayMs=${RECEIPT_DELAY_MS:-$([ "$receipts" = true ] && echo 300 || echo 100)} callbacks=$receipts kannel=$kannel \
profile=$profile api=$api smppServer=$smpp out=$PWD/bench/target"
