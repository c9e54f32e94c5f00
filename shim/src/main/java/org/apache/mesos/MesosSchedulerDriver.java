package org.apache.mesos;

import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import java.util.Collection;
import org.apache.mesos.Protos.Credential;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.scheduler.Protos.OfferConstraints;

/**
 * Mesos 1.11.0's {@code MesosSchedulerDriver}, running on Amazon ECS instead of libmesos and a Mesos master.
 * Every public constructor of the original exists with the same arguments; each builds an
 * {@link ECSSchedulerDriver} from them, and every method delegates to it. A framework that constructs
 * {@code MesosSchedulerDriver} runs on ECS without a change to its code, once this jar replaces the mesos jar
 * on its classpath.
 *
 * <pre>{@code
 * SchedulerDriver driver = new MesosSchedulerDriver(scheduler, framework, "ecs://my-cluster?region=us-east-1");
 * driver.run();
 * }</pre>
 *
 * <p>The {@code master} string decides, exactly as for {@code ECSSchedulerDriver}:
 * {@code ecs://CLUSTER[?region=R&endpoint=URL]} runs the framework on that cluster itself (embedded);
 * {@code http://host:5050} or {@code host:5050} connects it to an {@code ecs-mesos master} (or any Mesos 1.x
 * master) over the V1 API, unless {@code AWS_ECS_CLUSTER} names a cluster; {@code zk://HOSTS/PATH} (Marathon's
 * {@code --master}) connects it to the leader of the masters in ZooKeeper and follows the leader when it changes,
 * unless {@code AWS_ECS_CLUSTER} names a cluster (the framework's own ZooKeeper client does the lookup). Where a
 * cluster is named, the environment ({@code AWS_ECS_CLUSTER}, {@code AWS_ECS_ENDPOINT}, the AWS SDK's region and
 * credentials) decides. Null arguments throw {@link NullPointerException}, as the original's.
 */
public class MesosSchedulerDriver implements SchedulerDriver {
  private final ECSSchedulerDriver driver;

  public MesosSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, String master) {
    checkArguments(scheduler, framework, master);
    this.driver = new ECSSchedulerDriver(scheduler, framework, master);
  }

  public MesosSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, String master, Credential credential) {
    checkArguments(scheduler, framework, master);
    checkCredential(credential);
    this.driver = new ECSSchedulerDriver(scheduler, framework, master, credential);
  }

  public MesosSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, String master,
      boolean implicitAcknowledgements) {
    checkArguments(scheduler, framework, master);
    this.driver = new ECSSchedulerDriver(scheduler, framework, master, implicitAcknowledgements);
  }

  public MesosSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, String master,
      boolean implicitAcknowledgements, Credential credential) {
    checkArguments(scheduler, framework, master);
    checkCredential(credential);
    this.driver = new ECSSchedulerDriver(scheduler, framework, master, implicitAcknowledgements, credential);
  }

  public MesosSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, Collection<String> suppressedRoles,
      String master, boolean implicitAcknowledgements) {
    checkArguments(scheduler, framework, master);
    checkSuppressedRoles(suppressedRoles);
    this.driver = new ECSSchedulerDriver(scheduler, framework, suppressedRoles, master, implicitAcknowledgements);
  }

  public MesosSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, Collection<String> suppressedRoles,
      String master, boolean implicitAcknowledgements, Credential credential) {
    checkArguments(scheduler, framework, master);
    checkSuppressedRoles(suppressedRoles);
    checkCredential(credential);
    this.driver = new ECSSchedulerDriver(scheduler, framework, suppressedRoles, master, implicitAcknowledgements,
        credential);
  }

  // The original's checks and messages, so a framework's error handling sees the same exceptions.
  private static void checkArguments(Scheduler scheduler, FrameworkInfo framework, String master) {
    if (scheduler == null) {
      throw new NullPointerException("Not expecting a null Scheduler");
    }
    if (framework == null) {
      throw new NullPointerException("Not expecting a null FrameworkInfo");
    }
    if (master == null) {
      throw new NullPointerException("Not expecting a null master");
    }
  }

  private static void checkCredential(Credential credential) {
    if (credential == null) {
      throw new NullPointerException("Not expecting a null credential");
    }
  }

  private static void checkSuppressedRoles(Collection<String> suppressedRoles) {
    if (suppressedRoles == null) {
      throw new NullPointerException("Not expecting a null suppressedRoles");
    }
  }

  @Override
  public Status start() {
    return driver.start();
  }

  @Override
  public Status stop(boolean failover) {
    return driver.stop(failover);
  }

  @Override
  public Status stop() {
    return driver.stop();
  }

  @Override
  public Status abort() {
    return driver.abort();
  }

  @Override
  public Status join() {
    return driver.join();
  }

  @Override
  public Status run() {
    return driver.run();
  }

  @Override
  public Status requestResources(Collection<Protos.Request> requests) {
    return driver.requestResources(requests);
  }

  @Override
  @SuppressWarnings("deprecation") // deprecated in Mesos, still called by frameworks
  public Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks) {
    return driver.launchTasks(offerId, tasks);
  }

  @Override
  @SuppressWarnings("deprecation") // deprecated in Mesos, still called by frameworks
  public Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks, Protos.Filters filters) {
    return driver.launchTasks(offerId, tasks, filters);
  }

  @Override
  public Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks) {
    return driver.launchTasks(offerIds, tasks);
  }

  @Override
  public Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks,
      Protos.Filters filters) {
    return driver.launchTasks(offerIds, tasks, filters);
  }

  @Override
  public Status killTask(Protos.TaskID taskId) {
    return driver.killTask(taskId);
  }

  @Override
  public Status acceptOffers(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
      Protos.Filters filters) {
    return driver.acceptOffers(offerIds, operations, filters);
  }

  @Override
  public Status declineOffer(Protos.OfferID offerId) {
    return driver.declineOffer(offerId);
  }

  @Override
  public Status declineOffer(Protos.OfferID offerId, Protos.Filters filters) {
    return driver.declineOffer(offerId, filters);
  }

  @Override
  public Status reviveOffers() {
    return driver.reviveOffers();
  }

  @Override
  public Status reviveOffers(Collection<String> roles) {
    return driver.reviveOffers(roles);
  }

  @Override
  public Status suppressOffers() {
    return driver.suppressOffers();
  }

  @Override
  public Status suppressOffers(Collection<String> roles) {
    return driver.suppressOffers(roles);
  }

  @Override
  public Status acknowledgeStatusUpdate(Protos.TaskStatus status) {
    return driver.acknowledgeStatusUpdate(status);
  }

  @Override
  public Status sendFrameworkMessage(Protos.ExecutorID executorId, Protos.SlaveID slaveId, byte[] data) {
    return driver.sendFrameworkMessage(executorId, slaveId, data);
  }

  @Override
  public Status reconcileTasks(Collection<Protos.TaskStatus> statuses) {
    return driver.reconcileTasks(statuses);
  }

  @Override
  @SuppressWarnings("deprecation") // deprecated in Mesos, still called by frameworks
  public Status updateFramework(FrameworkInfo frameworkInfo, Collection<String> suppressedRoles) {
    return driver.updateFramework(frameworkInfo, suppressedRoles);
  }

  @Override
  public Status updateFramework(FrameworkInfo frameworkInfo, Collection<String> suppressedRoles,
      OfferConstraints offerConstraints) {
    return driver.updateFramework(frameworkInfo, suppressedRoles, offerConstraints);
  }
}
