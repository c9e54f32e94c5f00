package com.amazonaws.ecs.mesos.internal.process;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.remote.MasterAddress;
import com.amazonaws.ecs.mesos.internal.remote.RemoteProcess;
import java.net.URI;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backend a driver gets, by its master string ({@link MasterAddress}): the remote process for a master's
 * address, else the embedded one. An unusable master address still gets the remote process, which reports why
 * through {@code error()} once started (as every configuration problem is reported).
 */
public final class Backends {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private Backends() {}

  /** @param credential the framework's Mesos credential, or null */
  public static DriverBackend create(DriverConfig config, Protos.Credential credential, Scheduler scheduler,
      SchedulerDriver driver, Lifecycle lifecycle) {
    boolean clusterNamed = config.cluster != null || config.ecsClient != null;
    URI remote = null;
    String problem = null;
    try {
      remote = MasterAddress.remote(config.master, config.environment, clusterNamed);
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    if (remote != null || problem != null) {
      return new RemoteProcess(config, remote, problem, credential, scheduler, driver, lifecycle);
    }
    if (MasterAddress.looksLikeAddress(config.master)) {
      LOG.info("Master '{}' is not used: {} names the ECS cluster, so the driver runs embedded (give http://{} to "
          + "connect to a master)", config.master, clusterNamed ? "the builder" : "AWS_ECS_CLUSTER", config.master);
    }
    if (credential != null) {
      LOG.info("Mesos credential for principal '{}' is not used on ECS; AWS credentials come from the AWS SDK",
          credential.getPrincipal());
    }
    return new DriverProcess(config, scheduler, driver, lifecycle);
  }
}
