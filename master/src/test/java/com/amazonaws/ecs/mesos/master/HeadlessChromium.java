package com.amazonaws.ecs.mesos.master;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver: never a browser or driver Selenium
 * Manager would download (the explicit service and binary keep it from running). Chromium is started with a
 * fresh profile and without the background connections that hang on a machine without a network.
 */
final class HeadlessChromium implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Skips the calling tests when chromium or chromedriver is missing, unless {@code CI} is set: on CI the
   * browser tests must run ({@code .ci/run} installs both), so their absence fails.
   */
  static void assumeInstalled() {
    boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    String message = "the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
        + ": install Debian's chromium and chromium-driver; .ci/run does";
    if (!installed && System.getenv("CI") != null) {
      throw new IllegalStateException(message + " (CI is set, so they may not be skipped)");
    }
    Assumptions.assumeTrue(installed, message);
  }

  /** A browser with a window of {@code width} × {@code height} CSS pixels. */
  static HeadlessChromium start(int width, int height) throws IOException {
    assumeInstalled();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER); // and never Selenium Manager's lookup
    Path profile = Files.createTempDirectory("webui-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new HeadlessChromium(driver, profile);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
