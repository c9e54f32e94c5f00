package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

class OfferResourcesTest {

  static ContainerInstance instance(int cpu, int mem, String usedPorts, String gpuIds) {
    ContainerInstance.Builder b = ContainerInstance.builder()
        .containerInstanceArn("arn:aws:ecs:us-east-1:1:container-instance/c/ci-1");
    List<Resource> remaining = new java.util.ArrayList<>();
    remaining.add(Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build());
    remaining.add(Resource.builder().name("MEMORY").type("INTEGER").integerValue(mem).build());
    remaining.add(Resource.builder().name("PORTS").type("STRINGSET")
        .stringSetValue(usedPorts.isEmpty() ? List.of() : Arrays.asList(usedPorts.split(" "))).build());
    if (gpuIds != null) {
      remaining.add(Resource.builder().name("GPU").type("STRINGSET").stringSetValue(Arrays.asList(gpuIds.split(" "))).build());
    }
    return b.remainingResources(remaining).build();
  }

  /** Renders resources as "cpus:2.0; mem:3000.0; ports:[...]" to compare whole offers in one table cell. */
  static String render(List<Protos.Resource> resources) {
    return resources.stream().map(r -> r.getName() + ":" + (r.getType() == Protos.Value.Type.RANGES
        ? PortRanges.fromProto(r.getRanges()).toString() : String.valueOf(r.getScalar().getValue())))
        .collect(Collectors.joining("; "));
  }

  static HeldResources held(String cpus, String mem, String disk, String ports, String gpus) {
    Protos.Resource.Builder r = Protos.Resource.newBuilder().setType(Protos.Value.Type.SCALAR);
    List<Protos.Resource> list = new java.util.ArrayList<>();
    Map<String, String> scalars = new LinkedHashMap<>();
    scalars.put("cpus", cpus);
    scalars.put("mem", mem);
    scalars.put("disk", disk);
    scalars.put("gpus", gpus);
    scalars.forEach((name, v) -> {
      if (v != null) {
        list.add(r.clone().setName(name).setScalar(Protos.Value.Scalar.newBuilder().setValue(Double.parseDouble(v))).build());
      }
    });
    if (ports != null) {
      list.add(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
          .setRanges(PortRanges.parse(ports).toProto()).build());
    }
    return HeldResources.of(list);
  }

