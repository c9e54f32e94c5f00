package com.amazonaws.ecs.mesos.internal.translate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * How an ECS task remembers which Mesos framework and Mesos task it belongs to.
 *
 * <p>ECS is the only store of the Mesos task ID ↔ ECS task mapping (nothing local to lose on a restart),
 * so every task the driver starts carries:
 * <ul>
 *   <li>{@code startedBy} = {@link #startedBy(String)}: the filter {@code ListTasks} can search by. ECS limits
 *       it (36 characters is the safe limit; letters, digits, {@code -}, {@code _}), so a long framework ID
 *       becomes a readable prefix plus a hash of the whole ID: stable across restarts, unique in practice.</li>
 *   <li>tags {@link #FRAMEWORK_ID_KEY} and {@link #TASK_ID_KEY} with the exact IDs, which disambiguate and
 *       are read back by {@link #frameworkId(Task)} and {@link #mesosTaskId(Task)}.</li>
 * </ul>
 *
 * <p>Tag values allow only letters, digits, spaces and {@code _ . : / = + - @}, up to 256 characters. Other
 * characters are escaped reversibly as {@code @XX} per UTF-8 byte ({@code @} itself is escaped, so it only
 * ever starts an escape). A task ID whose escaped form is longer than 256 characters cannot be tagged and
 * is rejected by {@link #taggingProblem(String)} before launch. Example: {@code "web/1 ü"} is stored as
 * {@code "web/1 @C3@BC"}.
 */
public final class FrameworkTags {
  public static final String FRAMEWORK_ID_KEY = "mesos.framework-id";
  public static final String TASK_ID_KEY = "mesos.task-id";
  public static final String TASK_NAME_KEY = "mesos.task-name";
  /**
   * What the task took from its offer that ECS does not account for on the instance (disk, host ports its
   * definition does not map, GPUs it does not require), e.g. {@code disk=512 gpus=1 ports=31000-31002+31010}:
   * a successor driver holds these against offers too while the task lives.
   */
  public static final String HELD_KEY = "mesos.held";

  static final int MAX_STARTED_BY = 36;
  static final int MAX_TAG_VALUE = 256;
  private static final int HASH_HEX_CHARS = 16;
  private static final Pattern STARTED_BY_SAFE = Pattern.compile("[A-Za-z0-9_-]{1,36}");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FrameworkTags() {}

  /**
   * The {@code startedBy} value for a framework: the ID itself when it fits ECS's limits, otherwise up to
   * 19 of its allowed characters, {@code -}, and 16 hex digits of its SHA-256. E.g. the Mesos-style
   * {@code e3b0c442-98fc-1c14-9afb-f4c8996fb924-0000} becomes {@code e3b0c442-98fc-1c14-<16 hex>}.
   */
  public static String startedBy(String frameworkId) {
    requireNonEmpty(frameworkId, "framework ID");
    if (STARTED_BY_SAFE.matcher(frameworkId).matches()) {
      return frameworkId;
    }
    String hash = sha256Hex(frameworkId).substring(0, HASH_HEX_CHARS);
    int prefixMax = MAX_STARTED_BY - HASH_HEX_CHARS - 1;
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < frameworkId.length() && prefix.length() < prefixMax; i++) {
      char c = frameworkId.charAt(i);
      if (isStartedByChar(c)) {
        prefix.append(c);
      }
    }
    // A trailing separator would make "a-" + "-" + hash read as a double separator.
    while (prefix.length() > 0 && !Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))) {
      prefix.setLength(prefix.length() - 1);
    }
    return prefix.length() == 0 ? hash : prefix + "-" + hash;
  }

  /** Escapes any string into the ECS tag value alphabet (see the class comment); may exceed 256 chars. */
  public static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isPlainTagChar(c)) {
        out.append(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
        for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          out.append('@').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        i = end - 1;
      }
    }
    return out.toString();
  }

  /** Reverses {@link #escape(String)}; empty when the value is not a well-formed escaped string. */
  public static Optional<String> unescape(String escaped) {
    ByteBuffer bytes = ByteBuffer.allocate(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '@') {
        if (i + 2 >= escaped.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(escaped.charAt(i + 1), 16);
        int lo = Character.digit(escaped.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.put((byte) ((hi << 4) | lo));
        i += 2;
      } else if (isPlainTagChar(c)) {
        bytes.put((byte) c);
      } else {
        return Optional.empty();
      }
    }
    bytes.flip();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return Optional.of(chars.toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /**
   * Why a Mesos task ID cannot be carried by an ECS tag, or empty when it can. The launch must reject such
   * a task (TASK_ERROR): an untagged ECS task could never be matched to its Mesos task again.
   */
  public static Optional<String> taggingProblem(String taskId) {
    if (taskId == null || taskId.isEmpty()) {
      return Optional.of("Task ID is empty");
    }
    int length = escape(taskId).length();
    if (length > MAX_TAG_VALUE) {
      return Optional.of("Task ID '" + abbreviate(taskId) + "' is too long to store in an ECS tag: "
          + length + " characters after escaping, at most " + MAX_TAG_VALUE
          + " (characters other than letters, digits, spaces and _ . : / = + - take 3 characters per UTF-8 byte)");
    }
    return Optional.empty();
  }

  /**
   * The tags of a new ECS task: framework ID, Mesos task ID and (when non-empty) the task name, which is
   * only for people reading the ECS console and is cut to fit.
   *
   * @throws IllegalArgumentException when the IDs cannot be tagged; validate with {@link #taggingProblem}
   */
  public static List<Tag> tags(String frameworkId, String taskId, String taskName) {
    return tags(frameworkId, taskId, taskName, HeldResources.NONE);
  }

  /**
   * As {@link #tags(String, String, String)}, plus {@link #HELD_KEY} when {@code held} is not empty. A port
   * list too long for one tag keeps the ranges that fit (the rest is not recovered after a failover).
   */
  public static List<Tag> tags(String frameworkId, String taskId, String taskName, HeldResources held) {
    requireNonEmpty(frameworkId, "framework ID");
    Optional<String> problem = taggingProblem(taskId);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    String escapedFramework = escape(frameworkId);
    if (escapedFramework.length() > MAX_TAG_VALUE) {
      throw new IllegalArgumentException("Framework ID is too long to store in an ECS tag: " + abbreviate(frameworkId));
    }
    List<Tag> tags = new ArrayList<>(3);
    tags.add(Tag.builder().key(FRAMEWORK_ID_KEY).value(escapedFramework).build());
    tags.add(Tag.builder().key(TASK_ID_KEY).value(escape(taskId)).build());
    if (taskName != null && !taskName.isEmpty()) {
      tags.add(Tag.builder().key(TASK_NAME_KEY).value(cutEscaped(escape(taskName))).build());
    }
    if (!held.isEmpty()) {
      tags.add(Tag.builder().key(HELD_KEY).value(heldValue(held)).build());
    }
    return Collections.unmodifiableList(tags);
  }

  /** {@code disk=512 gpus=1 ports=31000-31002+31010}, only the non-zero parts, at most 256 characters. */
  static String heldValue(HeldResources held) {
    StringBuilder s = new StringBuilder();
    if (held.diskMb() > 0) {
      s.append("disk=").append(held.diskMb() == Math.rint(held.diskMb())
          ? Long.toString((long) held.diskMb()) : Double.toString(held.diskMb()));
    }
    if (held.gpus() > 0) {
      s.append(s.length() > 0 ? " " : "").append("gpus=").append(held.gpus());
    }
    if (!held.ports().isEmpty()) {
      String ports = held.ports().spec().replace(',', '+');
      String prefix = (s.length() > 0 ? " " : "") + "ports=";
      int room = MAX_TAG_VALUE - s.length() - prefix.length();
      if (ports.length() > room) {
        int cut = ports.lastIndexOf('+', room);
        ports = cut > 0 ? ports.substring(0, cut) : "";
      }
      if (!ports.isEmpty()) {
        s.append(prefix).append(ports);
      }
    }
    return s.toString();
  }

  /** What the task's {@link #HELD_KEY} tag says it holds outside ECS; nothing when untagged or unreadable. */
  public static HeldResources held(Task task) {
    Optional<String> value = tagValue(task, HELD_KEY);
    if (!value.isPresent()) {
      return HeldResources.NONE;
    }
    double disk = 0;
    long gpus = 0;
    PortRanges ports = PortRanges.EMPTY;
    try {
      for (String part : value.get().trim().split(" +")) {
        int eq = part.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = part.substring(0, eq);
        String v = part.substring(eq + 1);
        if ("disk".equals(key)) {
          disk = Double.parseDouble(v);
        } else if ("gpus".equals(key)) {
          gpus = Long.parseLong(v);
        } else if ("ports".equals(key)) {
          ports = PortRanges.parse(v.replace('+', ','));
        }
      }
    } catch (IllegalArgumentException e) {
      return HeldResources.NONE; // a tag someone edited: hold nothing rather than fail the recovery
    }
    return HeldResources.of(0, 0, disk, gpus, ports);
  }

  /** The framework ID an ECS task was tagged with; empty for tasks the driver did not start. */
  public static Optional<String> frameworkId(Task task) {
    return tagValue(task, FRAMEWORK_ID_KEY);
  }

  /** The Mesos task ID an ECS task was tagged with; empty for tasks the driver did not start. */
  public static Optional<String> mesosTaskId(Task task) {
    return tagValue(task, TASK_ID_KEY);
  }

  /**
   * Whether the task was started for exactly this framework. {@code startedBy} alone is not proof: two long
   * framework IDs could in theory share the prefix-plus-hash form, the tag cannot.
   */
  public static boolean belongsTo(Task task, String frameworkId) {
    return frameworkId(task).map(frameworkId::equals).orElse(false);
  }

  private static Optional<String> tagValue(Task task, String key) {
    if (task == null || !task.hasTags()) {
      return Optional.empty();
    }
    for (Tag tag : task.tags()) {
      if (key.equals(tag.key()) && tag.value() != null) {
        return unescape(tag.value());
      }
    }
    return Optional.empty();
  }

  /** Cuts an escaped value to the tag limit without splitting an {@code @XX} escape. */
  private static String cutEscaped(String escaped) {
    if (escaped.length() <= MAX_TAG_VALUE) {
      return escaped;
    }
    int end = MAX_TAG_VALUE;
    int at = escaped.lastIndexOf('@', end - 1);
    if (at >= 0 && at + 3 > end) {
      end = at;
    }
    return escaped.substring(0, end);
  }

  static boolean isPlainTagChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == ' ' || c == '_' || c == '.' || c == ':' || c == '/' || c == '=' || c == '+' || c == '-';
  }

  private static boolean isStartedByChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }

  private static void requireNonEmpty(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
  }
}
