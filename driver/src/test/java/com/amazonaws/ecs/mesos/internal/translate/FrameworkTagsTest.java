package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

class FrameworkTagsTest {

  private static final String STARTED_BY_ALPHABET = "[A-Za-z0-9_-]{1,36}";
  private static final String TAG_ALPHABET = "[A-Za-z0-9 _.:/=+\\-@]*";

  @ParameterizedTest(name = "{0} fits and is kept")
  @ValueSource(strings = {"marathon", "fw-1", "abc_DEF-123", "123456789012345678901234567890123456"})
  void startedByKeepsIdsThatFit(String frameworkId) {
    assertThat(FrameworkTags.startedBy(frameworkId)).isEqualTo(frameworkId);
  }

  @ParameterizedTest(name = "{0} -> prefix {1}")
  @CsvSource({
      "e3b0c442-98fc-1c14-9afb-f4c8996fb924-0000, e3b0c442-98fc-1c14-",      // Mesos master style, 41 chars
      "e3b0c442-98fc-1c14-9afb-f4c8996fb924-0001, e3b0c442-98fc-1c14-",
      "1234567890123456789012345678901234567, 1234567890123456789-",          // 37 chars
      "my.framework/with:odd chars, myframeworkwithoddc-",                     // short but disallowed chars
      "..., ''",                                                                // nothing allowed: hash only
  })
  void startedByHashesIdsThatDoNotFit(String frameworkId, String prefix) {
    String startedBy = FrameworkTags.startedBy(frameworkId);
    assertThat(startedBy).matches(STARTED_BY_ALPHABET).startsWith(prefix).hasSizeLessThanOrEqualTo(36);
    assertThat(startedBy).doesNotContain("--");
    assertThat(FrameworkTags.startedBy(frameworkId)).as("stable").isEqualTo(startedBy);
  }

  @Test
  void startedByDiffersForIdsSharingAPrefix() {
    assertThat(FrameworkTags.startedBy("e3b0c442-98fc-1c14-9afb-f4c8996fb924-0000"))
        .isNotEqualTo(FrameworkTags.startedBy("e3b0c442-98fc-1c14-9afb-f4c8996fb924-0001"));
  }

  @ParameterizedTest(name = "escape({0}) = {1}")
  @CsvSource(delimiter = '|', value = {
      "web.instance-6b2f_1             | web.instance-6b2f_1",
      "a b:c/d=e+f-g                   | a b:c/d=e+f-g",
      "user@host                       | user@40host",
      "50%                             | 50@25",
      "a,b;c                           | a@2Cb@3Bc",
      "ü                               | @C3@BC",
      "日本                            | @E6@97@A5@E6@9C@AC",
      "😀                              | @F0@9F@98@80",
      "@41                             | @4041",
  })
  void escapesIntoTheTagAlphabetReversibly(String raw, String escaped) {
    assertThat(FrameworkTags.escape(raw)).isEqualTo(escaped).matches(TAG_ALPHABET);
    assertThat(FrameworkTags.unescape(escaped)).contains(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"@", "@4", "@ZZ", "abc@", "a,b", "@C3"})
  void unescapeRejectsMalformedValues(String value) {
    assertThat(FrameworkTags.unescape(value)).isEmpty();
  }

  static Stream<Arguments> taskIdsForTagging() {
    return Stream.of(
        Arguments.of("web.1", null),
        Arguments.of("x".repeat(256), null),
        Arguments.of("x".repeat(257), "257 characters after escaping, at most 256"),
        Arguments.of("%".repeat(85), null),                 // 255 characters escaped
        Arguments.of("%".repeat(86), "258 characters after escaping"),
        Arguments.of("", "Task ID is empty"));
  }

  @ParameterizedTest
  @MethodSource("taskIdsForTagging")
  void taggingProblemExplainsWhyATaskIdCannotBeTagged(String taskId, String problem) {
    if (problem == null) {
      assertThat(FrameworkTags.taggingProblem(taskId)).isEmpty();
    } else {
      assertThat(FrameworkTags.taggingProblem(taskId)).hasValueSatisfying(m -> assertThat(m).contains(problem));
    }
  }

