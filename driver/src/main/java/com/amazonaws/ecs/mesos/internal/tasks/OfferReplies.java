package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a framework's answer to an offer refuses, as Mesos's allocator keeps it: a decline refuses the whole offer,
 * a launch the part it did not use, for the filter's {@code refuse_seconds} (default 5 s).
 */
final class OfferReplies {
  private static final Logger LOG = LoggerFactory.getLogger(OfferReplies.class);

  private final DriverLoop loop;
  private final OfferBook offers;
  private final MetricsRecorder metrics;
  private final long defaultRefuseMillis;

  OfferReplies(DriverLoop loop, OfferBook offers, MetricsRecorder metrics, long defaultRefuseMillis) {
    this.loop = loop;
    this.offers = offers;
    this.metrics = metrics;
    this.defaultRefuseMillis = defaultRefuseMillis;
  }

  /** The refusal time of a decline or launch: {@code refuse_seconds}, else the default (5 s). */
  long refuseMillis(Protos.Filters filters) {
    if (filters == null || !filters.hasRefuseSeconds()) {
      return defaultRefuseMillis;
    }
    double seconds = filters.getRefuseSeconds();
    if (seconds < 0 || Double.isNaN(seconds)) {
      LOG.warn("Filters.refuse_seconds {} is negative; using the default", seconds);
      return defaultRefuseMillis;
    }
    double capped = Math.min(seconds, 365.0 * 24 * 3600);
    return (long) (capped * 1000);
  }

  /** Declines an offer: it is gone, and its agent's resources are refused for the filter's time. */
  void decline(Protos.OfferID offerId, Protos.Filters filters) {
    OfferBook.Outstanding o = offers.remove(offerId.getValue());
    if (o == null) {
      LOG.debug("Decline of offer {} that is not outstanding; ignored", offerId.getValue());
      return;
    }
    metrics.offerDeclined();
    refuse(o.agentId(), o.role(), o.held(), filters);
  }

  /** Refuses {@code held} of the agent to the role for the filter's time. */
  void refuse(String agentId, String role, HeldResources held, Protos.Filters filters) {
    long refuse = refuseMillis(filters);
    if (refuse > 0) {
      offers.refuse(agentId, role, held, loop.nowMillis() + refuse);
    }
  }
}
