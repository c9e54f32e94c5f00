package com.amazonaws.ecs.mesos.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.ecs.local.EcsLocal;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged, shaded jar on its own (plus the slf4j-api and protobuf-java a framework brings): its
 * contents, and a framework in a fresh JVM launching a task on ecs-local through
 * {@code new MesosSchedulerDriver(...)}. Runs after {@code package} (see the pom's {@code shaded-jar}
 * execution), which sets {@code shim.jar}.
 */
class ShimShadedIT {
  private static Path shimJar;
  private static Path protobufVariantJar;

  @BeforeAll
  static void findJar() {
    String jar = System.getProperty("shim.jar");
    // `-Dtest=...` makes the unit-test execution run this class too, before the jar exists: skip it there.
    assumeTrue(jar != null, "shim.jar is set only in the integration-test execution, after package");
    shimJar = Paths.get(jar);
    protobufVariantJar = Paths.get(System.getProperty("shim.protobufJar"));
    assertThat(shimJar).exists();
    assertThat(protobufVariantJar).exists();
  }

  /** slf4j-api and protobuf-java, the two jars the shim leaves to the framework. */
  private static List<Path> frameworkJars() throws Exception {
    return List.of(jarOf(org.slf4j.LoggerFactory.class), jarOf(com.google.protobuf.Message.class));
  }

