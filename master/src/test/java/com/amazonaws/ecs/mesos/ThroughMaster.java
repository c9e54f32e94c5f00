package com.amazonaws.ecs.mesos;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.ecs.EcsTarget;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.master.EcsMesosMaster;
import com.amazonaws.ecs.mesos.master.EcsMesosMasterBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;

/**
 * The driver module's suites through a master ({@code -Ddriver.via}, see {@link DriverVia}): the first driver a
 * test builds starts an {@link EcsMesosMaster} on the test's ecs-local with that driver's cluster settings
 * (clients, cluster, intervals, ports, retries, timeouts); every driver of the test is then given the
 * master's {@code http://} address instead, so it connects as a V0 framework to a master.
 */
final class ThroughMaster implements DriverVia {
  private EcsMesosMaster master;

  @Override
  public ECSSchedulerDriver build(ECSSchedulerDriver.Builder builder) {
    if (master == null) {
      master = start(builder.settings());
    }
    return builder.master(master.url().toString()).build();
  }

  private static EcsMesosMaster start(DriverConfig.Builder c) {
    EcsTarget target = EcsTarget.resolve(c.cluster, c.region, c.endpoint, c.master, c.environment);
    PortRanges ports = c.portRange != null ? c.portRange
        : target.ports() != null ? PortRanges.parse(target.ports()) : PortRanges.MESOS_DEFAULT;
    EcsMesosMasterBuilder b = EcsMesosMaster.builder().port(0)
        .cluster(target.cluster())
        .hostnamesFromEc2(c.hostnamesFromEc2)
        .clock(c.clock)
        .pollInterval(c.pollInterval)
        .offerInterval(c.offerInterval)
        .defaultRefuse(c.defaultRefuse)
        .agentDisconnectTimeout(c.agentDisconnectTimeout)
        .outageTimeout(c.outageTimeout)
        .teardownTimeout(c.teardownTimeout)
        .statusUpdateRetry(c.statusUpdateRetryInitial, c.statusUpdateRetryMax)
        .taskMissingGrace(c.missingGrace)
        .retries(c.maxAttempts, c.retryBaseDelay, c.retryMaxDelay)
        .portRange(spec(ports))
        .diskPerAgentMb(c.diskPerAgentMb)
        .launchCall(c.launchCall != null ? c.launchCall : DriverConfig.launchCallFrom(c.environment))
        .heartbeatInterval(Duration.ofMillis(500));
    if (c.ecsClient != null) {
      b.ecsClient(c.ecsClient);
    }
    if (c.ec2Client != null) {
      b.ec2Client(c.ec2Client);
    }
    if (c.instanceSweepInterval != null) {
      b.instanceSweepInterval(c.instanceSweepInterval);
    }
    if (c.defaultImage != null) {
      b.defaultImage(c.defaultImage);
    }
    if (c.fargate != null && c.fargate.enabled()) {
      b.fargate(c.fargate.subnets(), c.fargate.securityGroups(), c.fargate.assignPublicIp(), c.fargate.spot(),
          c.fargate.cpus());
    }
    try {
      return b.build().start();
    } catch (Exception e) {
      throw new IllegalStateException("The master for this test did not start: " + e.getMessage(), e);
    }
  }

  private static String spec(PortRanges ports) {
    List<String> parts = new ArrayList<>();
    for (Protos.Value.Range r : ports.toProto().getRangeList()) {
      parts.add(r.getBegin() + "-" + r.getEnd());
    }
    return String.join(",", parts);
  }

  /** The master's address, once a driver was built. */
  java.net.URI url() {
    return master.url();
  }

  @Override
  public void close() {
    if (master != null) {
      master.close();
    }
  }
}
