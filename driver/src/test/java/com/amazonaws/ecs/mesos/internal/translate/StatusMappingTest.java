package com.amazonaws.ecs.mesos.internal.translate;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_GONE;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_LOST;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STAGING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.apache.mesos.Protos.TaskState.TASK_UNREACHABLE;
import static org.apache.mesos.Protos.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED;
import static org.apache.mesos.Protos.TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED;
import static org.apache.mesos.Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY;
import static org.apache.mesos.Protos.TaskStatus.Reason.REASON_SLAVE_DISCONNECTED;
import static org.apache.mesos.Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED;
import static org.apache.mesos.Protos.TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED;
import static org.apache.mesos.Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN;
import static org.apache.mesos.Protos.TaskStatus.Source.SOURCE_MASTER;
import static org.apache.mesos.Protos.TaskStatus.Source.SOURCE_SLAVE;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.internal.translate.StatusContext.AgentState;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.apache.mesos.Protos.TaskStatus.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.Task;

class StatusMappingTest {

  static final String INSTANCE = "arn:aws:ecs:us-east-1:1:container-instance/c/ci-9";

  // ---- fixtures ---------------------------------------------------------------------------------

  static Task task(String lastStatus, String desired) {
    return Task.builder().taskArn("arn:aws:ecs:us-east-1:1:task/c/t1").containerInstanceArn(INSTANCE)
        .lastStatus(lastStatus).desiredStatus(desired)
        .containers(c("main", null, null, null)).build();
  }

  static Task stopped(String stopCode, String stoppedReason, Container... containers) {
    return Task.builder().taskArn("arn:aws:ecs:us-east-1:1:task/c/t1").containerInstanceArn(INSTANCE)
        .lastStatus("STOPPED").desiredStatus("STOPPED").stopCode(stopCode).stoppedReason(stoppedReason)
        .containers(containers).build();
  }

  static Container c(String name, Integer exit, String reason, HealthStatus health) {
    return Container.builder().name(name).exitCode(exit).reason(reason).healthStatus(health).build();
  }

  static Container exit(String name, Integer code) {
    return c(name, code, null, null);
  }

  static StatusContext.Builder ctx() {
    return StatusContext.builder();
  }

  static StatusContext.Builder pa() {
    return StatusContext.builder().partitionAware(true);
  }

