#!/usr/bin/env bash
# Builds Colibri (tests skipped) and starts the gateway with the sandbox: the Artemis broker,
# the embedded H2 database, the SMSC simulator and a mail server, all inside one Karaf on this
# machine. Then prints where to send an SMS, with a demo account and its password.
# The sandbox (feature colibri-sandbox) is installed here, by this script: the distribution
# itself does not start it. The shell's password is generated at the first start
# (etc/initial-passwords); set COLIBRI_ADMIN_PASSWORD if you changed it.
#
#   ./run.sh          build, start (or restart) and print the demo account
#   ./run.sh stop     stop the gateway
set -euo pipefail
cd "$(dirname "$0")"
KARAF=distribution/target/colibri
DEMO=demo@colibri.local
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  export JAVA_HOME
fi

running() { [ -x "$KARAF/bin/status" ] && "$KARAF/bin/status" >/dev/null 2>&1; }
admin() { echo "${COLIBRI_ADMIN_PASSWORD:-$(sed -n 's/^karaf = //p' "$KARAF/etc/initial-passwords" 2>/dev/null)}"; }
# The distribution's bin/client runs a command from a script too (its input is not a terminal).
shell() { "$KARAF/bin/client" -u karaf -p "$(admin)" -r 30 -d 2 "$1" 2>/dev/null; }

if running; then
  echo "Stopping the running gateway..."
  "$KARAF/bin/stop"
  while running; do sleep 1; done
fi
[ "${1:-}" = "stop" ] && exit 0

echo "Building Colibri (a few minutes the first time, tests skipped)..."
mvn -B -q install -DskipTests

echo "Starting the gateway..."
"$KARAF/bin/start"
host=$(sed -n 's/^host *= *//p' "$KARAF/etc/io.colibri.http.cfg")
port=$(sed -n 's/^port *= *//p' "$KARAF/etc/io.colibri.http.cfg")
url="http://${host:-127.0.0.1}:${port:-8080}/http.php"
for _ in $(seq 1 180); do
  curl -s -o /dev/null "$url" && break
  sleep 1
done
curl -s -o /dev/null "$url" || { echo "The gateway did not answer on $url; see $KARAF/data/log/karaf.log" >&2; exit 1; }

echo "Starting the sandbox (SMSC simulator, mail server)..."
shell "feature:install --no-auto-refresh colibri-sandbox" >/dev/null
for _ in $(seq 1 60); do
  (exec 3<>/dev/tcp/127.0.0.1/3025) 2>/dev/null && break
  sleep 1
done

if out=$(shell "colibri:account-create $DEMO") && grep -q '^password:' <<<"$out"; then
  shell "colibri:credit-add $DEMO 100" >/dev/null
else
  out=$(shell "colibri:account-password $DEMO")
fi
password=$(sed -n 's/^password: *//p' <<<"$out" | tr -d '\r')
apikey=$(shell "colibri:apikey-create $DEMO" | sed -n 's/^key: *//p' | tr -d '\r')
api="${url%/http.php}/api/v1"
balance=$(shell "colibri:account-show $DEMO" | sed -n 's/^balance: *//p' | tr -d '\r')
smpppass=$(shell "colibri:smpp-credentials $DEMO demo" | sed -n 's/^password: *//p' | tr -d '\r')

cat <<INFO

Colibri is running (sandbox: messages go to the SMSC simulator on 127.0.0.1:2775).
  Legacy HTTP interface: $url
  Demo account:          $DEMO
  Password:              $password   (shown once; ./run.sh gives a new one)
  Balance:               $balance credits

Send an SMS (the answer 80 means accepted):
  curl "$url?email=$DEMO&pass=$password&numero=0612345678&message=Bonjour"

Or in the web console (French or English): ${url%/http.php}/console/
  log in as $DEMO with the password above (an operator logs in with an operator's API key:
  $KARAF/bin/client -u karaf -p \$(sed -n 's/^karaf = //p' $KARAF/etc/initial-passwords) "colibri:apikey-create --operator NAME").

Or through the JSON API (API key shown once: $apikey; the OpenAPI document is $api/openapi.json):
  curl -s $api/messages -H "Authorization: Bearer $apikey" -H 'Content-Type: application/json' \\
    -d '{"to": ["0612345678"], "text": "Bonjour par l API"}'

Or from an SMPP client of your own (an ESME: Kannel, Jasmin, an ESB's SMPP adapter), SMPP 3.4 on
  127.0.0.1:2780, system_id demo, password $smpppass (shown once; ./run.sh gives a new one).

Or by mail (sandbox mail server: SMTP 127.0.0.1:3025, replies readable over IMAP on 3143):
  printf 'From: $DEMO\\r\\nTo: sms@sms.colibri.test\\r\\nSubject: $password:0612345678\\r\\n\\r\\nBonjour par mail\\r\\n' \\
    | curl -s smtp://127.0.0.1:3025 --mail-from $DEMO --mail-rcpt sms@sms.colibri.test -T -
  curl -s 'imap://127.0.0.1:3143/INBOX;UID=1' -u $DEMO:$DEMO      # the confirmation

Then see it delivered (the shell's password is in $KARAF/etc/initial-passwords):
  $KARAF/bin/client -u karaf -p $(admin) "colibri:message-list $DEMO"
Metrics (Prometheus text format): http://127.0.0.1:9464/metrics (Grafana dashboard: docs/grafana/colibri.json)
Logs: $KARAF/data/log/karaf.log (one line per message event: messages.log)      Stop: ./run.sh stop
INFO
