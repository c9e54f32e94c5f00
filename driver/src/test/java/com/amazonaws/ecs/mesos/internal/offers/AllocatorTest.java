package com.amazonaws.ecs.mesos.internal.offers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

/** The allocator: one framework per agent at a time, lowest dominant share first, filters and suppression. */
class AllocatorTest {

  /** A framework as the allocator sees it, with what a test sets. */
  static final class Framework implements Claimant {
    final String id;
    final OfferBook offers;
    final List<String> roles;
    final Map<String, HeldResources> heldOutside = new HashMap<>();
    HeldResources allocated = HeldResources.NONE;
    boolean offerable = true;
    final List<Protos.Offer> received = new ArrayList<>();
    final List<Protos.OfferID> rescinded = new ArrayList<>();

    Framework(String id, String... roles) {
      this.id = id;
      this.offers = new OfferBook(id, List.of());
      this.roles = roles.length == 0 ? List.of("*") : List.of(roles);
    }

    @Override
    public Protos.FrameworkID frameworkId() {
      return Protos.FrameworkID.newBuilder().setValue(id).build();
    }

    @Override
    public boolean offerable() {
      return offerable;
    }

    @Override
    public List<String> roles() {
      return roles;
    }

    @Override
    public OfferBook offers() {
      return offers;
    }

    @Override
    public AgentCommitments commitments() {
      return agentId -> heldOutside.getOrDefault(agentId, HeldResources.NONE);
    }

    @Override
    public HeldResources allocated() {
      return allocated;
    }

    @Override
    public void offer(List<Protos.Offer> made) {
      received.addAll(made);
    }

    @Override
    public void rescind(Protos.OfferID offer) {
      rescinded.add(offer);
    }

    /** Uses (launches on, or declines without filter) every offer it holds. */
    void releaseAll() {
      for (OfferBook.Outstanding o : new ArrayList<>(offers.all())) {
        offers.remove(o.offer().getId().getValue());
      }
    }
  }