  @ParameterizedTest(name = "framework {0}, task {1}")
  @CsvSource(delimiter = '|', value = {
      "e3b0c442-98fc-1c14-9afb-f4c8996fb924-0000 | web.instance-1 | web",
      "fw                                        | task@host,1    | name with ü",
      "fw                                        | t              | ",
  })
  void tagsRoundTripThroughAnEcsTask(String frameworkId, String taskId, String name) {
    List<Tag> tags = FrameworkTags.tags(frameworkId, taskId, name);
    assertThat(tags).allSatisfy(t -> {
      assertThat(t.key()).matches(TAG_ALPHABET).hasSizeLessThanOrEqualTo(128);
      assertThat(t.value()).matches(TAG_ALPHABET).hasSizeLessThanOrEqualTo(256);
    });
    assertThat(tags).extracting(Tag::key).contains(FrameworkTags.FRAMEWORK_ID_KEY, FrameworkTags.TASK_ID_KEY);
    assertThat(tags).hasSize(name == null ? 2 : 3);

    Task task = Task.builder().tags(tags).build();
    assertThat(FrameworkTags.frameworkId(task)).contains(frameworkId);
    assertThat(FrameworkTags.mesosTaskId(task)).contains(taskId);
    assertThat(FrameworkTags.belongsTo(task, frameworkId)).isTrue();
    assertThat(FrameworkTags.belongsTo(task, frameworkId + "x")).isFalse();
  }

  @Test
  void longTaskNamesAreCutWithoutBreakingAnEscape() {
    String name = "a".repeat(254) + "ü";   // escape would end at 260 chars; "@C3@BC" must not be split
    Tag nameTag = FrameworkTags.tags("fw", "t", name).get(2);
    assertThat(nameTag.value()).hasSize(254).matches("a+");
    assertThat(FrameworkTags.unescape(nameTag.value())).isPresent();
  }

  @Test
  void tasksWithoutOurTagsHaveNoIds() {
    Task foreign = Task.builder().tags(Tag.builder().key("team").value("x").build()).build();
    assertThat(FrameworkTags.mesosTaskId(foreign)).isEmpty();
    assertThat(FrameworkTags.frameworkId(Task.builder().build())).isEmpty();
    assertThat(FrameworkTags.belongsTo(foreign, "fw")).isFalse();
  }

  @Test
  void refusesToTagUntaggableIds() {
    assertThatThrownBy(() -> FrameworkTags.tags("fw", "x".repeat(300), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    assertThatThrownBy(() -> FrameworkTags.startedBy("")).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> heldResources() {
    return Stream.of(
        Arguments.of("disk only", HeldResources.of(0, 0, 512, 0, PortRanges.EMPTY),
            "disk=512"),
        Arguments.of("fractional disk",
            HeldResources.of(0, 0, 12.5, 0, PortRanges.EMPTY), "disk=12.5"),
        Arguments.of("everything",
            HeldResources.of(0, 0, 100, 2, PortRanges.parse("31000-31002,31010")),
            "disk=100 gpus=2 ports=31000-31002+31010"),
        Arguments.of("ports only", HeldResources.of(0, 0, 0, 0, PortRanges.of(80, 80)),
            "ports=80"));
  }

  /** What a task holds outside ECS's accounting travels in one tag and is read back by a successor. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("heldResources")
  void heldResourcesRoundTripThroughTheirTag(String what, HeldResources held, String value) {
    List<Tag> tags = FrameworkTags.tags("fw", "t", null, held);
    Tag tag = tags.stream().filter(t -> t.key().equals(FrameworkTags.HELD_KEY)).findFirst().orElseThrow();
    assertThat(tag.value()).isEqualTo(value);
    HeldResources back = FrameworkTags.held(Task.builder().tags(tags).build());
    assertThat(back.diskMb()).isEqualTo(held.diskMb());
    assertThat(back.gpus()).isEqualTo(held.gpus());
    assertThat(back.ports()).isEqualTo(held.ports());
  }

  @Test
  void nothingHeldMeansNoTagAndAnUnreadableTagHoldsNothing() {
    assertThat(FrameworkTags.tags("fw", "t", null, HeldResources.NONE)).extracting(Tag::key)
        .doesNotContain(FrameworkTags.HELD_KEY);
    Task edited = Task.builder().tags(Tag.builder().key(FrameworkTags.HELD_KEY).value("disk=lots").build()).build();
    assertThat(FrameworkTags.held(edited).isEmpty()).isTrue();
  }

  @Test
  void aPortListTooLongForOneTagKeepsTheRangesThatFit() {
    List<Long> ports = new java.util.ArrayList<>();
    for (long p = 20000; p < 22000; p += 2) {
      ports.add(p);
    }
    HeldResources held = HeldResources.of(0, 0, 10, 0, PortRanges.ofPorts(ports));
    Tag tag = FrameworkTags.tags("fw", "t", null, held).stream()
        .filter(t -> t.key().equals(FrameworkTags.HELD_KEY)).findFirst().orElseThrow();
    assertThat(tag.value().length()).isLessThanOrEqualTo(256);
    HeldResources back = FrameworkTags.held(Task.builder().tags(tag).build());
    assertThat(back.diskMb()).isEqualTo(10);
    assertThat(held.ports().containsAll(back.ports())).isTrue();
    assertThat(back.ports().contains(20000)).isTrue();
  }
}
