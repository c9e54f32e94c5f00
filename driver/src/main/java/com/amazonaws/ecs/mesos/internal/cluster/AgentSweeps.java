package com.amazonaws.ecs.mesos.internal.cluster;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.tasks.TaskBook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the AgentBook in step with ECS's container instances: full sweeps (list and describe every
 * instance), and between them descriptions of just the agents where something changed (a task of the
 * framework ended, ECS refused a StartTask for resources: the frameworks' TaskBooks mark them); names new
 * agents by their EC2 private DNS name.
 * What a description changed goes to the {@link Listener} (slaveLost, rescinds, offers).
 */
final class AgentSweeps {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSweeps.class);
  /** Average ECS reads per second full instance sweeps may take (of the 20/s read bucket). */
  static final double INSTANCE_SWEEP_READS_PER_SECOND = 2;

  /** Told what descriptions changed; on the loop. */
  interface Listener {
    void changed(AgentBook.Changes changes);

    /** Agents got their hostnames: they may be offered now. */
    void named();
  }

  private final DriverConfig config;
  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final AgentBook agents;
  private final java.util.function.Supplier<List<TaskBook>> books;
  private final EcsHealth health;
  private final Listener listener;
  private final Map<String, String> hostnameByEc2Id = new HashMap<>();
  private final Set<String> hostnamesInFlight = new HashSet<>();
  private boolean inFlight;
  private long nextFullSweepMillis;
  private boolean hostnamesFromEc2 = true;
  private boolean stopped;
  /** Agents (ID → ARN) an instance event said changed: described at the next offer tick. */
  private final Map<String, String> changedByEvents = new java.util.LinkedHashMap<>();
  /** The highest ECS version of each instance an event brought: older and repeated events change nothing. */
  private final Map<String, Long> eventVersions = new HashMap<>();
  private java.util.function.BooleanSupplier eventsFlowing = () -> false;

  /** @param books the TaskBooks of every framework on the cluster, now */
  AgentSweeps(DriverConfig config, DriverLoop loop, EcsGateway gateway, AgentBook agents,
      java.util.function.Supplier<List<TaskBook>> books, EcsHealth health, Listener listener) {
    this.config = config;
    this.loop = loop;
    this.gateway = gateway;
    this.agents = agents;
    this.books = books;
    this.health = health;
    this.listener = listener;
  }

  /**
   * With events flowing ({@code flowing}), full sweeps are an anti-entropy check every two
   * {@code eventsCheckInterval}s: instance events say which agents changed.
   */
  void eventsFlowing(java.util.function.BooleanSupplier flowing) {
    this.eventsFlowing = flowing;
  }

  /**
   * An instance's state change event: the agent is described at the next offer tick (an unknown one is added
   * then), instead of at the next full sweep; one that is no longer ACTIVE or whose agent disconnected is not
   * offered meanwhile. The description, not the event, sets resources: only a description can be matched with
   * the launches that landed before it (see {@link EcsGateway.InstanceSnapshot}).
   */
  void instanceEvent(com.amazonaws.ecs.mesos.internal.events.EcsEvent event) {
    Long known = eventVersions.get(event.arn());
    if (known != null && event.version() <= known) {
      return;
    }
    eventVersions.put(event.arn(), event.version());
    String id = com.amazonaws.ecs.mesos.internal.translate.EcsArns.containerInstanceId(event.arn());
    if (AgentBook.gone(event.instanceStatus())) {
      // Deregistered: ECS may no longer describe it, and nothing of it can come back.
      eventVersions.remove(event.arn());
      changedByEvents.remove(id);
      if (agents.known(id)) {
        listener.changed(agents.applySome(java.util.Collections.singletonList(
            software.amazon.awssdk.services.ecs.model.ContainerInstance.builder()
                .containerInstanceArn(event.arn()).status(event.instanceStatus()).build()), loop.nowMillis()));
      }
      return;
    }
    boolean usable = "ACTIVE".equals(event.instanceStatus()) && !Boolean.FALSE.equals(event.agentConnected());
    if (agents.known(id) && !usable) {
      agents.describeAgain(id);
    }
    if (agents.known(id) || usable) {
      changedByEvents.put(id, event.arn());
    }
  }

  /** No more descriptions are applied (the driver is stopping). */
  void stop() {
    stopped = true;
  }

  /**
   * Mesos's allocation cycle's description part, every offer interval: all instances when a full sweep is
   * due (every {@link #fullSweepIntervalMillis()}), else just those whose freed resources the last
   * description does not show.
   */
  void tick() {
    if (inFlight) {
      return;
    }
    if (loop.nowMillis() >= nextFullSweepMillis) {
      sweep(null);
    } else {
      describeFreedAgents();
    }
  }

  /**
   * How often every instance is listed and described: each offer interval while that costs little, but at
   * most {@value #INSTANCE_SWEEP_READS_PER_SECOND} reads per second on average, because ECS's read budget
   * (20/s, shared with DescribeTasks) would otherwise go to instances at 1,000 agents (20 reads a sweep).
   * Between full sweeps, launches are accounted by the driver and ended tasks by describing their agents.
   */
  private long fullSweepIntervalMillis() {
    if (config.instanceSweepInterval != null) {
      return config.instanceSweepInterval.toMillis();
    }
    long adaptive = adaptiveSweepIntervalMillis(agents.all().size(), config.offerInterval.toMillis());
    return eventsFlowing.getAsBoolean() ? Math.max(adaptive, 2 * config.eventsCheckInterval.toMillis()) : adaptive;
  }

  /** One list and one describe call per 100 instances, at {@value #INSTANCE_SWEEP_READS_PER_SECOND}/s. */
  static long adaptiveSweepIntervalMillis(int instances, long offerIntervalMillis) {
    int pages = Math.max(1, (instances + EcsGateway.DESCRIBE_BATCH - 1) / EcsGateway.DESCRIBE_BATCH);
    long budgetMillis = (long) Math.ceil(2 * pages * 1000 / INSTANCE_SWEEP_READS_PER_SECOND);
    return Math.max(offerIntervalMillis, budgetMillis);
  }

  private Set<String> takeFreedAgents() {
    Set<String> freed = new java.util.LinkedHashSet<>();
    for (TaskBook b : books.get()) {
      freed.addAll(b.takeFreedAgents());
    }
    return freed;
  }

  private void freedAgain(Collection<String> agentIds) {
    List<TaskBook> all = books.get();
    if (!all.isEmpty()) {
      all.get(0).freedAgain(agentIds); // any book: the next sweep takes the marks of all of them
      return;
    }
    for (String id : agentIds) {
      Agent a = agents.get(id);
      if (a != null && a.arn() != null) {
        changedByEvents.put(id, a.arn()); // no framework yet: keep the mark here
      }
    }
  }

  private void describeFreedAgents() {
    Set<String> freed = takeFreedAgents();
    Map<String, String> arnById = new java.util.LinkedHashMap<>();
    for (String id : freed) {
      Agent a = agents.get(id);
      if (a != null && a.arn() != null && a.fargate() == null) { // a Fargate agent's description is the driver's
        arnById.put(id, a.arn());
      }
    }
    arnById.putAll(changedByEvents);
    changedByEvents.clear();
    if (!arnById.isEmpty()) {
      List<String> ids = new ArrayList<>(arnById.keySet());
      describe(gateway.containerInstances(new ArrayList<>(arnById.values())), ids, ids, null);
    }
  }

  /** Lists and describes every instance; runs {@code then} (may be null) afterwards, whatever the outcome. */
  void sweep(final Runnable then) {
    if (inFlight) {
      return;
    }
    nextFullSweepMillis = loop.nowMillis() + fullSweepIntervalMillis();
    describe(gateway.containerInstances(), null, takeFreedAgents(), then);
  }

  /**
   * Applies a description of the instances when it arrives.
   *
   * @param some the agents described, or null for a full sweep (agents missing from it are gone)
   * @param freed agents taken from the book's freed marks for this description: marked again if it fails
   * @param then run afterwards, whatever the outcome; may be null
   */
  private void describe(CompletableFuture<EcsGateway.InstanceSnapshot> description, final List<String> some,
      final Collection<String> freed, final Runnable then) {
    inFlight = true;
    loop.whenDone(description, (snapshot, error) -> {
      inFlight = false;
      if (stopped) {
        return;
      }
      if (error != null) {
        health.failed(error);
        freedAgain(freed);
        LOG.debug("Describing {} container instances failed: {}", some == null ? "all" : some.size(),
            error.toString());
      } else {
        health.answered();
        long now = loop.nowMillis();
        AgentBook.Changes changes = some == null ? agents.apply(snapshot.instances(), now)
            : agents.applySome(snapshot.instances(), now);
        for (TaskBook b : books.get()) {
          if (some == null) {
            b.descriptionApplied(snapshot.landedBefore());
          } else {
            b.descriptionApplied(snapshot.landedBefore(), some);
          }
        }
        resolveHostnames(changes.needHostname);
        listener.changed(changes);
      }
      if (then != null) {
        then.run();
      }
    });
  }

  private void resolveHostnames(List<Agent> need) {
    final List<String> lookup = new ArrayList<>();
    for (Agent a : need) {
      String ec2Id = a.ec2InstanceId();
      if (ec2Id == null || ec2Id.isEmpty()) {
        a.hostname(a.id());
      } else if (hostnameByEc2Id.containsKey(ec2Id)) {
        a.hostname(hostnameByEc2Id.get(ec2Id));
      } else if (!hostnamesFromEc2 || !gateway.ec2().available()) {
        a.hostname(ec2Id);
      } else if (hostnamesInFlight.add(ec2Id)) {
        lookup.add(ec2Id);
      }
    }
    if (lookup.isEmpty()) {
      return;
    }
    loop.whenDone(gateway.ec2().privateDnsNames(lookup), (names, error) -> {
      hostnamesInFlight.removeAll(lookup);
      if (stopped) {
        return;
      }
      if (error != null) {
        if (EcsErrors.classify(error) == EcsErrors.Kind.REJECTED) {
          hostnamesFromEc2 = false;
        }
        LOG.warn("EC2 DescribeInstances failed ({}); naming {} agent(s) by EC2 instance ID", EcsErrors.describe(error),
            lookup.size());
      }
      for (String ec2Id : lookup) {
        String name = names == null ? null : names.get(ec2Id);
        hostnameByEc2Id.put(ec2Id, name != null ? name : ec2Id);
      }
      for (Agent a : agents.all()) {
        if (a.hostname() == null && hostnameByEc2Id.containsKey(a.ec2InstanceId())) {
          a.hostname(hostnameByEc2Id.get(a.ec2InstanceId()));
        }
      }
      listener.named();
    });
  }
}
