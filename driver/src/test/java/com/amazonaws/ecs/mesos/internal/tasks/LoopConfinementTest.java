package com.amazonaws.ecs.mesos.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.LoopConfinement;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The books may be touched only on their loop's thread while it runs; tests record any slip. */
class LoopConfinementTest {
  private final DriverLoop loop = new DriverLoop("confinement-test-loop", Clock.systemUTC(), (what, t) -> { });

  @AfterEach
  void stop() {
    loop.shutdown();
    LoopConfinement.reset();
  }

  @Test
  void aBookTouchedOffItsRunningLoopIsRecordedAndFails() throws Exception {
    TaskBook book = new TaskBook(loop);
    assertThat(book.get("x")).as("before the loop runs: set-up").isNull();
    loop.start();
    CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
    loop.post(() -> onLoop.complete(book.get("x") == null));
    assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(LoopConfinement.violations()).isEmpty();

    assertThatThrownBy(() -> book.get("x")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("TaskBook").hasMessageContaining("confinement-test-loop");
    assertThat(LoopConfinement.violations()).hasSize(1);
  }

  @Test
  void aBookWithoutALoopMayBeUsedAnywhere() {
    loop.start();
    new TaskBook().get("x");
    assertThat(LoopConfinement.violations()).isEmpty();
  }
}
