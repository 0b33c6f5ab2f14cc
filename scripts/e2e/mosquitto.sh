#!/usr/bin/env bash
# Runs a throw-away Mosquitto for the end-to-end tests: loopback only,
# anonymous, no persistence, on RHOMBUS_E2E_MQTT_PORT (default 18830, away
# from 1883 in case a broker already runs there).
#
#   scripts/e2e/mosquitto.sh start|stop|status
#
# RHOMBUS_E2E_DIR chooses the scratch folder (default /tmp/rhombus-e2e).
# Needs Debian's mosquitto package; it is not started as a service.
set -euo pipefail

STATE_DIR="${RHOMBUS_E2E_DIR:-/tmp/rhombus-e2e}/mosquitto"
PORT="${RHOMBUS_E2E_MQTT_PORT:-18830}"
PID_FILE="$STATE_DIR/mosquitto.pid"

die() {
  echo "mosquitto.sh: $*" >&2
  exit 1
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

running() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

start() {
  command -v mosquitto >/dev/null ||
    die "mosquitto is missing: apt-get install mosquitto"
  if running; then
    echo "Mosquitto is already running"
    return 0
  fi

  mkdir -p "$STATE_DIR"
  cat >"$STATE_DIR/mosquitto.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
log_dest file $STATE_DIR/mosquitto.log
CONF
  # Mosquitto refuses to run as root unless told which user to become;
  # "user root" keeps it as the caller, which only ever owns a scratch dir.
  if [ "$(id -u)" = 0 ]; then
    echo "user root" >>"$STATE_DIR/mosquitto.conf"
  fi
  mosquitto -c "$STATE_DIR/mosquitto.conf" >>"$STATE_DIR/console.log" 2>&1 &
  echo $! >"$PID_FILE"

  for _ in $(seq 1 50); do
    port_open && {
      echo "Mosquitto at mqtt://127.0.0.1:$PORT"
      return 0
    }
    running || break
    sleep 0.1
  done
  die "Mosquitto did not open port $PORT; see $STATE_DIR"
}

stop() {
  if running; then
    kill "$(cat "$PID_FILE")"
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running && echo running || { echo stopped; exit 1; } ;;
  *) die "usage: $0 start|stop|status" ;;
esac
