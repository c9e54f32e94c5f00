package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FetcherScriptTest {

  private static Protos.CommandInfo.URI uri(String value) {
    return Protos.CommandInfo.URI.newBuilder().setValue(value).build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "https://h/app.tgz, app.tgz",
      "https://h/a/b/spark-3.5.tar.gz?sig=x&t=1, spark-3.5.tar.gz",
      "s3://bucket/job.py#frag, job.py",
      "http://h/dir/, dir",
      "/local/path/run.sh, run.sh"})
  void theFileIsNamedByTheLastPathSegment(String value, String file) {
    assertThat(FetcherScript.fileName(uri(value))).isEqualTo(file);
  }

  @Test
  void outputFileWins() {
    assertThat(FetcherScript.fileName(uri("https://h/x?y").toBuilder().setOutputFile("conf.json").build()))
        .isEqualTo("conf.json");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(nullValues = "none", value = {
      "a.tar, tar -xf", "a.tar.gz, tar -xf", "A.TGZ, tar -xf", "a.tar.bz2, tar -xf", "a.tbz2, tar -xf",
      "a.tar.xz, tar -xf", "a.txz, tar -xf", "a.zip, unzip -q -o", "a.json.gz, gunzip -f", "a.jar, none",
      "run.sh, none"})
  void archivesAreUnpackedAsTheMesosFetcherDoes(String file, String command) {
    assertThat(FetcherScript.extractCommand(file)).isEqualTo(command);
  }

  @Test
  void executablesAreMarkedAndNeverExtractedAndExtractFalseLeavesArchives() {
    String exec = FetcherScript.fetchLines(uri("http://h/tool.tgz").toBuilder().setExecutable(true).build());
    assertThat(exec).contains("chmod +x 'tool.tgz'").doesNotContain("tar");
    String kept = FetcherScript.fetchLines(uri("http://h/data.tgz").toBuilder().setExtract(false).build());
    assertThat(kept).doesNotContain("tar").doesNotContain("chmod");
  }

  @Test
  void quotesSoNothingInAUriIsExpanded() {
    assertThat(FetcherScript.quote("it's $HOME `x`")).isEqualTo("'it'\\''s $HOME `x`'");
  }

  @Test
  void aShellCommandRunsAfterThePrologueAndArgvIsPassedThroughUnsplit() {
    List<String> shell = FetcherScript.wrap(List.of(uri("http://h/a.tgz")), List.of("sh", "-c", "./a/run --x"),
        true, "/sb");
    assertThat(shell).hasSize(3);
    assertThat(shell.get(2)).startsWith("mkdir -p '/sb' && cd '/sb'").endsWith("\n./a/run --x");

    List<String> argv = FetcherScript.wrap(List.of(uri("http://h/a.tgz")), List.of("./run", "a b", "$c"), false,
        "/sb");
    assertThat(argv.subList(0, 2)).containsExactly("sh", "-c");
    assertThat(argv.get(2)).endsWith("exec \"$0\" \"$@\"");
    assertThat(argv.subList(3, 6)).containsExactly("./run", "a b", "$c");
  }

  /** The generated script, run by the machine's sh with a stand-in for curl that copies local files. */
  @Test
  void theScriptFetchesUnpacksMarksAndRunsTheCommandInTheSandbox(@TempDir Path tmp) throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site"));
    Path content = Files.createDirectories(tmp.resolve("content/app"));
    Files.writeString(content.resolve("hello.txt"), "from the archive\n");
    run(tmp, List.of("tar", "-czf", site.resolve("app.tgz").toString(), "-C", tmp.resolve("content").toString(),
        "app"));
    Files.writeString(site.resolve("tool.sh"), "#!/bin/sh\necho tool ran with \"$1\"\n");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path curl = bin.resolve("curl");
    // curl -fsSL -o OUT URL: serve file:// URLs from the disk
    Files.writeString(curl, "#!/bin/sh\nout=\"$3\"; url=\"$4\"; cp \"${url#file://}\" \"$out\"\n");
    Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sandbox = tmp.resolve("sandbox");

    List<Protos.CommandInfo.URI> uris = List.of(uri("file://" + site.resolve("app.tgz")),
        uri("file://" + site.resolve("tool.sh")).toBuilder().setExecutable(true).build());
    List<String> command = FetcherScript.wrap(uris, List.of("sh", "-c",
        "cat app/hello.txt && ./tool.sh \"$MESOS_SANDBOX\" && pwd"), true, sandbox.toString());

    String out = run(tmp, command, "PATH=" + bin + ":/usr/bin:/bin");
    assertThat(out).isEqualTo("from the archive\ntool ran with " + sandbox + "\n" + sandbox + "\n");

    List<String> missing = FetcherScript.wrap(List.of(uri("file://" + site.resolve("nope.tgz"))),
        List.of("sh", "-c", "echo should not run"), true, sandbox.toString());
    assertThat(runForExit(tmp, missing, "PATH=" + bin + ":/usr/bin:/bin")).isNotZero();
  }

  private static String run(Path dir, List<String> command, String... env) throws Exception {
    Process p = start(dir, command, env);
    String out = read(p.getInputStream());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit of %s", command).isZero();
    return out;
  }

  private static int runForExit(Path dir, List<String> command, String... env) throws Exception {
    Process p = start(dir, command, env);
    String out = read(p.getInputStream());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).doesNotContain("should not run");
    return p.exitValue();
  }

  private static Process start(Path dir, List<String> command, String... env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
    for (String e : env) {
      int eq = e.indexOf('=');
      pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
    }
    return pb.start();
  }

  private static String read(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toString(StandardCharsets.UTF_8);
  }
}
