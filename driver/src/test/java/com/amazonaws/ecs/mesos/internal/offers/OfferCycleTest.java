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

class OfferCycleTest {
  private static final Protos.FrameworkID FRAMEWORK = Protos.FrameworkID.newBuilder().setValue("fw").build();

  /** Launches in flight per agent, set by the test. */
  static final class Commitments implements AgentCommitments {
    final Map<String, HeldResources> held = new HashMap<>();

    @Override
    public HeldResources heldOutsideDescription(String agentId) {
      return held.getOrDefault(agentId, HeldResources.NONE);
    }
  }

  static ContainerInstance instance(int i, int cpu, int mem) {
    return ContainerInstance.builder()
        .containerInstanceArn("arn:aws:ecs:us-east-1:1:container-instance/c/ci" + i)
        .ec2InstanceId("i-" + i).status("ACTIVE").agentConnected(true)
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

  @Test
  void offersEachAgentOnceAndRescindsWhatNoLongerFits() {
    AgentBook agents = agents(List.of(instance(1, 2048, 4096), instance(2, 1024, 1024)));
    OfferBook offers = new OfferBook("s", List.of());
    Commitments commitments = new Commitments();
    OfferCycle cycle = new OfferCycle(agents, offers, commitments, PortRanges.MESOS_DEFAULT, 1000, "us-east-1");

    List<Protos.Offer> made = cycle.makeOffers(FRAMEWORK, List.of("*"), 0);
    assertThat(made).hasSize(2);
    assertThat(cycle.makeOffers(FRAMEWORK, List.of("*"), 0)).as("one outstanding offer per agent").isEmpty();
    assertThat(cycle.removeStale()).isEmpty();

    // Something outside the framework took half of ci1's CPU.
    agents.apply(List.of(instance(1, 1024, 4096), instance(2, 1024, 1024)), 1);
    assertThat(cycle.removeStale()).extracting(Protos.OfferID::getValue).singleElement().asString().startsWith("ci1-");
    List<Protos.Offer> again = cycle.makeOffers(FRAMEWORK, List.of("*"), 1);
    assertThat(again).hasSize(1);
    assertThat(again.get(0).getResourcesList()).anySatisfy(r -> {
      assertThat(r.getName()).isEqualTo("cpus");
      assertThat(r.getScalar().getValue()).isEqualTo(1.0);
    });
  }

  @Test
  void launchesInFlightAndSuppressedRolesAreRespected() {
    AgentBook agents = agents(List.of(instance(1, 2048, 4096)));
    OfferBook offers = new OfferBook("s", List.of("*"));
    Commitments commitments = new Commitments();
    commitments.held.put("ci1", OfferBookAndAgentBookTest.held(1.5, 1000));
    OfferCycle cycle = new OfferCycle(agents, offers, commitments, PortRanges.MESOS_DEFAULT, 1000, "us-east-1");
    assertThat(cycle.makeOffers(FRAMEWORK, List.of("*"), 0)).isEmpty();
    offers.revive(List.of("*"));
    Protos.Offer offer = cycle.makeOffers(FRAMEWORK, List.of("*"), 0).get(0);
    assertThat(offer.getResourcesList()).anySatisfy(r -> {
      assertThat(r.getName()).isEqualTo("cpus");
      assertThat(r.getScalar().getValue()).isEqualTo(0.5);
    });
  }

  /** One offer per instance at scale; how long it takes is measured by bench's DriverTranslationBenchmark. */
  @Test
  void aThousandInstancesGetAThousandDistinctOffers() {
    List<ContainerInstance> instances = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      instances.add(instance(i, 4096, 16384));
    }
    OfferCycle cycle = new OfferCycle(agents(instances), new OfferBook("s", List.of()), new Commitments(),
        PortRanges.MESOS_DEFAULT, 1000, "us-east-1");
    List<Protos.Offer> offers = cycle.makeOffers(FRAMEWORK, List.of("*"), 0);
    assertThat(offers).hasSize(1000);
    assertThat(offers).extracting(o -> o.getSlaveId().getValue()).doesNotHaveDuplicates();
    assertThat(offers).extracting(o -> o.getId().getValue()).doesNotHaveDuplicates();
  }
}