  private static Path jarOf(Class<?> type) throws Exception {
    return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void bundlesMesosApiDriverAndRelocatedSdkButNotSlf4jOrProtobuf() throws IOException {
    try (ZipFile zip = new ZipFile(shimJar.toFile())) {
      List<String> names = zip.stream().map(e -> e.getName()).collect(Collectors.toList());
      assertThat(names).contains(
          "org/apache/mesos/MesosSchedulerDriver.class",
          "org/apache/mesos/MesosNativeLibrary.class",
          "org/apache/mesos/MesosNativeLibrary$Version.class",
          "org/apache/mesos/Protos$TaskInfo.class",
          "org/apache/mesos/Scheduler.class",
          "org/apache/mesos/SchedulerDriver.class",
          "org/apache/mesos/Executor.class",
          "org/apache/mesos/ExecutorDriver.class",
          "org/apache/mesos/scheduler/Protos$OfferConstraints.class",
          "com/amazonaws/ecs/mesos/ECSSchedulerDriver.class",
          "com/amazonaws/ecs/shaded/software/amazon/awssdk/services/ecs/EcsClient.class",
          "com/amazonaws/ecs/shaded/org/apache/hc/client5/http/classic/HttpClient.class",
          "META-INF/services/com.amazonaws.ecs.shaded.software.amazon.awssdk.http.SdkHttpService");
      assertThat(names).noneMatch(n -> n.startsWith("software/amazon/awssdk/"))
          .noneMatch(n -> n.startsWith("org/apache/hc/"))
          .noneMatch(n -> n.startsWith("org/apache/http/"))
          .noneMatch(n -> n.startsWith("org/reactivestreams/"))
          .noneMatch(n -> n.startsWith("org/slf4j/"))
          .noneMatch(n -> n.startsWith("com/google/protobuf/"))
          .noneMatch(n -> n.startsWith("META-INF/services/software.amazon.awssdk"));
      String services = new String(zip.getInputStream(zip.getEntry(
          "META-INF/services/com.amazonaws.ecs.shaded.software.amazon.awssdk.http.SdkHttpService")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(services).contains("com.amazonaws.ecs.shaded.software.amazon.awssdk.http.apache5.")
          .doesNotContain("\nsoftware.amazon.awssdk");
    }
  }

  @Test
  void driverAndNativeLibraryInTheJarAreOursWithoutNativeMethods() throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(shimJar.toUri().toURL());
    for (Path p : frameworkJars()) {
      urls.add(p.toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      for (String name : List.of("org.apache.mesos.MesosSchedulerDriver", "org.apache.mesos.MesosNativeLibrary")) {
        Class<?> type = Class.forName(name, true, loader);
        assertThat(type.getClassLoader()).isSameAs(loader);
        assertThat(Arrays.stream(type.getDeclaredMethods()).filter(m -> Modifier.isNative(m.getModifiers())))
            .as("native methods of %s", name).isEmpty();
      }
      Class<?> library = Class.forName("org.apache.mesos.MesosNativeLibrary", true, loader);
      library.getMethod("load").invoke(null);
      Method version = library.getMethod("version");
      assertThat(version.invoke(null).toString()).isEqualTo("1.11.0");
    }
  }

  @Test
  void frameworkOnTheShadedJarAloneLaunchesATaskThatRuns() throws Exception {
    List<Path> classpath = new ArrayList<>();
    classpath.add(shimJar);
    classpath.addAll(frameworkJars());
    assertLaunchesATaskThatRuns(classpath, ecsLocal -> "ecs://default?region=us-east-1&endpoint=" + ecsLocal.endpoint(),
        Map.of());
  }

  @Test
  void zookeeperMasterLeavesTheClusterToTheEnvironmentAsForMarathon() throws Exception {
    List<Path> classpath = new ArrayList<>();
    classpath.add(shimJar);
    classpath.addAll(frameworkJars());
    assertLaunchesATaskThatRuns(classpath, ecsLocal -> "zk://zk1:2181,zk2:2181/mesos",
        ecsLocal -> Map.of("AWS_ECS_CLUSTER", "default", "AWS_ECS_ENDPOINT", ecsLocal.endpoint().toString(),
            "AWS_REGION", "us-east-1"));
  }

  @Test
  void shadedProtobufVariantBundlesProtobufRelocatedAsMesosShadedProtobufJar() throws IOException {
    try (ZipFile zip = new ZipFile(protobufVariantJar.toFile())) {
      List<String> names = zip.stream().map(e -> e.getName()).collect(Collectors.toList());
      assertThat(names).contains("org/apache/mesos/protobuf/ByteString.class",
          "org/apache/mesos/protobuf/GeneratedMessageV3.class", "org/apache/mesos/MesosSchedulerDriver.class",
          "com/amazonaws/ecs/shaded/software/amazon/awssdk/services/ecs/EcsClient.class");
      assertThat(names).noneMatch(n -> n.startsWith("com/google/protobuf/"))
          .noneMatch(n -> n.startsWith("software/amazon/awssdk/"))
          .noneMatch(n -> n.startsWith("org/slf4j/"));
    }
  }

  @Test
  void frameworkOnTheShadedProtobufVariantAndSlf4jOnlyLaunchesATaskThatRuns() throws Exception {
    // No protobuf-java: the variant carries its own, relocated as in mesos's shaded-protobuf jar.
    assertLaunchesATaskThatRuns(List.of(protobufVariantJar, jarOf(org.slf4j.LoggerFactory.class)),
        ecsLocal -> "ecs://default?region=us-east-1&endpoint=" + ecsLocal.endpoint(), Map.of());
  }

  private static void assertLaunchesATaskThatRuns(List<Path> frameworkClasspath, Function<EcsLocal, String> master,
      Map<String, String> environment) throws Exception {
    assertLaunchesATaskThatRuns(frameworkClasspath, master, ecsLocal -> environment);
  }

  /** Forks {@link ShadedLaunch} on {@code frameworkClasspath} (+ its own class) against a fresh ecs-local. */
  private static void assertLaunchesATaskThatRuns(List<Path> frameworkClasspath, Function<EcsLocal, String> master,
      Function<EcsLocal, Map<String, String>> environment) throws Exception {
    try (EcsLocal ecsLocal = EcsLocal.builder().timeFactor(100).build()) {
      ecsLocal.addInstances("default", 1, 2048, 4096);
      ecsLocal.call("RegisterTaskDefinition", "{\"family\":\"shaded-sleep\",\"containerDefinitions\":[{"
          + "\"name\":\"main\",\"image\":\"busybox\",\"memory\":64,\"essential\":true,"
          + "\"command\":[\"sleep\",\"600\"]}]}");

      List<String> classpath = new ArrayList<>();
      for (Path p : frameworkClasspath) {
        classpath.add(p.toString());
      }
      classpath.add(jarOf(ShadedLaunch.class).toString()); // target/test-classes: ShadedLaunch uses only Mesos and the JDK
      Path output = Files.createTempFile("shaded-launch", ".log");
      ProcessBuilder builder = new ProcessBuilder(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-Daws.accessKeyId=AKIDLOCAL", "-Daws.secretAccessKey=secret",
          "-cp", String.join(File.pathSeparator, classpath),
          ShadedLaunch.class.getName(),
          master.apply(ecsLocal), "shaded-sleep")
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
      builder.environment().putAll(environment.apply(ecsLocal));
      Process process = builder.start();
      try {
        await().atMost(Duration.ofSeconds(90)).until(() -> !process.isAlive());
      } finally {
        process.destroyForcibly();
      }
      String log = Files.readString(output);
      Files.delete(output);
      assertThat(process.exitValue()).as(log).isZero();
      assertThat(log).contains("registered ", "master version 1.11.0", "status shaded-1 TASK_RUNNING",
          "driver DRIVER_STOPPED", "RESULT TASK_RUNNING");
      assertThat(ecsLocal.call("ListTasks", "{\"cluster\":\"default\",\"desiredStatus\":\"STOPPED\"}"))
          .as("the task ran on ecs-local and was stopped by stop()").contains("arn:aws:ecs");
    }
  }
}
