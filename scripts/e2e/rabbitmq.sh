#!/usr/bin/env bash
# Runs a throw-away RabbitMQ with the Web-STOMP plugin for the end-to-end
# tests: loopback only, every file in one scratch folder, fixed ports
# (AMQP 5672, STOMP 61613, Web-STOMP 15674 at ws://127.0.0.1:15674/ws).
#
#   scripts/e2e/rabbitmq.sh start|stop|restart|status
#
# RHOMBUS_E2E_DIR chooses the scratch folder (default /tmp/rhombus-e2e).
# Needs Debian's rabbitmq-server package; it is not started as a service.
set -euo pipefail

STATE_DIR="${RHOMBUS_E2E_DIR:-/tmp/rhombus-e2e}/rabbitmq"
WEB_STOMP_PORT=15674
# The vhost named after the STOMP host header our client sends for a
# ws://127.0.0.1 URL: RabbitMQ takes that header as the virtual host.
STOMP_HOST_VHOST=127.0.0.1

# The /usr/sbin wrappers switch to the rabbitmq user; the real scripts
# run as whoever calls them, with all state under STATE_DIR.
export PATH="/usr/lib/rabbitmq/bin:$PATH"
export HOME="$STATE_DIR"
export RABBITMQ_MNESIA_BASE="$STATE_DIR/mnesia"
export RABBITMQ_LOG_BASE="$STATE_DIR/log"
export RABBITMQ_PID_FILE="$STATE_DIR/rabbitmq.pid"
export RABBITMQ_CONFIG_FILE="$STATE_DIR/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$STATE_DIR/enabled_plugins"
export RABBITMQ_CONF_ENV_FILE="$STATE_DIR/rabbitmq-env.conf"
export RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

die() {
  echo "rabbitmq.sh: $*" >&2
  exit 1
}

write_config() {
  mkdir -p "$STATE_DIR/log"
  : >"$RABBITMQ_CONF_ENV_FILE"
  echo '[rabbitmq_web_stomp].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
  cat >"$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:5672
stomp.listeners.tcp.1 = 127.0.0.1:61613
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $WEB_STOMP_PORT
CONF
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {
  for _ in $(seq 1 100); do
    port_open "$1" && return 0
    sleep 0.2
  done
  die "Web-STOMP did not open port $1; see $STATE_DIR/log"
}

running() {
  rabbitmqctl status >/dev/null 2>&1
}

setup_vhost() {
  rabbitmqctl add_vhost "$STOMP_HOST_VHOST" >/dev/null 2>&1 || true
  rabbitmqctl set_permissions -p "$STOMP_HOST_VHOST" guest '.*' '.*' '.*' \
    >/dev/null
}

start() {
  command -v rabbitmq-server >/dev/null ||
    die "rabbitmq-server is missing: apt-get install rabbitmq-server"
  if running; then
    echo "RabbitMQ is already running"
    return 0
  fi

  write_config
  rm -f "$RABBITMQ_PID_FILE"
  rabbitmq-server >>"$STATE_DIR/log/console.log" 2>&1 &
  # "wait" first waits for the pid file, which the node writes early;
  # await_startup alone gives up at once while the node is not yet known.
  rabbitmqctl wait --timeout 120 "$RABBITMQ_PID_FILE" >/dev/null ||
    die "RabbitMQ did not start; see $STATE_DIR/log"
  setup_vhost
  wait_for_port "$WEB_STOMP_PORT"
  echo "RabbitMQ Web-STOMP at ws://127.0.0.1:$WEB_STOMP_PORT/ws"
}

stop() {
  if running; then
    rabbitmqctl stop "$RABBITMQ_PID_FILE" >/dev/null
  fi
  epmd -kill >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart)
    stop
    start
    ;;
  status) running && echo running || { echo stopped; exit 1; } ;;
  *) die "usage: $0 start|stop|restart|status" ;;
esac