  static Stream<Arguments> offers() {
    HeldResources none = HeldResources.NONE;
    return Stream.of(
        Arguments.of("whole instance, agent's reserved ports outside the range",
            instance(2048, 3000, "22 2375 2376 51678 51679", null), none, "31000-32000", 10000.0,
            "cpus:2.0; mem:3000.0; disk:10000.0; ports:[31000-32000]"),
        Arguments.of("used ports removed, boundaries included",
            instance(1024, 512, "22 31000 31500 32000", null), none, "31000-32000", 0.0,
            "cpus:1.0; mem:512.0; ports:[31001-31499, 31501-31999]"),
        Arguments.of("consecutive used ports leave one gap",
            instance(1024, 512, "31001 31002 31003", null), none, "31000-31010", 0.0,
            "cpus:1.0; mem:512.0; ports:[31000, 31004-31010]"),
        Arguments.of("several configured ranges",
            instance(1024, 512, "31005", null), none, "31000-31005,31006-31010,40000-40001", 0.0,
            "cpus:1.0; mem:512.0; ports:[31000-31004, 31006-31010, 40000-40001]"),
        Arguments.of("odd CPU units",
            instance(3000, 100, "", null), none, "31000-31000", 0.0,
            "cpus:2.9296875; mem:100.0; ports:[31000]"),
        Arguments.of("held resources subtracted",
            instance(2048, 3000, "", "gpu-0 gpu-1 gpu-2"), held("0.5", "1000", "100", "31000-31499", "1"),
            "31000-32000", 1000.0,
            "cpus:1.5; mem:2000.0; disk:900.0; ports:[31500-32000]; gpus:2.0"),
        Arguments.of("held fractional cpus rounded up like StartTask",
            instance(1024, 1000, "", null), held("0.1", "0.5", null, null, null), "31000-31000", 0.0,
            "cpus:0.8994140625; mem:999.0; ports:[31000]"),
        Arguments.of("held and used ports overlap",
            instance(1024, 10, "31002 31003", null), held(null, null, null, "31003-31004", null), "31000-31005", 0.0,
            "cpus:1.0; mem:10.0; ports:[31000-31001, 31005]"),
        Arguments.of("everything held: nothing offered",
            instance(1024, 512, "", "gpu-0"), held("1", "512", "10", "31000-32000", "1"), "31000-32000", 10.0,
            ""),
        Arguments.of("all ports used: no ports resource",
            instance(1024, 512, "31000 31001", null), none, "31000-31001", 0.0,
            "cpus:1.0; mem:512.0"),
        Arguments.of("gpus counted from GPU IDs",
            instance(0, 0, "", "GPU-a GPU-b GPU-c GPU-d"), none, "31000-31000", 0.0,
            "ports:[31000]; gpus:4.0"),
        Arguments.of("non-numeric port entries ignored",
            instance(1024, 1, "abc 31000", null), none, "31000-31001", 0.0,
            "cpus:1.0; mem:1.0; ports:[31001]"),
        Arguments.of("negative remainder (held > remaining) is omitted",
            instance(512, 100, "", null), held("1", "200", null, null, null), "31000-31000", 5.0,
            "disk:5.0; ports:[31000]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("offers")
  void resourcesAreRemainingMinusHeld(String why, ContainerInstance ci, HeldResources held, String range,
      double freeDisk, String expected) {
    List<Protos.Resource> resources = OfferResources.resources(ci, held, PortRanges.parse(range), freeDisk, "*");
    assertThat(render(resources)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "role {0}")
  @CsvSource({"*", "marathon", "prod/web"})
  void everyResourceIsUnreservedAndAllocatedToTheRole(String role) {
    List<Protos.Resource> resources = OfferResources.resources(instance(1024, 1024, "", "g0"), HeldResources.NONE,
        PortRanges.MESOS_DEFAULT, 100, role);
    assertThat(resources).hasSize(5).allSatisfy(r -> {
      assertThat(r.getAllocationInfo().getRole()).isEqualTo(role);
      assertThat(r.getReservationsCount()).isZero();
      assertThat(r.hasReservation()).isFalse();
      assertThat(r.getRole()).isEqualTo("*");
    });
  }

  @Test
  void instanceWithoutRemainingResourcesOffersOnlyConfiguredThings() {
    ContainerInstance bare = ContainerInstance.builder().containerInstanceArn("ci").build();
    assertThat(render(OfferResources.resources(bare, HeldResources.NONE, PortRanges.parse("31000-31001"), 0, "*")))
        .isEqualTo("ports:[31000-31001]");
  }

  static ContainerInstance withAttributes(Attribute... attributes) {
    return ContainerInstance.builder().attributes(attributes).build();
  }

  static Attribute attr(String name, String value) {
    return Attribute.builder().name(name).value(value).build();
  }

  @Test
  void attributesBecomeTextAttributesAndFlagsBecomeTrue() {
    ContainerInstance ci = withAttributes(
        attr("ecs.availability-zone", "us-east-1a"),
        attr("ecs.instance-type", "m5.large"),
        attr("com.amazonaws.ecs.capability.docker-remote-api.1.30", null),
        attr("team", ""),
        attr("rack", "r12"));
    Map<String, String> texts = OfferResources.attributes(ci).stream()
        .peek(a -> assertThat(a.getType()).isEqualTo(Protos.Value.Type.TEXT))
        .collect(Collectors.toMap(Protos.Attribute::getName, a -> a.getText().getValue(), (a, b) -> a, LinkedHashMap::new));
    assertThat(texts).containsExactly(
        Map.entry("ecs.availability-zone", "us-east-1a"),
        Map.entry("ecs.instance-type", "m5.large"),
        Map.entry("com.amazonaws.ecs.capability.docker-remote-api.1.30", "true"),
        Map.entry("team", "true"),
        Map.entry("rack", "r12"));
    assertThat(OfferResources.attributes(ContainerInstance.builder().build())).isEmpty();
  }

  @ParameterizedTest(name = "zone {0}, configured region {1} -> {2}")
  @CsvSource({
      "us-east-1a, , us-east-1",
      "eu-central-1c, , eu-central-1",
      "us-west-2-lax-1a, , us-west-2",
      "us-gov-west-1b, , us-gov-west-1",
      "ap-southeast-2b, ap-southeast-2, ap-southeast-2",
      "weird-zone, eu-west-1, eu-west-1",
  })
  void domainHasRegionAndZone(String zone, String configuredRegion, String region) {
    Optional<Protos.DomainInfo> domain =
        OfferResources.domain(withAttributes(attr("ecs.availability-zone", zone)), configuredRegion);
    assertThat(domain).isPresent();
    assertThat(domain.get().getFaultDomain().getRegion().getName()).isEqualTo(region);
    assertThat(domain.get().getFaultDomain().getZone().getName()).isEqualTo(zone);
  }

  @Test
  void noDomainWithoutZoneOrRecognizableRegion() {
    assertThat(OfferResources.domain(withAttributes(attr("ecs.instance-type", "m5.large")), "us-east-1")).isEmpty();
    assertThat(OfferResources.domain(withAttributes(attr("ecs.availability-zone", "weird-zone")), null)).isEmpty();
  }

  @Test
  void offerCarriesEverything() {
    ContainerInstance ci = instance(1024, 512, "", null).toBuilder()
        .attributes(attr("ecs.availability-zone", "us-east-1a")).build();
    List<Protos.Resource> resources = OfferResources.resources(ci, HeldResources.NONE, PortRanges.MESOS_DEFAULT, 0, "web");
    Protos.Offer offer = OfferResources.offer(
        Protos.OfferID.newBuilder().setValue("ci-1-O7").build(),
        Protos.FrameworkID.newBuilder().setValue("fw").build(),
        EcsArns.agentId(ci.containerInstanceArn()),
        "ip-10-0-0-1.ec2.internal", resources, OfferResources.attributes(ci),
        OfferResources.domain(ci, "us-east-1").orElse(null), "web");
    assertThat(offer.getId().getValue()).isEqualTo("ci-1-O7");
    assertThat(offer.getFrameworkId().getValue()).isEqualTo("fw");
    assertThat(offer.getSlaveId().getValue()).isEqualTo("ci-1");
    assertThat(offer.getHostname()).isEqualTo("ip-10-0-0-1.ec2.internal");
    assertThat(offer.getResourcesList()).isEqualTo(resources);
    assertThat(offer.getAttributesCount()).isEqualTo(1);
    assertThat(offer.getDomain().getFaultDomain().getZone().getName()).isEqualTo("us-east-1a");
    assertThat(offer.getAllocationInfo().getRole()).isEqualTo("web");
    assertThat(offer.isInitialized()).isTrue();

    Protos.Offer noDomain = OfferResources.offer(offer.getId(), offer.getFrameworkId(), offer.getSlaveId(), "h",
        resources, List.of(), null, "*");
    assertThat(noDomain.hasDomain()).isFalse();
  }
}
