package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web UI at 1,000 agents and 10,000 tasks, in headless chromium: a screenshot of each page into
 * {@code docs/}, and what a user waits for, measured in the browser (time to first render, live-update
 * latency, main-thread long tasks). Not part of {@code mvn verify} (its name is neither *IT nor *Test); run by
 * {@code docs/webui-screenshots.sh}. Prints {@code RESULT} lines.
 */
// -Dtest also selects it in the module's second surefire execution (the driver's suites through the master): once.
@DisabledIfSystemProperty(named = "driver.via", matches = ".+")
class WebUiShowcase extends MasterTestBase {
  /** Real time: status timestamps (ECS's times) and the browser's clock are then the same clock. */
  @Override
  double timeFactor() {
    return 1;
  }

  private static final int AGENTS = Integer.getInteger("webui.agents", 1000);
  private static final int TASKS = Integer.getInteger("webui.tasks", 10000);
  private static final int RUNS = 5;

  private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
  private ChromeDriver page;

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) page).executeScript(script, args);
  }

  @Test
  void screenshotsAndFigures() throws Exception {
    Path docs = Path.of(System.getProperty("webui.docs", "../docs")).toAbsolutePath().normalize();
    Files.createDirectories(docs);
    ecsLocal.addInstances(CLUSTER, AGENTS, 2048, 4096);
    String serve = taskDefinition("web-server", "serve");
    String brief = taskDefinition("report", "sh", "-c", "sleep 30");
    String failing = taskDefinition("import", "sh", "-c", "sleep 20; exit 3");
    // Polls ECS as a production master would (the tests' 50 ms is for short tests on small clusters).
    startMaster(masterBuilder().pollInterval(Duration.ofSeconds(1)).agentDisconnectTimeout(Duration.ofSeconds(75)));
    long launchStart = System.nanoTime();
    int webTasks = TASKS * 4 / 10;
    try (ShowcaseFramework web = new ShowcaseFramework(client(false), "web", "web", webTasks, 4, 0.25, 512,
            i -> serve);
        ShowcaseFramework batch = new ShowcaseFramework(client(false), "analytics", "batch", TASKS - webTasks, 6,
            0.125, 256, i -> i % 97 == 0 ? brief : i % 89 == 0 ? failing : serve);
        // A 1280 × 800 page: headless chromium's window keeps 143 px of it for its own (absent) toolbars.
        HeadlessChromium browser = HeadlessChromium.start(1280, 943)) {
      page = browser.driver;
      await().atMost(20, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(2)).until(() ->
          running() >= TASKS * 95 / 100);
      double launchSeconds = (System.nanoTime() - launchStart) / 1e9;
      System.out.printf(Locale.ROOT, "RESULT setup agents=%d tasks=%d launched_in_s=%.1f load_average=%s%n", AGENTS,
          TASKS, launchSeconds, loadAverage());
      // A killed task for the task page: its reason and message are what the page is for.
      String shown = json("/master/ui/tasks?state=TASK_RUNNING&limit=1&offset=10&framework_id=" + web.id().getValue())
          .get("tasks").get(0).get("id").asText();
      web.kill(shown);

      Map<String, String> pages = Map.of("overview", "#/", "frameworks", "#/frameworks", "agents", "#/agents",
          "tasks", "#/tasks");
      for (String name : List.of("overview", "frameworks", "agents", "tasks")) {
        List<Double> firsts = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          firsts.add(firstRender(pages.get(name)));
        }
        Collections.sort(firsts);
        System.out.printf(Locale.ROOT, "RESULT first_render page=%s median_ms=%.0f max_ms=%.0f runs=%s%n", name,
            firsts.get(RUNS / 2), firsts.get(RUNS - 1), firsts);
        if ("overview".equals(name)) {
          waitForSparkline();
        }
        screenshot(docs.resolve("webui-" + name + ".png"));
      }
      firstRender("#/task/" + web.id().getValue() + "/" + shown);
      await().atMost(30, TimeUnit.SECONDS).until(() -> Boolean.TRUE.equals(js(
          "return !!document.querySelector(\"#task-statuses tr[data-state='TASK_KILLED']\")")));
      screenshot(docs.resolve("webui-task.png"));

      liveUpdates(web);
      longTasks();
      System.out.printf(Locale.ROOT, "RESULT done load_average=%s%n", loadAverage());
    }
  }

  private static String loadAverage() throws java.io.IOException {
    Path proc = Path.of("/proc/loadavg");
    return Files.exists(proc) ? String.join(",", Files.readString(proc).trim().split(" ")).split(",\\d+/")[0] : "?";
  }

  /** Tasks running, or ended as their task definition says (finished, failed). */
  private long running() throws Exception {
    var m = json("/metrics/snapshot");
    return m.get("master/task_runnings").asLong() + m.get("master/task_finisheds").asLong()
        + m.get("master/task_faileds").asLong();
  }

  private com.fasterxml.jackson.databind.JsonNode json(String path) throws Exception {
    String body = http.send(java.net.http.HttpRequest.newBuilder(url().resolve(path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
  }

  /** Navigates afresh and returns the milliseconds from navigation start to the page's first data drawn. */
  private double firstRender(String hash) {
    page.get("about:blank");
    page.get(url().resolve("/") + hash);
    await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() ->
        js("return window.webui && window.webui.firstRender") != null);
    return ((Number) js("return window.webui.firstRender - performance.getEntriesByType('navigation')[0].startTime"))
        .doubleValue();
  }

  private void waitForSparkline() {
    // Enough samples for the rates to draw a line.
    await().atMost(30, TimeUnit.SECONDS).until(() -> ((Number) js("return window.webui.renders")).intValue() >= 8);
  }

  private void screenshot(Path file) throws Exception {
    js("window.scrollTo(0, 0)");
    Files.write(file, page.getScreenshotAs(OutputType.BYTES));
    System.out.printf(Locale.ROOT, "RESULT screenshot %s bytes=%d%n", file.getFileName(), Files.size(file));
  }

  /**
   * Kills running tasks while the unfiltered tasks page (newest update first, all tasks) is open: the time from
   * the master's TASK_KILLED to the row showing it (seen by a MutationObserver in the page), counted from when the
   * framework got the update, and from the update's timestamp (when ECS said the task stopped).
   */
  private void liveUpdates(ShowcaseFramework web) throws Exception {
    firstRender("#/tasks");
    js("window.seen = {}; new MutationObserver(() => {"
        + " document.querySelectorAll(\"tr[data-state='TASK_KILLED']\").forEach(r => {"
        + "  if (!(r.dataset.task in window.seen)) window.seen[r.dataset.task] = Date.now(); }); })"
        + ".observe(document.getElementById('main'), {childList: true, subtree: true});");
    List<Double> fromMaster = new ArrayList<>();
    List<Double> fromEcs = new ArrayList<>();
    var running = json("/master/ui/tasks?state=TASK_RUNNING&limit=8&offset=20&framework_id=" + web.id().getValue())
        .get("tasks");
    for (var task : running) {
      String id = task.get("id").asText();
      web.kill(id);
      await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() ->
          js("return window.seen[arguments[0]]", id) != null && web.endedAt.containsKey(id));
      double seenAt = ((Number) js("return window.seen[arguments[0]]", id)).doubleValue();
      fromMaster.add(seenAt - web.endedAt.get(id));
      fromEcs.add(seenAt - killedTimestampMillis(id));
    }
    Collections.sort(fromMaster);
    Collections.sort(fromEcs);
    System.out.printf(Locale.ROOT, "RESULT live_update page=tasks from=master_update median_ms=%.0f max_ms=%.0f "
        + "runs=%s%n", fromMaster.get(fromMaster.size() / 2), fromMaster.get(fromMaster.size() - 1), fromMaster);
    System.out.printf(Locale.ROOT, "RESULT live_update page=tasks from=status_timestamp median_ms=%.0f max_ms=%.0f "
        + "runs=%s%n", fromEcs.get(fromEcs.size() / 2), fromEcs.get(fromEcs.size() - 1), fromEcs);
  }

  private double killedTimestampMillis(String taskId) throws Exception {
    var body = json("/master/tasks?task_id=" + taskId);
    var statuses = body.get("tasks").get(0).get("statuses");
    for (var s : statuses) {
      if ("TASK_KILLED".equals(s.get("state").asText())) {
        return s.get("timestamp").asDouble() * 1000;
      }
    }
    throw new AssertionError("no TASK_KILLED in " + body);
  }

  /** Main-thread tasks over 50 ms while each table page updates live for 15 s: what would feel like a freeze. */
  private void longTasks() {
    for (String hash : List.of("#/tasks", "#/agents", "#/")) {
      firstRender(hash);
      js("window.longTasks = []; new PerformanceObserver(l => l.getEntries().forEach(e =>"
          + " window.longTasks.push(e.duration))).observe({type: 'longtask'});"
          + " window.rendersAtStart = window.webui.renders;");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> System.nanoTime() > until);
      @SuppressWarnings("unchecked")
      List<Number> tasks = (List<Number>) js("return window.longTasks");
      double max = tasks.stream().mapToDouble(Number::doubleValue).max().orElse(0);
      Object renders = js("return window.webui.renders - window.rendersAtStart");
      Object fetchMs = js("const r = performance.getEntriesByType('resource').filter(e => e.name.includes('/master/ui/'));"
          + " const d = r.map(e => e.duration).sort((a, b) => a - b); return d.length ? d[Math.floor(d.length / 2)] : null;");
      System.out.printf(Locale.ROOT, "RESULT live page=%s seconds=15 redraws=%s long_tasks=%d longest_ms=%.0f "
          + "json_fetch_median_ms=%s%n", hash, renders, tasks.size(), max, fetchMs);
      assertThat(tasks.size()).isLessThan(1000);
    }
  }
}
