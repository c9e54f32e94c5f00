package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkSink;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscribed framework's {@link FrameworkSink}: turns the session's events into V1 events
 * ({@link Evolve}, by bytes) on its current {@link EventStream}, and keeps the stream's heartbeat. The
 * channel outlives streams: a re-subscription puts a new stream in; while there is none, nothing is
 * delivered and the session keeps its updates for the next one.
 *
 * <p>Loop-confined, like the session it serves.
 */
final class EventChannel implements FrameworkSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventChannel.class);
  /** Mesos's heartbeat interval ({@code DEFAULT_HEARTBEAT_INTERVAL}). */
  static final double HEARTBEAT_SECONDS = 15.0;
  private final double heartbeatSeconds;
  /** Offers per OFFERS event: keeps records far below the 4 MiB that mesos-go reads. */
  private static final int OFFERS_PER_EVENT = 200;

  private final DriverLoop loop;
  private final String frameworkName;
  private EventStream stream;
  private DriverLoop.Timer heartbeat;

  EventChannel(DriverLoop loop, String frameworkName, double heartbeatSeconds) {
    this.loop = loop;
    this.frameworkName = frameworkName;
    this.heartbeatSeconds = heartbeatSeconds;
  }

  /** The stream events go to now; null while the framework is not subscribed. */
  EventStream stream() {
    return stream;
  }

  /** Puts a new subscription's stream in (the old one, if any, was ended by the caller). */
  void attach(EventStream s) {
    detach();
    this.stream = s;
  }

  /** No stream any more (it ended, or the framework was removed). */
  void detach() {
    stream = null;
    if (heartbeat != null) {
      heartbeat.cancel();
      heartbeat = null;
    }
  }

  @Override
  public boolean active() {
    return stream != null && stream.open();
  }

  private boolean send(Event event) {
    return stream != null && stream.send(event);
  }

  @Override
  public boolean registered(Protos.FrameworkID id, Protos.MasterInfo master) {
    Event subscribed = Event.newBuilder().setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder()
            .setFrameworkId(Evolve.<org.apache.mesos.v1.Protos.FrameworkID>to(
                org.apache.mesos.v1.Protos.FrameworkID.newBuilder(), id))
            .setHeartbeatIntervalSeconds(heartbeatSeconds)
            .setMasterInfo(Evolve.<org.apache.mesos.v1.Protos.MasterInfo>to(
                org.apache.mesos.v1.Protos.MasterInfo.newBuilder(), master)))
        .build();
    if (!send(subscribed)) {
      return false;
    }
    LOG.info("Framework {} ({}) subscribed on stream {}", id.getValue(), frameworkName, stream.id());
    beat();
    return true;
  }

  /** A HEARTBEAT now and every interval while the stream lasts (its writes also find clients that left). */
  private void beat() {
    final EventStream current = stream;
    if (current == null || !current.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build())) {
      return;
    }
    heartbeat = loop.schedule((long) (heartbeatSeconds * 1000), () -> {
      if (stream == current) {
        beat();
      }
    });
  }

  @Override
  public boolean reregistered(Protos.MasterInfo master) {
    return active(); // ECS answers again: a V1 framework never heard it was gone
  }

  @Override
  public boolean resourceOffers(List<Protos.Offer> offers) {
    for (Event event : offersEvents(offers)) {
      if (!send(event)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean offerRescinded(Protos.OfferID id) {
    return send(Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
        .setOfferId(Evolve.<org.apache.mesos.v1.Protos.OfferID>to(org.apache.mesos.v1.Protos.OfferID.newBuilder(), id)))
        .build());
  }

  @Override
  public boolean statusUpdate(Protos.TaskStatus status) {
    return send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
        .setStatus(Evolve.<org.apache.mesos.v1.Protos.TaskStatus>to(org.apache.mesos.v1.Protos.TaskStatus.newBuilder(),
            status)))
        .build());
  }

  @Override
  public boolean disconnected() {
    return active(); // ECS does not answer: the V1 API has no event for it; calls wait for ECS
  }

  @Override
  public boolean slaveLost(Protos.SlaveID id) {
    return send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
        .setAgentId(Evolve.<org.apache.mesos.v1.Protos.AgentID>to(org.apache.mesos.v1.Protos.AgentID.newBuilder(), id)))
        .build());
  }

  @Override
  public void error(String message) {
    error(stream, message);
  }

  /** Sends ERROR on {@code s} and ends it (Mesos's "Framework failed over", "Framework has been removed"). */
  static void error(EventStream s, String message) {
    if (s == null) {
      return;
    }
    s.send(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message))
        .build());
    s.close();
  }

  /**
   * RECONCILE_OPERATIONS: no operation with feedback exists on ECS (no reservations, no volumes), so each one
   * asked about is unknown to the master, as Mesos answers for an operation it has no record of.
   */
  boolean operationsUnknown(List<org.apache.mesos.v1.scheduler.Protos.Call.ReconcileOperations.Operation> asked) {
    for (org.apache.mesos.v1.scheduler.Protos.Call.ReconcileOperations.Operation op : asked) {
      org.apache.mesos.v1.Protos.OperationStatus.Builder status = org.apache.mesos.v1.Protos.OperationStatus
          .newBuilder().setOperationId(op.getOperationId())
          .setState(org.apache.mesos.v1.Protos.OperationState.OPERATION_UNKNOWN)
          .setMessage("Reconciliation: Operation is unknown");
      if (op.hasAgentId()) {
        status.setAgentId(op.getAgentId());
      }
      if (op.hasResourceProviderId()) {
        status.setResourceProviderId(op.getResourceProviderId());
      }
      if (!send(Event.newBuilder().setType(Event.Type.UPDATE_OPERATION_STATUS).setUpdateOperationStatus(
          Event.UpdateOperationStatus.newBuilder().setStatus(status)).build())) {
        return false;
      }
    }
    return true;
  }

  /** OFFERS events for {@code offers}, {@value #OFFERS_PER_EVENT} at most in each. */
  static List<Event> offersEvents(List<Protos.Offer> offers) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < offers.size(); i += OFFERS_PER_EVENT) {
      Event.Offers.Builder batch = Event.Offers.newBuilder();
      for (Protos.Offer o : offers.subList(i, Math.min(offers.size(), i + OFFERS_PER_EVENT))) {
        batch.addOffers(Evolve.<org.apache.mesos.v1.Protos.Offer>to(org.apache.mesos.v1.Protos.Offer.newBuilder(), o));
      }
      out.add(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(batch).build());
    }
    return out;
  }
}
