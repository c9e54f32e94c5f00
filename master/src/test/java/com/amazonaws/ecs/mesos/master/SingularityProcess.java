package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;

/**
 * HubSpot Singularity 1.5.0, unmodified (its shaded jar from Maven Central, copied to {@code target/singularity}
 * by the build), in a JVM of its own with a ZooKeeper of its own, as {@code ../shared/singularity/} starts it on
 * Java 17: ZooKeeper's 3.5.10 client in front of the shaded jar, SASL off, {@code --add-opens} for Guice. Its
 * REST API is at {@link #api}; its log is copied to {@code target/singularity/<name>.log} when it stops.
 */
final class SingularityProcess implements AutoCloseable {
  static final Path JARS = Path.of("target", "singularity");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final TestingServer zookeeper;
  private final Process process;
  private final Path log;
  private final String name;
  final String api;

  /** Starts Singularity as framework {@code Singularity}, subscribing to the master at {@code 127.0.0.1:masterPort}. */
  SingularityProcess(Path dir, int masterPort, String name) throws Exception {
    this(dir, "127.0.0.1:" + masterPort, name);
  }

  /**
   * Starts Singularity as framework {@code Singularity} with {@code mesos.master} set to {@code masters}
   * ({@code host:port[,host:port..]}: it picks one at random for each subscription and asks it for
   * {@code /redirect}).
   */
  SingularityProcess(Path dir, String masters, String name) throws Exception {
    this.name = name;
    this.zookeeper = new TestingServer(true);
    int port = freePort();
    this.api = "http://127.0.0.1:" + port + "/singularity/api";
    Path config = dir.resolve("singularity.yaml");
    Files.writeString(config, String.join("\n",
        "server:",
        "  type: simple",
        "  applicationContextPath: /singularity",
        "  connector:",
        "    type: http",
        "    port: " + port,
        "mesos:",
        "  master: " + masters,
        "  frameworkName: Singularity",
        "  frameworkId: Singularity",
        "  frameworkFailoverTimeout: 1000000",
        "  defaultCpus: 1",
        "  defaultMemory: 64",
        "zookeeper:",
        "  quorum: " + zookeeper.getConnectString(),
        "  zkNamespace: singularity",
        "  sessionTimeoutMillis: 60000",
        "  connectTimeoutMillis: 5000",
        "logging:",
        "  level: INFO",
        ""));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dzookeeper.sasl.client=false"));
    for (String p : new String[] {"java.lang", "java.util", "java.lang.reflect", "java.net", "java.nio",
        "java.util.concurrent", "sun.nio.ch"}) {
      command.add("--add-opens");
      command.add("java.base/" + p + "=ALL-UNNAMED");
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, JARS.resolve("zookeeper.jar").toString(),
        JARS.resolve("zookeeper-jute.jar").toString(), JARS.resolve("SingularityService-shaded.jar").toString()));
    command.add("com.hubspot.singularity.SingularityService");
    command.add("server");
    command.add(config.toString());
    this.log = dir.resolve("singularity.log");
    this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** GET of the REST API; a JSON null unless 200. */
  JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? json.readTree(r.body()) : json.nullNode();
  }

  /** A call of the REST API that must succeed. */
  void send(String method, String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
  }

  /** The last lines of Singularity's log, for a failure message. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    zookeeper.close();
    if (Files.exists(log)) {
      Files.copy(log, JARS.resolve(name + ".log"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