  /** One row of the mapping table. A null expected state means "send nothing". */
  record Row(String name, Task task, StatusContext ctx, TaskState state, Reason reason, Source source,
      List<String> messageParts, Boolean healthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Row row(String name, Task task, StatusContext.Builder ctx, TaskState state, Reason reason, Source source,
      String... messageParts) {
    return new Row(name, task, ctx.build(), state, reason, source, Arrays.asList(messageParts), null);
  }

  static Row nothing(String name, Task task, StatusContext.Builder ctx) {
    return new Row(name, task, ctx.build(), null, null, null, List.of(), null);
  }

  static Row healthy(String name, Task task, StatusContext.Builder ctx, TaskState state, Reason reason, Boolean healthy) {
    return new Row(name, task, ctx.build(), state, reason, SOURCE_SLAVE, List.of(), healthy);
  }

  // ---- the table --------------------------------------------------------------------------------

  static Stream<Row> lifecycle() {
    return Stream.of(
        row("PROVISIONING -> STARTING", task("PROVISIONING", "RUNNING"), ctx(), TASK_STARTING, null, SOURCE_SLAVE, "PROVISIONING"),
        row("PENDING -> STARTING", task("PENDING", "RUNNING"), ctx(), TASK_STARTING, null, SOURCE_SLAVE, "PENDING"),
        row("ACTIVATING -> STARTING", task("ACTIVATING", "RUNNING"), ctx(), TASK_STARTING, null, SOURCE_SLAVE),
        row("PENDING after STAGING -> STARTING", task("PENDING", "RUNNING"), ctx().lastSent(TASK_STAGING), TASK_STARTING, null, SOURCE_SLAVE),
        nothing("PENDING twice: nothing new", task("PENDING", "RUNNING"), ctx().lastSent(TASK_STARTING)),
        row("RUNNING -> RUNNING", task("RUNNING", "RUNNING"), ctx().lastSent(TASK_STARTING), TASK_RUNNING, null, SOURCE_SLAVE, "RUNNING"),
        row("RUNNING first seen skips STARTING", task("RUNNING", "RUNNING"), ctx(), TASK_RUNNING, null, SOURCE_SLAVE),
        nothing("RUNNING twice: nothing new", task("RUNNING", "RUNNING"), ctx().lastSent(TASK_RUNNING)),
        nothing("never backwards: PENDING after RUNNING", task("PENDING", "RUNNING"), ctx().lastSent(TASK_RUNNING)),
        nothing("never backwards: RUNNING after KILLING", task("RUNNING", "RUNNING"), ctx().lastSent(TASK_KILLING).taskKillingState(true)),
        nothing("stopping on its own: wait for STOPPED", task("DEACTIVATING", "STOPPED"), ctx().lastSent(TASK_RUNNING)),
        nothing("STOPPING without kill: wait", task("STOPPING", "RUNNING"), ctx().lastSent(TASK_RUNNING)),
        nothing("unknown lastStatus: nothing", task(null, "RUNNING"), ctx()),
        nothing("nothing after FINISHED", task("RUNNING", "RUNNING"), ctx().lastSent(TASK_FINISHED)),
        nothing("nothing after LOST", stopped("EssentialContainerExited", "x", exit("main", 0)), ctx().lastSent(TASK_LOST)),
        nothing("nothing after KILLED", stopped("UserInitiated", "x"), ctx().lastSent(TASK_KILLED).killRequested(true)),
        nothing("same terminal state again: nothing", stopped("EssentialContainerExited", "x", exit("main", 0)), ctx().lastSent(TASK_FINISHED)));
  }

  static Stream<Row> kills() {
    return Stream.of(
        row("kill, DEACTIVATING, capable -> KILLING", task("DEACTIVATING", "STOPPED"), ctx().killRequested(true).taskKillingState(true).lastSent(TASK_RUNNING),
            TASK_KILLING, null, SOURCE_SLAVE, "DEACTIVATING", "kill"),
        row("kill, STOPPING, capable -> KILLING", task("STOPPING", "STOPPED"), ctx().killRequested(true).taskKillingState(true).lastSent(TASK_RUNNING),
            TASK_KILLING, null, SOURCE_SLAVE),
        row("kill, DEPROVISIONING, capable -> KILLING", task("DEPROVISIONING", "STOPPED"), ctx().killRequested(true).taskKillingState(true).lastSent(TASK_RUNNING),
            TASK_KILLING, null, SOURCE_SLAVE),
        row("kill, still RUNNING but desired STOPPED, capable -> KILLING", task("RUNNING", "STOPPED"), ctx().killRequested(true).taskKillingState(true).lastSent(TASK_RUNNING),
            TASK_KILLING, null, SOURCE_SLAVE),
        row("kill while PENDING, capable -> KILLING", task("PENDING", "STOPPED"), ctx().killRequested(true).taskKillingState(true).lastSent(TASK_STARTING),
            TASK_KILLING, null, SOURCE_SLAVE),
        nothing("kill, STOPPING, not capable -> nothing", task("STOPPING", "STOPPED"), ctx().killRequested(true).lastSent(TASK_RUNNING)),
        nothing("kill, desired STOPPED, not capable -> nothing", task("RUNNING", "STOPPED"), ctx().killRequested(true).lastSent(TASK_RUNNING)),
        nothing("KILLING once", task("STOPPING", "STOPPED"), ctx().killRequested(true).taskKillingState(true).lastSent(TASK_KILLING)),
        row("kill requested but ECS not stopping yet -> still RUNNING", task("RUNNING", "RUNNING"), ctx().killRequested(true).lastSent(TASK_STARTING),
            TASK_RUNNING, null, SOURCE_SLAVE),
        row("kill, STOPPED UserInitiated -> KILLED", stopped("UserInitiated", "Task stopped by user", exit("main", 143)),
            ctx().killRequested(true).lastSent(TASK_RUNNING), TASK_KILLED, null, SOURCE_SLAVE, "killed by the framework", "Task stopped by user"),
        row("kill, STOPPED after KILLING -> KILLED", stopped("UserInitiated", "Task stopped by user", exit("main", 137)),
            ctx().killRequested(true).taskKillingState(true).lastSent(TASK_KILLING), TASK_KILLED, null, SOURCE_SLAVE),
        row("kill, STOPPED no stop code -> KILLED", stopped(null, null),
            ctx().killRequested(true).lastSent(TASK_RUNNING), TASK_KILLED, null, SOURCE_SLAVE, "no reason given"),
        row("kill while PENDING, never ran -> KILLED", stopped("UserInitiated", "Task stopped by user", c("main", null, null, null)),
            ctx().killRequested(true).lastSent(TASK_STARTING), TASK_KILLED, null, SOURCE_SLAVE),
        row("kill arrived after it exited 0 -> real outcome FINISHED", stopped("EssentialContainerExited", "Essential container in task exited", exit("main", 0)),
            ctx().killRequested(true).lastSent(TASK_RUNNING), TASK_FINISHED, null, SOURCE_SLAVE),
        row("kill arrived after it exited 2 -> real outcome FAILED", stopped("EssentialContainerExited", "Essential container in task exited", exit("main", 2)),
            ctx().killRequested(true).lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "code 2"),
        row("kill, instance lost while stopping -> KILLED (it was asked to die, and is dead)", stopped("SpotInterruption", "spot"),
            ctx().killRequested(true).lastSent(TASK_RUNNING), TASK_KILLED, null, SOURCE_SLAVE));
  }

  static Stream<Row> exits() {
    String ecsReason = "Essential container in task exited";
    String eec = "EssentialContainerExited";
    return Stream.of(
        row("exit 0 -> FINISHED", stopped(eec, ecsReason, exit("main", 0)), ctx().lastSent(TASK_RUNNING),
            TASK_FINISHED, null, SOURCE_SLAVE, "code 0"),
        row("exit 0 straight from nothing -> FINISHED", stopped(eec, ecsReason, exit("main", 0)), ctx(),
            TASK_FINISHED, null, SOURCE_SLAVE),
        row("two essentials exit 0 -> FINISHED", stopped(eec, ecsReason, exit("a", 0), exit("b", 0)), ctx().lastSent(TASK_RUNNING),
            TASK_FINISHED, null, SOURCE_SLAVE),
        row("non-essential failed, essential 0 -> FINISHED", stopped(eec, ecsReason, exit("main", 0), exit("sidecar", 1)),
            ctx().lastSent(TASK_RUNNING).nonEssentialContainers(Set.of("sidecar")), TASK_FINISHED, null, SOURCE_SLAVE),
        row("non-essential without exit code -> FINISHED", stopped(eec, ecsReason, exit("main", 0), exit("log-router", null)),
            ctx().lastSent(TASK_RUNNING).nonEssentialContainers(Set.of("log-router")), TASK_FINISHED, null, SOURCE_SLAVE),
        row("no essential flags: all essential, sidecar failing fails the task", stopped(eec, ecsReason, exit("main", 0), exit("sidecar", 1)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "'sidecar'", "code 1"),
        row("exit 3 -> FAILED with code, name and ECS reason", stopped(eec, ecsReason, c("web", 3, null, null)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE,
            "Essential container 'web' exited with code 3", "ECS: " + ecsReason),
        row("exit 1 with container reason", stopped(eec, ecsReason, c("web", 1, "Error: boom", null)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "code 1 (Error: boom)"),
        row("negative exit code", stopped(eec, ecsReason, exit("web", -1)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "code -1"),
        row("both essentials failed: both named", stopped(eec, ecsReason, exit("a", 2), exit("b", 5)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "'a' exited with code 2", "'b' exited with code 5"),
        row("essential without exit code -> FAILED", stopped(eec, ecsReason, exit("main", 0), exit("db", null)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "'db' stopped without an exit code"),
        row("OOM reason with 137 -> memory limitation", stopped(eec, ecsReason, c("web", 137, "OutOfMemoryError: Container killed due to memory usage", null)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_CONTAINER_LIMITATION_MEMORY, SOURCE_SLAVE, "'web'", "137", "OutOfMemoryError"),
        row("OOM reason without exit code -> memory limitation", stopped(eec, ecsReason, c("web", null, "OutOfMemoryError: Container killed due to memory usage", null)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_CONTAINER_LIMITATION_MEMORY, SOURCE_SLAVE, "OutOfMemoryError"),
        row("OOM wins over another container's plain failure", stopped(eec, ecsReason, exit("a", 1), c("b", 137, "OutOfMemoryError: x", null)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_CONTAINER_LIMITATION_MEMORY, SOURCE_SLAVE, "'b'"),
        row("OOM in a non-essential container does not fail the task", stopped(eec, ecsReason, exit("main", 0), c("side", 137, "OutOfMemoryError: x", null)),
            ctx().lastSent(TASK_RUNNING).nonEssentialContainers(Set.of("side")), TASK_FINISHED, null, SOURCE_SLAVE),
        row("137 without OOM reason is a plain failure", stopped(eec, ecsReason, exit("web", 137)),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "code 137"),
        row("stopped without stop code, exit 0 -> FINISHED", stopped(null, null, exit("main", 0)),
            ctx().lastSent(TASK_RUNNING), TASK_FINISHED, null, SOURCE_SLAVE, "no reason given"),
        row("stopped without containers -> FAILED", stopped(null, "weird"),
            ctx().lastSent(TASK_RUNNING), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE, "without reporting essential containers", "weird"),
        row("DELETED counts as STOPPED", stopped(eec, ecsReason, exit("main", 0)).toBuilder().lastStatus("DELETED").build(),
            ctx().lastSent(TASK_RUNNING), TASK_FINISHED, null, SOURCE_SLAVE),
        row("failed to start: pull error", stopped("TaskFailedToStart", "CannotPullContainerError: pull access denied for nope",
                c("main", null, "CannotPullContainerError: pull access denied", null)),
            ctx().lastSent(TASK_STARTING), TASK_FAILED, REASON_CONTAINER_LAUNCH_FAILED, SOURCE_SLAVE,
            "ECS could not start the task: CannotPullContainerError", "container 'main': CannotPullContainerError"),
        row("failed to start with no reason", stopped("TaskFailedToStart", null),
            ctx(), TASK_FAILED, REASON_CONTAINER_LAUNCH_FAILED, SOURCE_SLAVE, "no reason given"),
        row("failed to start even when a kill was requested", stopped("TaskFailedToStart", "ResourceInitializationError: x"),
            ctx().killRequested(true), TASK_FAILED, REASON_CONTAINER_LAUNCH_FAILED, SOURCE_SLAVE, "ResourceInitializationError"));
  }

  static Stream<Row> outsideAndLoss() {
    return Stream.of(
        row("stopped by someone else -> KILLED, says so", stopped("UserInitiated", "Task stopped by user", exit("main", 143)),
            ctx().lastSent(TASK_RUNNING), TASK_KILLED, null, SOURCE_SLAVE, "stopped outside the framework", "UserInitiated", "Task stopped by user"),
        row("stopped by a service scheduler -> KILLED, says so", stopped("ServiceSchedulerInitiated", "Scaling activity initiated by deployment", exit("main", 143)),
            ctx().lastSent(TASK_RUNNING), TASK_KILLED, null, SOURCE_SLAVE, "outside the framework", "ServiceSchedulerInitiated", "Scaling activity"),
        row("spot interruption -> LOST", stopped("SpotInterruption", "Your Spot Task was interrupted."),
            ctx().lastSent(TASK_RUNNING), TASK_LOST, REASON_SLAVE_REMOVED, SOURCE_MASTER, "ci-9", "SpotInterruption", "interrupted"),
        row("spot interruption, partition aware -> GONE", stopped("SpotInterruption", "Your Spot Task was interrupted."),
            pa().lastSent(TASK_RUNNING), TASK_GONE, REASON_SLAVE_REMOVED, SOURCE_MASTER),
        row("termination notice -> LOST", stopped("TerminationNotice", "Instance scheduled for termination"),
            ctx().lastSent(TASK_RUNNING), TASK_LOST, REASON_SLAVE_REMOVED, SOURCE_MASTER, "TerminationNotice"),
        row("infrastructure health, partition aware -> GONE", stopped("InfrastructureHealth", "x"),
            pa().lastSent(TASK_RUNNING), TASK_GONE, REASON_SLAVE_REMOVED, SOURCE_MASTER),
        row("host terminated reason, no stop code -> LOST", stopped(null, "Host EC2 (instance i-0abc123) terminated."),
            ctx().lastSent(TASK_RUNNING), TASK_LOST, REASON_SLAVE_REMOVED, SOURCE_MASTER, "i-0abc123"),
        row("host terminated reason with UserInitiated code -> GONE", stopped("UserInitiated", "Host EC2 (instance i-0abc123) terminated."),
            pa().lastSent(TASK_RUNNING), TASK_GONE, REASON_SLAVE_REMOVED, SOURCE_MASTER),
        row("host stopped reason -> LOST", stopped(null, "Host EC2 (instance i-1) stopped."),
            ctx().lastSent(TASK_STARTING), TASK_LOST, REASON_SLAVE_REMOVED, SOURCE_MASTER),
        row("stopped, no code, instance known gone -> LOST", stopped(null, null),
            ctx().agent(AgentState.GONE).lastSent(TASK_RUNNING), TASK_LOST, REASON_SLAVE_REMOVED, SOURCE_MASTER),
        row("stopped with exits, instance gone: exits win", stopped("EssentialContainerExited", "x", exit("main", 0)),
            ctx().agent(AgentState.GONE).lastSent(TASK_RUNNING), TASK_FINISHED, null, SOURCE_SLAVE),
        row("running, instance gone -> LOST", task("RUNNING", "RUNNING"),
            ctx().agent(AgentState.GONE).lastSent(TASK_RUNNING), TASK_LOST, REASON_SLAVE_REMOVED, SOURCE_MASTER, "ci-9", "no longer registered"),
        row("running, instance gone, partition aware -> GONE", task("RUNNING", "RUNNING"),
            pa().agent(AgentState.GONE).lastSent(TASK_RUNNING), TASK_GONE, REASON_SLAVE_REMOVED, SOURCE_MASTER),
        row("pending, instance gone -> LOST", task("PENDING", "RUNNING"),
            ctx().agent(AgentState.GONE), TASK_LOST, REASON_SLAVE_REMOVED, SOURCE_MASTER),
        row("running, agent disconnected -> LOST", task("RUNNING", "RUNNING"),
            ctx().agent(AgentState.DISCONNECTED).lastSent(TASK_RUNNING), TASK_LOST, REASON_SLAVE_DISCONNECTED, SOURCE_MASTER, "disconnected", "ci-9"),
        row("running, agent disconnected, partition aware -> UNREACHABLE", task("RUNNING", "RUNNING"),
            pa().agent(AgentState.DISCONNECTED).lastSent(TASK_RUNNING), TASK_UNREACHABLE, REASON_SLAVE_DISCONNECTED, SOURCE_MASTER),
        row("killing, agent disconnected, partition aware -> UNREACHABLE", task("STOPPING", "STOPPED"),
            pa().killRequested(true).taskKillingState(true).agent(AgentState.DISCONNECTED).lastSent(TASK_KILLING),
            TASK_UNREACHABLE, REASON_SLAVE_DISCONNECTED, SOURCE_MASTER),
        nothing("UNREACHABLE once", task("RUNNING", "RUNNING"), pa().agent(AgentState.DISCONNECTED).lastSent(TASK_UNREACHABLE)),
        row("reconnected after UNREACHABLE -> RUNNING again", task("RUNNING", "RUNNING"),
            pa().lastSent(TASK_UNREACHABLE), TASK_RUNNING, null, SOURCE_SLAVE),
        row("stopped while unreachable -> its outcome", stopped("EssentialContainerExited", "x", exit("main", 4)),
            pa().agent(AgentState.DISCONNECTED).lastSent(TASK_UNREACHABLE), TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED, SOURCE_SLAVE),
        nothing("reconnected after LOST: nothing (LOST is terminal)", task("RUNNING", "RUNNING"), ctx().lastSent(TASK_LOST)));
  }

  static Stream<Row> health() {
    Task.Builder running = task("RUNNING", "RUNNING").toBuilder();
    return Stream.of(
        healthy("task-level HEALTHY", running.healthStatus(HealthStatus.HEALTHY).build(), ctx().lastSent(TASK_STARTING), TASK_RUNNING, null, true),
        healthy("task-level UNHEALTHY", running.healthStatus(HealthStatus.UNHEALTHY).build(), ctx().lastSent(TASK_STARTING), TASK_RUNNING, null, false),
        healthy("all UNKNOWN: unset", task("RUNNING", "RUNNING").toBuilder().healthStatus(HealthStatus.UNKNOWN)
            .containers(c("a", null, null, HealthStatus.UNKNOWN)).build(), ctx().lastSent(TASK_STARTING), TASK_RUNNING, null, null),
        healthy("essential containers all HEALTHY", task("RUNNING", "RUNNING").toBuilder()
            .containers(c("a", null, null, HealthStatus.HEALTHY), c("b", null, null, HealthStatus.HEALTHY)).build(),
            ctx().lastSent(TASK_STARTING), TASK_RUNNING, null, true),
        healthy("one essential UNHEALTHY", task("RUNNING", "RUNNING").toBuilder()
            .containers(c("a", null, null, HealthStatus.HEALTHY), c("b", null, null, HealthStatus.UNHEALTHY)).build(),
            ctx().lastSent(TASK_STARTING), TASK_RUNNING, null, false),
        healthy("non-essential UNHEALTHY ignored", task("RUNNING", "RUNNING").toBuilder()
            .containers(c("a", null, null, HealthStatus.HEALTHY), c("side", null, null, HealthStatus.UNHEALTHY)).build(),
            ctx().lastSent(TASK_STARTING).nonEssentialContainers(Set.of("side")), TASK_RUNNING, null, true),
        healthy("HEALTHY + UNKNOWN: unset", task("RUNNING", "RUNNING").toBuilder()
            .containers(c("a", null, null, HealthStatus.HEALTHY), c("b", null, null, HealthStatus.UNKNOWN)).build(),
            ctx().lastSent(TASK_STARTING), TASK_RUNNING, null, null),
        healthy("became healthy -> RUNNING again with health reason", running.healthStatus(HealthStatus.HEALTHY).build(),
            ctx().lastSent(TASK_RUNNING), TASK_RUNNING, REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, true),
        healthy("became unhealthy -> RUNNING again with health reason", running.healthStatus(HealthStatus.UNHEALTHY).build(),
            ctx().lastSent(TASK_RUNNING).lastHealthy(true), TASK_RUNNING, REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, false),
        nothing("same health: nothing", running.healthStatus(HealthStatus.HEALTHY).build(), ctx().lastSent(TASK_RUNNING).lastHealthy(true)),
        nothing("health became unknown: nothing", running.healthStatus(HealthStatus.UNKNOWN).build(), ctx().lastSent(TASK_RUNNING).lastHealthy(true)),
        healthy("KILLING carries health", task("STOPPING", "STOPPED").toBuilder().healthStatus(HealthStatus.HEALTHY).build(),
            ctx().killRequested(true).taskKillingState(true).lastSent(TASK_RUNNING), TASK_KILLING, null, true),
        healthy("STARTING carries no health", task("PENDING", "RUNNING").toBuilder().healthStatus(HealthStatus.HEALTHY).build(),
            ctx(), TASK_STARTING, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"lifecycle", "kills", "exits", "outsideAndLoss", "health"})
  void mapsEcsTaskToTheNextMesosUpdate(Row row) {
    Optional<StatusDecision> decision = StatusMapping.next(row.task(), row.ctx());
    if (row.state() == null) {
      assertThat(decision).as(row.name()).isEmpty();
      return;
    }
    assertThat(decision).as(row.name()).isPresent();
    StatusDecision d = decision.get();
    assertThat(d.state()).as("state").isEqualTo(row.state());
    assertThat(d.reason()).as("reason").isEqualTo(row.reason());
    if (row.source() != null) {
      assertThat(d.source()).as("source").isEqualTo(row.source());
      assertThat(d.fromMaster()).isEqualTo(row.source() == SOURCE_MASTER);
    }
    assertThat(d.message()).as("message").isNotBlank();
    for (String part : row.messageParts()) {
      assertThat(d.message()).as("message").contains(part);
    }
    if (row.source() == SOURCE_SLAVE && row.messageParts().isEmpty() || row.healthy() != null) {
      assertThat(d.healthy()).as("healthy").isEqualTo(row.healthy());
    }
  }

  static Stream<Row> missing() {
    Task none = null;
    return Stream.of(
        row("missing -> LOST", none, ctx().lastSent(TASK_RUNNING), TASK_LOST, REASON_TASK_UNKNOWN, SOURCE_MASTER, "ECS no longer knows"),
        row("missing, partition aware -> GONE", none, pa().lastSent(TASK_RUNNING), TASK_GONE, REASON_TASK_UNKNOWN, SOURCE_MASTER, "ECS no longer knows"),
        row("missing after kill -> LOST, mentions kill", none, ctx().killRequested(true).lastSent(TASK_KILLING), TASK_LOST, REASON_TASK_UNKNOWN, SOURCE_MASTER, "kill had been requested"),
        row("missing, never reported -> LOST", none, ctx(), TASK_LOST, REASON_TASK_UNKNOWN, SOURCE_MASTER),
        nothing("missing after FINISHED: nothing", none, ctx().lastSent(TASK_FINISHED)),
        nothing("missing after LOST: nothing", none, ctx().lastSent(TASK_LOST)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missing")
  void tasksEcsForgotAreLostOrGone(Row row) {
    Optional<StatusDecision> decision = StatusMapping.missing(row.ctx());
    if (row.state() == null) {
      assertThat(decision).isEmpty();
      return;
    }
    assertThat(decision).hasValueSatisfying(d -> {
      assertThat(d.state()).isEqualTo(row.state());
      assertThat(d.reason()).isEqualTo(row.reason());
      assertThat(d.source()).isEqualTo(SOURCE_MASTER);
      row.messageParts().forEach(p -> assertThat(d.message()).contains(p));
    });
  }

  /** Walks a whole ECS lifecycle the way the driver loop would, feeding back what was sent. */
  static Stream<Object[]> lifecycles() {
    UnaryOperator<StatusContext.Builder> plain = b -> b;
    UnaryOperator<StatusContext.Builder> killing = b -> b.killRequested(true).taskKillingState(true);
    return Stream.of(
        new Object[] {"natural finish", plain, List.of("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "RUNNING",
            "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"),
            List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED)},
        new Object[] {"kill with KILLING capability", killing, List.of("PENDING", "RUNNING", "DEACTIVATING", "STOPPING", "STOPPED", "STOPPED"),
            List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED)},
        new Object[] {"kill without capability", (UnaryOperator<StatusContext.Builder>) b -> b.killRequested(true),
            List.of("PENDING", "RUNNING", "DEACTIVATING", "STOPPING", "STOPPED"),
            List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED)});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lifecycles")
  void eachStateOnceAndInOrder(String name, UnaryOperator<StatusContext.Builder> setup, List<String> ecsStatuses,
      List<TaskState> expected) {
    List<TaskState> sent = new ArrayList<>();
    TaskState last = null;
    for (String status : ecsStatuses) {
      boolean stopping = List.of("DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED").contains(status);
      Task t = status.equals("STOPPED")
          ? stopped(name.startsWith("kill") ? "UserInitiated" : "EssentialContainerExited", "x", exit("main", name.startsWith("kill") ? 143 : 0))
          : task(status, stopping ? "STOPPED" : "RUNNING");
      Optional<StatusDecision> d = StatusMapping.next(t, setup.apply(ctx()).lastSent(last).build());
      if (d.isPresent()) {
        sent.add(d.get().state());
        last = d.get().state();
      }
    }
    assertThat(sent).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(TaskState.class)
  void terminalStatesAreMesossOwn(TaskState state) {
    boolean terminal = Set.of(TASK_FINISHED, TASK_FAILED, TASK_KILLED, TaskState.TASK_ERROR, TASK_LOST,
        TaskState.TASK_DROPPED, TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR).contains(state);
    assertThat(StatusMapping.isTerminal(state)).isEqualTo(terminal);
  }

  @Test
  void taskStatusCarriesTheCallersUuidTimestampAndAgent() {
    StatusDecision d = StatusMapping.next(task("RUNNING", "RUNNING").toBuilder().healthStatus(HealthStatus.HEALTHY).build(),
        ctx().build()).orElseThrow();
    Protos.TaskID taskId = Protos.TaskID.newBuilder().setValue("web.1").build();
    Protos.SlaveID agent = EcsArns.agentId(INSTANCE);
    ByteString uuid = ByteString.copyFromUtf8("0123456789abcdef");
    Protos.TaskStatus status = d.toTaskStatus(taskId, agent, uuid, 1700000000.25);
    assertThat(status.getTaskId()).isEqualTo(taskId);
    assertThat(status.getState()).isEqualTo(TASK_RUNNING);
    assertThat(status.getSlaveId().getValue()).isEqualTo("ci-9");
    assertThat(status.getUuid()).isEqualTo(uuid);
    assertThat(status.getTimestamp()).isEqualTo(1700000000.25);
    assertThat(status.getSource()).isEqualTo(SOURCE_SLAVE);
    assertThat(status.getHealthy()).isTrue();
    assertThat(status.hasReason()).isFalse();
    assertThat(status.getMessage()).isEqualTo(d.message());
    assertThat(d.toTaskStatus(taskId, agent, uuid, 1700000000.25)).as("pure").isEqualTo(status);
  }

  @Test
  void masterUpdatesHaveNoUuidOrHealth() {
    StatusDecision d = StatusMapping.missing(ctx().build()).orElseThrow();
    Protos.TaskStatus status = d.toTaskStatus(Protos.TaskID.newBuilder().setValue("t").build(), null, null, 1.0);
    assertThat(status.hasUuid()).isFalse();
    assertThat(status.hasSlaveId()).isFalse();
    assertThat(status.hasHealthy()).isFalse();
    assertThat(status.getReason()).isEqualTo(REASON_TASK_UNKNOWN);
    assertThat(status.getSource()).isEqualTo(SOURCE_MASTER);
  }

  @Test
  void contextReadsCapabilitiesFromFrameworkInfo() {
    Protos.FrameworkInfo fw = Protos.FrameworkInfo.newBuilder().setUser("u").setName("marathon")
        .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder().setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE))
        .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder().setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE))
        .build();
    StatusContext c = ctx().taskKillingState(true).capabilitiesOf(fw).build();
    assertThat(c.partitionAware()).isTrue();
    assertThat(c.taskKillingState()).isFalse();
    assertThat(c.agent()).isEqualTo(AgentState.CONNECTED);
    StatusContext copy = c.toBuilder().lastSent(TASK_RUNNING).build();
    assertThat(copy.partitionAware()).isTrue();
    assertThat(copy.lastSent()).isEqualTo(TASK_RUNNING);
    assertThat(c.lastSent()).as("immutable").isNull();
  }
}
