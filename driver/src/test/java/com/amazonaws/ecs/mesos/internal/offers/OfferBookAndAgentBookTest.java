package com.amazonaws.ecs.mesos.internal.offers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.StatusContext;
import java.util.List;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

class OfferBookAndAgentBookTest {

  static Protos.Resource scalar(String name, double v) {
    return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(v)).build();
  }

  static HeldResources held(double cpus, double mem) {
    return HeldResources.of(List.of(scalar("cpus", cpus), scalar("mem", mem)));
  }

  static ContainerInstance instance(String id, String status, boolean connected) {
    return ContainerInstance.builder().containerInstanceArn("arn:aws:ecs:us-east-1:1:container-instance/c/" + id)
        .status(status).agentConnected(connected).ec2InstanceId("i-" + id).build();
  }

  @Test
  void offerIdsAreUniqueAndNameTheAgent() {
    OfferBook a = new OfferBook("s1", List.of());
    OfferBook b = new OfferBook("s2", List.of());
    Protos.OfferID first = a.nextId("agent");
    assertThat(first.getValue()).startsWith("agent-");
    assertThat(a.nextId("agent")).isNotEqualTo(first);
    assertThat(b.nextId("agent")).isNotEqualTo(first);
  }

  @Test
  void refusalCoversOnlyWhatWasRefusedAndExpires() {
    OfferBook book = new OfferBook("s", List.of());
    book.refuse("a", "*", held(1, 1000), 5_000);
    assertThat(book.refused("a", "*", held(1, 1000), 1_000)).isTrue();
    assertThat(book.refused("a", "*", held(0.5, 500), 1_000)).isTrue();
    assertThat(book.refused("a", "*", held(2, 1000), 1_000)).as("more resources freed up").isFalse();
    assertThat(book.refused("b", "*", held(1, 1000), 1_000)).isFalse();
    assertThat(book.refused("a", "*", held(1, 1000), 5_000)).as("expired").isFalse();
    book.refuse("a", "*", held(1, 1000), 9_000);
    book.clearRefusals();
    assertThat(book.refused("a", "*", held(1, 1000), 6_000)).isFalse();
  }

  /**
   * Mesos keeps every filter: a short decline made while a longer, smaller filter exists still holds for its
   * own time. (The driver used to keep only the longest filter per agent, so an agent whose offer was
   * declined for 5 s came back at the next tick: 55 offers of one agent in 5 s.)
   */
  @Test
  void aShortFilterIsKeptBesideALongerOneThatCoversLess() {
    OfferBook book = new OfferBook("s", List.of());
    book.refuse("a", "*", held(0.5, 500), 3_600_000); // the unused part of a launch, for an hour
    book.refuse("a", "*", held(2, 2000), 5_000);      // the whole agent, declined for 5 s
    assertThat(book.refused("a", "*", held(2, 2000), 1_000)).as("the 5 s decline holds").isTrue();
    assertThat(book.refused("a", "*", held(2, 2000), 5_000)).as("until it expires").isFalse();
    assertThat(book.refused("a", "*", held(0.5, 500), 5_000)).as("the long one still holds").isTrue();
  }

  @Test
  void aFilterCoveringAnOlderOneForLongerReplacesIt() {
    OfferBook book = new OfferBook("s", List.of());
    book.refuse("a", "*", held(1, 1000), 5_000);
    book.refuse("a", "*", held(2, 2000), 10_000);
    assertThat(book.refused("a", "*", held(1, 1000), 7_000)).isTrue();
    assertThat(book.refused("a", "*", held(2, 2000), 10_000)).isFalse();
  }

  @Test
  void filtersBelongToTheOffersRoleAndReviveOfRolesClearsOnlyThose() {
    OfferBook book = new OfferBook("s", List.of());
    book.refuse("a", "web", held(1, 1000), 5_000);
    book.refuse("a", "batch", held(1, 1000), 5_000);
    assertThat(book.refused("a", "web", held(1, 1000), 1_000)).isTrue();
    assertThat(book.refused("a", "*", held(1, 1000), 1_000)).as("another role").isFalse();
    book.clearRefusals(List.of("batch"));
    assertThat(book.refused("a", "batch", held(1, 1000), 1_000)).isFalse();
    assertThat(book.refused("a", "web", held(1, 1000), 1_000)).as("not revived").isTrue();
  }

  @Test
  void suppressionByRole() {
    OfferBook book = new OfferBook("s", List.of("web"));
    assertThat(book.suppressedRoles()).containsExactly("web");
    book.suppress(List.of("batch"));
    book.revive(List.of("web"));
    assertThat(book.suppressedRoles()).containsExactly("batch");
    book.replaceSuppressed(List.of());
    assertThat(book.suppressedRoles()).isEmpty();
  }

  @Test
  void agentTransitions() {
    AgentBook book = new AgentBook(1_000);
    AgentBook.Changes c = book.apply(List.of(instance("a", "ACTIVE", true), instance("b", "ACTIVE", true)), 0);
    assertThat(c.needHostname).hasSize(2);
    assertThat(c.lost).isEmpty();
    book.get("a").hostname("host-a");
    book.get("b").hostname("host-b");

    c = book.apply(List.of(instance("a", "ACTIVE", false), instance("b", "DRAINING", true)), 100);
    assertThat(c.unavailable).extracting(Agent::id).containsExactly("a", "b");
    assertThat(c.lost).isEmpty();
    assertThat(book.state("a", 100)).isEqualTo(StatusContext.AgentState.CONNECTED);

    c = book.apply(List.of(instance("a", "ACTIVE", false), instance("b", "DRAINING", true)), 1_100);
    assertThat(c.lost).containsExactly("a");
    assertThat(book.state("a", 1_100)).isEqualTo(StatusContext.AgentState.DISCONNECTED);

    c = book.apply(List.of(instance("a", "ACTIVE", true)), 1_200);
    assertThat(c.reconnected).extracting(Agent::id).containsExactly("a");
    assertThat(c.lost).containsExactly("b");
    assertThat(book.state("b", 1_200)).isEqualTo(StatusContext.AgentState.GONE);
    assertThat(book.state("never-seen", 1_200)).isEqualTo(StatusContext.AgentState.GONE);
    assertThat(book.known("a")).isTrue();
    assertThat(book.known("b")).isFalse();
    assertThat(book.get("a").offerable()).isTrue();
  }

  @Test
  void anAgentWhoseDescriptionProvedStaleIsNotOfferedUntilDescribedAgain() {
    AgentBook book = new AgentBook(1_000);
    book.apply(List.of(instance("a", "ACTIVE", true)), 0);
    book.get("a").hostname("host-a");
    book.describeAgain("a");
    assertThat(book.get("a").offerable()).isFalse();
    book.applySome(List.of(instance("a", "ACTIVE", true)), 100);
    assertThat(book.get("a").offerable()).isTrue();
  }

  @Test
  void unreachableMeansRegisteredAndDisconnectedLongerThanTheTimeout() {
    AgentBook book = new AgentBook(1_000);
    book.apply(List.of(instance("a", "ACTIVE", false), instance("b", "ACTIVE", true)), 0);
    assertThat(book.unreachable("a", 999)).isFalse();
    assertThat(book.unreachable("a", 1_000)).isTrue();
    assertThat(book.unreachable("b", 1_000)).isFalse();
    assertThat(book.unreachable("never-seen", 1_000)).isFalse();
  }

  @Test
  void aPartialDescriptionUpdatesOnlyTheAgentsInItAndRemovesTheDeregistered() {
    AgentBook book = new AgentBook(1_000);
    book.apply(List.of(instance("a", "ACTIVE", true), instance("b", "ACTIVE", true), instance("c", "ACTIVE", true)),
        0);

    AgentBook.Changes c = book.applySome(List.of(instance("a", "DRAINING", true), instance("b", "INACTIVE", false)),
        100);

    assertThat(c.unavailable).extracting(Agent::id).containsExactly("a", "b");
    assertThat(c.lost).containsExactly("b");
    assertThat(book.known("b")).isFalse();
    assertThat(book.state("b", 100)).isEqualTo(StatusContext.AgentState.GONE);
    assertThat(book.get("a").offerable()).isFalse();
    assertThat(book.known("c")).as("not described, not touched").isTrue();
  }

  @Test
  void aPartialDescriptionDisconnectsAndReconnectsLikeAFullOne() {
    AgentBook book = new AgentBook(1_000);
    book.apply(List.of(instance("a", "ACTIVE", true), instance("b", "ACTIVE", true)), 0);

    assertThat(book.applySome(List.of(instance("a", "ACTIVE", false)), 100).lost).isEmpty();
    assertThat(book.applySome(List.of(instance("a", "ACTIVE", false)), 1_100).lost).containsExactly("a");
    assertThat(book.applySome(List.of(instance("a", "ACTIVE", true)), 1_200).reconnected).extracting(Agent::id)
        .containsExactly("a");
    assertThat(book.known("b")).isTrue();
  }

  @Test
  void whatALaunchLeavesUnusedIsTheOfferMinusItsTasksNeverBelowZero() {
    HeldResources offered = held(2.0, 1024);
    assertThat(offered.minus(held(0.5, 256)).cpuUnits()).isEqualTo(1536);
    assertThat(offered.minus(held(0.5, 256)).memoryMib()).isEqualTo(768);
    assertThat(offered.minus(held(3.0, 2048)).isEmpty()).isTrue();
    assertThat(offered.minus(HeldResources.NONE).isEmpty()).isFalse();
    HeldResources withPorts = HeldResources.of(List.of(Protos.Resource.newBuilder().setName("ports")
        .setType(Protos.Value.Type.RANGES).setRanges(Protos.Value.Ranges.newBuilder()
            .addRange(Protos.Value.Range.newBuilder().setBegin(31000).setEnd(31009))).build()));
    HeldResources one = HeldResources.of(List.of(Protos.Resource.newBuilder().setName("ports")
        .setType(Protos.Value.Type.RANGES).setRanges(Protos.Value.Ranges.newBuilder()
            .addRange(Protos.Value.Range.newBuilder().setBegin(31003).setEnd(31003))).build()));
    assertThat(withPorts.minus(one).ports().toString()).doesNotContain("31003");
    assertThat(withPorts.minus(withPorts).isEmpty()).isTrue();
  }
}
