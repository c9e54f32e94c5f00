#!/usr/bin/env bash
# HubSpot Singularity 1.5.0, unmodified, as a framework of an ecs-mesos master, with a ZooKeeper of its own.
#
#   examples/singularity/singularity.sh start [MASTER]   # MASTER: host:port of the master (default 127.0.0.1:5050)
#   examples/singularity/singularity.sh stop
#
# Fetches SingularityService-1.5.0-shaded.jar and ZooKeeper 3.5.10 with Maven the first time. Singularity serves
# its REST API at http://127.0.0.1:7099/singularity/api (SINGULARITY_PORT to change it); logs and state go to
# target/singularity-example/. On Java 14 and later Singularity's bundled ZooKeeper 3.4 client cannot connect
# (ZOOKEEPER-3779): the 3.5.10 client goes in front of the shaded jar, with SASL off and --add-opens for Guice.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(realpath -m "${SINGULARITY_WORK:-$HERE/../../target/singularity-example}")
PORT="${SINGULARITY_PORT:-7099}"
ZK_PORT="${ZK_PORT:-2181}"
JARS="$WORK/jars"

fetch() {
  mkdir -p "$JARS"
  for artifact in com.hubspot:SingularityService:1.5.0:jar:shaded org.apache.zookeeper:zookeeper:3.5.10 \
      org.apache.zookeeper:zookeeper-jute:3.5.10; do
    # Maven's output (colour codes even with -q) is shown only when the fetch fails.
    local out
    if ! out=$(mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="$artifact" -DoutputDirectory="$JARS" -Dmdep.stripVersion=true 2>&1); then
      echo "$out" >&2
      echo "fetching $artifact failed" >&2
      return 1
    fi
  done
}

start() {
  local master="${1:-127.0.0.1:5050}"
  [ -f "$JARS/SingularityService-shaded.jar" ] && [ -f "$JARS/zookeeper-jute.jar" ] || fetch
  local cp="$JARS/zookeeper.jar:$JARS/zookeeper-jute.jar:$JARS/SingularityService-shaded.jar"
  mkdir -p "$WORK/zk-data"
  java -Xmx128m -Dzookeeper.admin.enableServer=false -cp "$cp" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$ZK_PORT" "$WORK/zk-data" >"$WORK/zookeeper.log" 2>&1 &
  echo $! >"$WORK/zookeeper.pid"
  cat >"$WORK/singularity.yaml" <<YAML
server:
  type: simple
  applicationContextPath: /singularity
  connector:
    type: http
    port: $PORT
mesos:
  master: $master
  frameworkName: Singularity
  frameworkId: Singularity
  frameworkFailoverTimeout: 1000000
  defaultCpus: 1
  defaultMemory: 64
zookeeper:
  quorum: 127.0.0.1:$ZK_PORT
  zkNamespace: singularity
  sessionTimeoutMillis: 60000
  connectTimeoutMillis: 5000
logging:
  level: INFO
YAML
  local opens=()
  for p in java.lang java.util java.lang.reflect java.net java.nio java.util.concurrent sun.nio.ch; do
    opens+=(--add-opens "java.base/$p=ALL-UNNAMED")
  done
  java -Xmx512m -XX:+UseSerialGC -Dzookeeper.sasl.client=false "${opens[@]}" -cp "$cp" \
    com.hubspot.singularity.SingularityService server "$WORK/singularity.yaml" >"$WORK/singularity.log" 2>&1 &
  echo $! >"$WORK/singularity.pid"
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$PORT/singularity/api/state" >/dev/null; then
      echo "Singularity is up: http://127.0.0.1:$PORT/singularity/api (framework Singularity on master $master;"
      echo "log: $WORK/singularity.log)"
      return 0
    fi
    sleep 1
  done
  echo "Singularity did not answer within 120 s; see $WORK/singularity.log" >&2
  stop
  return 1
}

stop() {
  for name in singularity zookeeper; do
    if [ -f "$WORK/$name.pid" ]; then
      kill "$(cat "$WORK/$name.pid")" 2>/dev/null || true
      rm -f "$WORK/$name.pid"
    fi
  done
  rm -rf "$WORK/zk-data"
  echo "Singularity and its ZooKeeper stopped"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 start [MASTER] | stop" >&2; exit 2 ;;
esac
