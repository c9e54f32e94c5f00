package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.mesos.Protos;

/**
 * The Mesos fetcher, done by the task itself: ECS has no fetcher, so a task whose {@code CommandInfo.uris}
 * must be in its sandbox runs a short POSIX shell prologue before its command. The prologue makes the sandbox
 * directory ({@value #SANDBOX}, where Mesos's Docker containerizer mounts it), sets {@code MESOS_SANDBOX},
 * downloads each URI with {@code curl} or {@code wget} (whichever the image has), then extracts archives,
 * marks executables, and runs the command from the sandbox, as the Mesos fetcher and agent would.
 *
 * <p>Per URI, as Mesos: the file is named {@code output_file}, else the last path segment of the URI;
 * {@code executable} makes it executable (and is never extracted); otherwise, with {@code extract} (default
 * true), {@code .tar}, {@code .tar.gz}, {@code .tgz}, {@code .tar.bz2}, {@code .tbz2}, {@code .tar.xz},
 * {@code .txz} are unpacked with {@code tar}, {@code .zip} with {@code unzip} and {@code .gz} with
 * {@code gunzip}. {@code cache} is ignored (every task fetches). A failed download ends the task with the
 * tool's exit code and a message on stderr, before the command runs.
 *
 * <p>Example: URIs {@code [https://h/app.tgz]} and shell command {@code ./app/run} become
 * {@code sh -c "<prologue>; fetch 'https://h/app.tgz' 'app.tgz' || exit; tar -xf 'app.tgz' || exit; ./app/run"}.
 */
public final class FetcherScript {
  /** Where Mesos's Docker containerizer mounts the sandbox, and where the fetched files go. */
  public static final String SANDBOX = "/mnt/mesos/sandbox";

  private static final String[] TAR_SUFFIXES = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"};

  private FetcherScript() {
  }

  /**
   * The container command that fetches {@code uris} and then runs {@code command} (as built from the
   * CommandInfo: {@code [sh, -c, VALUE]} for a shell command, else {@code [VALUE, args...]}).
   *
   * @throws IllegalArgumentException when there is no command to run after fetching (the image's own
   *     entrypoint would have to run, and it cannot be prefixed), or a URI is empty
   */
  public static List<String> wrap(List<Protos.CommandInfo.URI> uris, List<String> command, boolean shell,
      String sandbox) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("CommandInfo.uris (" + uris.size() + ") need a command to run after "
          + "fetching; the task has none and would run the Docker image's own entrypoint");
    }
    StringBuilder s = new StringBuilder(prologue(sandbox));
    for (Protos.CommandInfo.URI uri : uris) {
      s.append(fetchLines(uri));
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.add("sh");
    wrapped.add("-c");
    if (shell) {
      wrapped.add(s.append(command.get(2)).toString());
    } else {
      // The original argv follows the script: $0 is the program, "$@" its arguments, none re-split.
      wrapped.add(s.append("exec \"$0\" \"$@\"").toString());
      wrapped.addAll(command);
    }
    return wrapped;
  }

  static String prologue(String sandbox) {
    String dir = quote(sandbox);
    return "mkdir -p " + dir + " && cd " + dir + " || exit\n"
        + "export MESOS_SANDBOX=" + dir + "\n"
        + "fetch() { if command -v curl >/dev/null 2>&1; then curl -fsSL -o \"$2\" \"$1\"; "
        + "elif command -v wget >/dev/null 2>&1; then wget -q -O \"$2\" \"$1\"; "
        + "else echo \"Mesos fetcher on ECS: the image has neither curl nor wget to fetch $1\" >&2; false; fi "
        + "|| { echo \"Mesos fetcher on ECS: failed to fetch $1\" >&2; false; }; }\n";
  }

  static String fetchLines(Protos.CommandInfo.URI uri) {
    String value = uri.getValue().trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("CommandInfo.uris has an empty URI");
    }
    String file = fileName(uri);
    StringBuilder s = new StringBuilder("fetch ").append(quote(value)).append(' ').append(quote(file))
        .append(" || exit\n");
    if (uri.getExecutable()) {
      s.append("chmod +x ").append(quote(file)).append(" || exit\n");
    } else if (!uri.hasExtract() || uri.getExtract()) {
      String extract = extractCommand(file);
      if (extract != null) {
        s.append(extract).append(' ').append(quote(file)).append(" || exit\n");
      }
    }
    return s.toString();
  }

  /** {@code output_file}, else the URI's last path segment without query or fragment. */
  static String fileName(Protos.CommandInfo.URI uri) {
    if (uri.hasOutputFile() && !uri.getOutputFile().isEmpty()) {
      return uri.getOutputFile();
    }
    String path = uri.getValue().trim();
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    int scheme = path.indexOf("://");
    if (scheme >= 0) {
      // Only the path names the file, never the host: "http://host/" has no file name.
      String rest = path.substring(scheme + 3);
      int slash = rest.indexOf('/');
      path = slash < 0 ? "" : rest.substring(slash);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("CommandInfo.uris: cannot tell a file name from '" + uri.getValue()
          + "'; set output_file");
    }
    return name;
  }

  /** The command that unpacks {@code file} as the Mesos fetcher would, or null to leave it as it is. */
  static String extractCommand(String file) {
    String lower = file.toLowerCase(Locale.ROOT);
    for (String suffix : TAR_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return "tar -xf";
      }
    }
    if (lower.endsWith(".zip")) {
      return "unzip -q -o";
    }
    if (lower.endsWith(".gz")) {
      return "gunzip -f";
    }
    return null;
  }

  /** Single-quotes {@code s} for sh: nothing inside is expanded. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
