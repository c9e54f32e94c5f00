#!/usr/bin/env bash
# The web UI at 1,000 agents and 10,000 tasks: screenshots of each page into docs/ (webui-*.png) and the
# figures of BENCHMARKS.md's "Web UI" section (time to first render, live-update latency, long tasks), measured
# in Debian's headless chromium. Needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium
# chromium-driver). Takes about 7 minutes on 2 cores. Sizes: WEBUI_AGENTS, WEBUI_TASKS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -pl master -am verify -Dtest=WebUiShowcase -Dsurefire.failIfNoSpecifiedTests=false \
  -Dwebui.docs="$PWD/docs" -Dwebui.agents="${WEBUI_AGENTS:-1000}" -Dwebui.tasks="${WEBUI_TASKS:-10000}"
grep '^RESULT' master/target/surefire-reports/com.amazonaws.ecs.mesos.master.WebUiShowcase-output.txt
