package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's headless chromium): what an operator sees of agents and tasks, a task
 * finishing while the page is open, the search, a killed task's page, and signing in when the master asks for
 * credentials.
 */
class WebUiIT extends MasterTestBase {
  private static HeadlessChromium browser;
  private static WebDriver page;

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = HeadlessChromium.start(1280, 800);
    page = browser.driver;
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  /** Waits; rows redrawn by a live update while being read are read again. */
  private WebDriverWait waitUp() {
    WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(15), Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** The state a task's row shows now; null while it has none. */
  private String rowState(String taskId) {
    return (String) ((JavascriptExecutor) page).executeScript(
        "const r = document.querySelector(\"tr[data-task='\" + arguments[0] + \"']\"); return r && r.dataset.state;",
        taskId);
  }

  private void open(String hash) {
    page.get(url().resolve("/") + hash);
  }

  /** A framework with a task on each of its first offers: {@code tasks[i]} runs task definition {@code defs[i]}. */
  private V1Client frameworkRunning(String name, String[] ids, String[] defs) throws Exception {
    V1Client c = client(true);
    c.subscribe(subscribe(framework(name, 60)));
    awaitUntil(() -> offers(c).size() >= 1);
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    Protos.TaskInfo[] infos = new Protos.TaskInfo[ids.length];
    for (int i = 0; i < ids.length; i++) {
      infos[i] = task(ids[i], offer, defs[i], 0.25, 64);
    }
    assertThat(c.call(accept(id, offer, infos)).statusCode()).isEqualTo(202);
    for (String t : ids) {
      awaitUntil(() -> !updates(c, t).isEmpty()); // launched; unacknowledged, the master still follows it
    }
    return c;
  }


  @Test
  void agentsAndTasksAppearAndAFinishingTaskChangesStateWithoutAReload() throws Exception {
    ecsLocal.addInstances(CLUSTER, 3, 2048, 4096);
    String forever = taskDefinition("forever", "serve");
    // 600 s of cluster time (100× faster): about 6 s, long enough to see it running first.
    String brief = taskDefinition("brief", "sh", "-c", "sleep 600");
    startMaster(masterBuilder());
    frameworkRunning("shown", new String[] {"web-1", "batch-1"}, new String[] {forever, brief});

    open("#/");
    waitUp().until(ExpectedConditions.textToBe(By.id("agents-total"), "3"));
    assertThat(page.findElement(By.id("cluster-name")).getText()).isEqualTo(CLUSTER);
    assertThat(page.findElement(By.id("cluster-region")).getText()).isEqualTo("us-east-1");
    assertThat(page.findElement(By.id("frameworks-connected")).getText()).isEqualTo("1");

    page.findElement(By.cssSelector("nav a[data-nav='agents']")).click();
    waitUp().until(d -> d.findElements(By.cssSelector("tr[data-agent]")).size() == 3);
    assertThat(page.findElement(By.cssSelector("table.agents")).getText()).contains("us-east-1");

    page.findElement(By.cssSelector("nav a[data-nav='tasks']")).click();
    waitUp().until(d -> "TASK_RUNNING".equals(rowState("batch-1")));
    ((JavascriptExecutor) page).executeScript("window.sameDocument = true;");
    waitUp().until(d -> "TASK_FINISHED".equals(rowState("batch-1")));
    waitUp().until(d -> d.findElement(By.cssSelector("tr[data-task='batch-1'] td.task-state")).getText()
        .equals("FINISHED"));
    assertThat(rowState("web-1")).isEqualTo("TASK_RUNNING");
    assertThat(((JavascriptExecutor) page).executeScript("return window.sameDocument === true")).isEqualTo(true);
  }

  @Test
  void theSearchFindsATaskAndAKilledTaskShowsWhyWithALinkToTheEcsConsole() throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 2048, 4096);
    String forever = taskDefinition("forever", "serve");
    startMaster(masterBuilder());
    V1Client c = frameworkRunning("searched", new String[] {"alpha-1", "alpha-2", "needle-7"},
        new String[] {forever, forever, forever});

    open("#/tasks");
    waitUp().until(d -> d.findElements(By.cssSelector("tr[data-task]")).size() == 3);
    page.findElement(By.id("task-search")).sendKeys("needle");
    waitUp().until(d -> d.findElements(By.cssSelector("tr[data-task]")).size() == 1);
    assertThat(rowState("needle-7")).isEqualTo("TASK_RUNNING");

    Protos.FrameworkID id = frameworkId(c);
    c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue("needle-7"))).build());
    waitUp().until(d -> "TASK_KILLED".equals(rowState("needle-7")));
    waitUp().until(d -> {
      d.findElement(By.cssSelector("tr[data-task='needle-7'] a.task-link")).click();
      return true;
    });

    waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("task-statuses"), "KILLED"));
    List<WebElement> updates = page.findElements(By.cssSelector("#task-statuses tbody tr"));
    assertThat(updates).extracting(r -> r.getAttribute("data-state")).containsSubsequence("TASK_RUNNING", "TASK_KILLED");
    WebElement killed = page.findElement(By.cssSelector("#task-statuses tr[data-state='TASK_KILLED']"));
    assertThat(killed.findElement(By.cssSelector("td.message")).getText()).contains("killed by the framework");
    assertThat(page.findElement(By.id("fact-task-id")).getText()).isEqualTo("needle-7");
    assertThat(page.findElement(By.id("fact-task-definition")).getText()).contains("task-definition/forever");
    WebElement console = page.findElement(By.id("ecs-console-link"));
    String arn = console.getText();
    assertThat(arn).startsWith("arn:aws:ecs:us-east-1:");
    assertThat(console.getAttribute("href")).startsWith("https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/"
        + CLUSTER + "/tasks/" + arn.substring(arn.lastIndexOf('/') + 1));
  }

  @Test
  void withCredentialsThePageAsksForThemAndTellsAWrongSecret(@TempDir Path dir) throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 2048, 4096);
    Path file = dir.resolve("credentials");
    Files.writeString(file, "ops s3cret\n");
    startMaster(masterBuilder().credentials(com.amazonaws.ecs.mesos.master.internal.Credentials.read(file)));

    open("#/agents");
    WebElement principal = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("principal")));
    principal.sendKeys("ops");
    page.findElement(By.id("secret")).sendKeys("wrong");
    page.findElement(By.id("sign-in-submit")).click();
    waitUp().until(ExpectedConditions.textToBe(By.id("sign-in-error"), "Wrong principal or secret"));

    page.findElement(By.id("principal")).clear();
    page.findElement(By.id("principal")).sendKeys("ops");
    page.findElement(By.id("secret")).sendKeys("s3cret");
    page.findElement(By.id("sign-in-submit")).click();
    waitUp().until(ExpectedConditions.invisibilityOfElementLocated(By.id("sign-in")));
    waitUp().until(d -> d.findElements(By.cssSelector("tr[data-agent]")).size() == 2);
    // Kept for the tab: the next page reads with the same credentials, no new sign-in.
    page.findElement(By.cssSelector("nav a[data-nav='overview']")).click();
    waitUp().until(ExpectedConditions.textToBe(By.id("agents-total"), "2"));
    assertThat(page.findElement(By.id("sign-in")).isDisplayed()).isFalse();
  }
}
