package com.amazonaws.ecs.mesos.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.local.EcsLocal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.mesos.MesosSchedulerDriver;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public constructor of Mesos 1.11.0's MesosSchedulerDriver, against ecs-local. */
class ShimConstructorsIT {
  private static final Protos.FrameworkInfo FRAMEWORK =
      Protos.FrameworkInfo.newBuilder().setName("shim-test").setUser("").build();
  private static final Protos.Credential CREDENTIAL =
      Protos.Credential.newBuilder().setPrincipal("marathon").setSecret("unused").build();

  /** Builds a driver from (scheduler, framework, master) with one of the original constructors. */
  interface Constructor {
    SchedulerDriver create(Scheduler scheduler, Protos.FrameworkInfo framework, String master);
  }

  static Stream<Arguments> constructors() {
    return Stream.of(
        Arguments.of("(scheduler, framework, master)",
            (Constructor) MesosSchedulerDriver::new),
        Arguments.of("(scheduler, framework, master, credential)",
            (Constructor) (s, f, m) -> new MesosSchedulerDriver(s, f, m, CREDENTIAL)),
        Arguments.of("(scheduler, framework, master, implicitAcknowledgements)",
            (Constructor) (s, f, m) -> new MesosSchedulerDriver(s, f, m, false)),
        Arguments.of("(scheduler, framework, master, implicitAcknowledgements, credential)",
            (Constructor) (s, f, m) -> new MesosSchedulerDriver(s, f, m, true, CREDENTIAL)),
        Arguments.of("(scheduler, framework, suppressedRoles, master, implicitAcknowledgements)",
            (Constructor) (s, f, m) -> new MesosSchedulerDriver(s, f, List.of(), m, true)),
        Arguments.of("(scheduler, framework, suppressedRoles, master, implicitAcknowledgements, credential)",
            (Constructor) (s, f, m) -> new MesosSchedulerDriver(s, f, List.of(), m, false, CREDENTIAL)));
  }

  private EcsLocal ecsLocal;
  private SchedulerDriver driver;

  @BeforeAll
  static void awsCredentials() {
    System.setProperty("aws.accessKeyId", "AKIDLOCAL");
    System.setProperty("aws.secretAccessKey", "secret");
  }

  @AfterAll
  static void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @BeforeEach
  void startEcsLocal() {
    ecsLocal = EcsLocal.builder().timeFactor(100).build();
    ecsLocal.addInstances("default", 2, 2048, 4096);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.stop();
    }
    ecsLocal.close();
  }

  private String master() {
    return "ecs://default?region=us-east-1&endpoint=" + ecsLocal.endpoint();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constructors")
  void startsRegistersAndReceivesOffers(String name, Constructor constructor) {
    OfferRecorder scheduler = new OfferRecorder();
    driver = constructor.create(scheduler, FRAMEWORK, master());

    assertThat(driver.start()).isEqualTo(Protos.Status.DRIVER_RUNNING);
    await().atMost(Duration.ofSeconds(15)).untilTrue(scheduler.registered);
    await().atMost(Duration.ofSeconds(15)).until(() -> scheduler.offers.size() >= 2);

    assertThat(scheduler.errors).isEmpty();
    assertThat(scheduler.offers).extracting(o -> o.getSlaveId().getValue()).doesNotHaveDuplicates();
    assertThat(driver.stop()).isEqualTo(Protos.Status.DRIVER_STOPPED);
  }

  @Test
  void suppressedRolesConstructorRegistersAndOffersAfterRevive() {
    OfferRecorder scheduler = new OfferRecorder();
    driver = new MesosSchedulerDriver(scheduler, FRAMEWORK, List.of("*"), master(), true);

    driver.start();
    await().atMost(Duration.ofSeconds(15)).untilTrue(scheduler.registered);
    assertThat(driver.reviveOffers()).isEqualTo(Protos.Status.DRIVER_RUNNING);
    await().atMost(Duration.ofSeconds(15)).until(() -> !scheduler.offers.isEmpty());
  }

  @Test
  void nullArgumentsThrowNullPointerExceptionAsTheOriginal() {
    Scheduler s = new OfferRecorder();
    String m = master();
    assertThatThrownBy(() -> new MesosSchedulerDriver(null, FRAMEWORK, m))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null Scheduler");
    assertThatThrownBy(() -> new MesosSchedulerDriver(s, null, m))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null FrameworkInfo");
    assertThatThrownBy(() -> new MesosSchedulerDriver(s, FRAMEWORK, (String) null))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null master");
    assertThatThrownBy(() -> new MesosSchedulerDriver(s, FRAMEWORK, m, (Protos.Credential) null))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null credential");
    assertThatThrownBy(() -> new MesosSchedulerDriver(s, FRAMEWORK, m, true, null))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null credential");
    assertThatThrownBy(() -> new MesosSchedulerDriver(s, FRAMEWORK, null, m, true))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null suppressedRoles");
    assertThatThrownBy(() -> new MesosSchedulerDriver(s, FRAMEWORK, List.of(), null, true, CREDENTIAL))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null master");
    assertThatThrownBy(() -> new MesosSchedulerDriver(s, FRAMEWORK, List.of(), m, true, null))
        .isInstanceOf(NullPointerException.class).hasMessage("Not expecting a null credential");
  }
}