  static ContainerInstance instance(int i, int cpu, int mem) {
    return ContainerInstance.builder()
        .containerInstanceArn("arn:aws:ecs:us-east-1:1:container-instance/c/ci" + i)
        .ec2InstanceId("i-" + i).status("ACTIVE").agentConnected(true)
        .registeredResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(mem).build())
        .remainingResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(mem).build(),
            Resource.builder().name("PORTS").type("STRINGSET").stringSetValue("22", "2375", "2376", "51678", "31005")
                .build())
        .attributes(Attribute.builder().name("ecs.availability-zone").value("us-east-1" + "abc".charAt(i % 3)).build(),
            Attribute.builder().name("ecs.instance-type").value("m5.large").build())
        .build();
  }

  private static AgentBook agents(List<ContainerInstance> instances) {
    AgentBook book = new AgentBook(60_000);
    book.apply(instances, 0);
    for (Agent a : book.all()) {
      a.hostname("host-" + a.id());
    }
    return book;
  }

  private static Allocator allocator(AgentBook agents, long offerTimeoutMillis) {
    return new Allocator(agents, PortRanges.MESOS_DEFAULT, 1000, "us-east-1", offerTimeoutMillis);
  }

  private static double cpus(Protos.Offer offer) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  @Test
  void offersEachAgentOnceAndRescindsWhatNoLongerFits() {
    AgentBook agents = agents(List.of(instance(1, 2048, 4096), instance(2, 1024, 1024)));
    Framework fw = new Framework("fw");
    Allocator allocator = allocator(agents, 0);

    allocator.allocate(List.of(fw), 0);
    assertThat(fw.received).hasSize(2);
    allocator.allocate(List.of(fw), 0);
    assertThat(fw.received).as("one outstanding offer per agent").hasSize(2);
    allocator.rescindStale(List.of(fw), 0);
    assertThat(fw.rescinded).isEmpty();

    // Something outside the frameworks took half of ci1's CPU.
    agents.apply(List.of(instance(1, 1024, 4096), instance(2, 1024, 1024)), 1);
    allocator.rescindStale(List.of(fw), 1);
    assertThat(fw.rescinded).extracting(Protos.OfferID::getValue).singleElement().asString().startsWith("ci1-");
    allocator.allocate(List.of(fw), 1);
    assertThat(fw.received).hasSize(3);
    assertThat(cpus(fw.received.get(2))).isEqualTo(1.0);
  }

  @Test
  void whatTasksHoldOutsideTheDescriptionAndSuppressedRolesAreRespected() {
    AgentBook agents = agents(List.of(instance(1, 2048, 4096)));
    Framework fw = new Framework("fw");
    fw.offers.suppress(List.of("*"));
    Framework other = new Framework("other");
    other.offerable = false;
    other.heldOutside.put("ci1", OfferBookAndAgentBookTest.held(1.5, 1000));
    Allocator allocator = allocator(agents, 0);
    allocator.allocate(List.of(fw, other), 0);
    assertThat(fw.received).isEmpty();
    fw.offers.revive(List.of("*"));
    allocator.allocate(List.of(fw, other), 0);
    assertThat(cpus(fw.received.get(0))).as("another framework's launch in flight is not offered").isEqualTo(0.5);
  }

  /** The same resources are never outstanding in two frameworks' offers. */
  @Test
  void anAgentIsOfferedToOneFrameworkAtATime() {
    AgentBook agents = agents(List.of(instance(1, 2048, 4096)));
    Framework a = new Framework("a");
    Framework b = new Framework("b");
    Allocator allocator = allocator(agents, 0);
    allocator.allocate(List.of(a, b), 0);
    allocator.allocate(List.of(a, b), 0);
    assertThat(a.received.size() + b.received.size()).isEqualTo(1);
  }

  /**
   * Agents go to the framework with the lowest dominant share: with equal demand, two frameworks end up
   * with an equal number of agents; one that already runs more gets fewer.
   */
  @Test
  void agentsGoToTheLowestDominantShareFirst() {
    List<ContainerInstance> instances = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      instances.add(instance(i, 1024, 4096));
    }
    AgentBook agents = agents(instances);
    Framework a = new Framework("a");
    Framework b = new Framework("b");
    allocator(agents, 0).allocate(List.of(a, b), 0);
    assertThat(a.received).hasSize(5);
    assertThat(b.received).hasSize(5);

    Framework busy = new Framework("busy");
    busy.allocated = HeldResources.of(4096, 1024, 0, 0, PortRanges.EMPTY); // 40 % of the cluster's CPU
    Framework idle = new Framework("idle");
    allocator(agents, 0).allocate(List.of(busy, idle), 0);
    assertThat(idle.received).hasSize(7);
    assertThat(busy.received).hasSize(3);
  }

  @Test
  void aFilteredOrSuppressedFrameworkLeavesTheAgentToTheNextOne() {
    AgentBook agents = agents(List.of(instance(1, 2048, 4096)));
    Framework first = new Framework("first");
    Framework second = new Framework("second");
    Allocator allocator = allocator(agents, 0);
    allocator.allocate(List.of(first, second), 0);
    assertThat(first.received).as("ties go to the framework registered first").hasSize(1);
    OfferBook.Outstanding declined = first.offers.remove(first.received.get(0).getId().getValue());
    first.offers.refuse("ci1", declined.role(), declined.held(), 10_000);
    allocator.allocate(List.of(first, second), 0);
    assertThat(first.received).hasSize(1);
    assertThat(second.received).as("the agent first declined goes to the next framework").hasSize(1);
    second.releaseAll();
    second.offers.suppress(List.of("*"));
    allocator.allocate(List.of(first, second), 10_000);
    assertThat(first.received).as("the filter expired, the other framework is suppressed").hasSize(2);
  }

  @Test
  void anOfferHeldLongerThanTheOfferTimeoutIsRescinded() {
    AgentBook agents = agents(List.of(instance(1, 2048, 4096)));
    Framework hoarder = new Framework("hoarder");
    Framework waiting = new Framework("waiting");
    Allocator allocator = allocator(agents, 1_000);
    allocator.allocate(List.of(hoarder, waiting), 0);
    Framework holder = hoarder.received.isEmpty() ? waiting : hoarder;
    allocator.rescindStale(List.of(hoarder, waiting), 999);
    assertThat(holder.rescinded).isEmpty();
    allocator.rescindStale(List.of(hoarder, waiting), 1_000);
    assertThat(holder.rescinded).hasSize(1);
    assertThat(holder.offers.size()).isZero();
  }

  /** One offer per instance at scale; how long it takes is measured by bench's OfferCycleBenchmark. */
  @Test
  void aThousandInstancesGetAThousandDistinctOffers() {
    List<ContainerInstance> instances = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      instances.add(instance(i, 4096, 16384));
    }
    Framework fw = new Framework("fw");
    allocator(agents(instances), 0).allocate(List.of(fw), 0);
    assertThat(fw.received).hasSize(1000);
    assertThat(fw.received).extracting(o -> o.getSlaveId().getValue()).doesNotHaveDuplicates();
    assertThat(fw.received).extracting(o -> o.getId().getValue()).doesNotHaveDuplicates();
  }
}
