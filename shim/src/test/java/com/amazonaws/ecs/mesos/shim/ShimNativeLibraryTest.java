package com.amazonaws.ecs.mesos.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.apache.mesos.MesosNativeLibrary;
import org.apache.mesos.MesosNativeLibrary.Version;
import org.junit.jupiter.api.Test;

class ShimNativeLibraryTest {

  @Test
  void loadSucceedsWithoutLibmesos() {
    assertThatCode(MesosNativeLibrary::load).doesNotThrowAnyException();
    assertThatCode(() -> MesosNativeLibrary.load("/nonexistent/libmesos.so")).doesNotThrowAnyException();
  }

  @Test
  void versionIsTheApiThisJarImplements() {
    Version v = MesosNativeLibrary.version();
    assertThat(v.major).isEqualTo(1);
    assertThat(v.minor).isEqualTo(11);
    assertThat(v.patch).isZero();
    assertThat(MesosNativeLibrary.VERSION).isEqualTo("1.11.0");
    // Marathon refuses to start below 1.5.0.
    assertThat(v.after(new Version(1, 5, 0))).isTrue();
    assertThat(v.before(new Version(1, 5, 0))).isFalse();
  }

  @Test
  void versionsCompareByMajorMinorPatch() {
    assertThat(new Version(1, 11).equals(new Version(1, 11, 0))).isTrue();
    assertThat(new Version(2).compareTo(new Version(1, 99, 99))).isPositive();
    assertThat(new Version(1, 10, 9).before(new Version(1, 11))).isTrue();
    assertThat(new Version(1, 11, 1).after(new Version(1, 11))).isTrue();
  }
}
