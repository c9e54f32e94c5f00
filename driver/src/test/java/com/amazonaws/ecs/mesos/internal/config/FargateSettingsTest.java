package com.amazonaws.ecs.mesos.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.ecs.mesos.internal.ecs.EcsTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FargateSettingsTest {

  private static FargateSettings fromMaster(String master, Map<String, String> env) {
    return FargateSettings.resolve(null, EcsTarget.parseMaster(master), env);
  }

  @Test
  void offUnlessSomethingTurnsItOn() {
    assertThat(fromMaster("ecs://prod", Map.of()).enabled()).isFalse();
    assertThat(fromMaster(null, Map.of()).enabled()).isFalse();
    assertThat(fromMaster("zk://zk:2181/mesos", Map.of()).enabled()).isFalse();
  }

  @Test
  void theMasterString() {
    FargateSettings s = fromMaster("ecs://prod?fargate=on&subnets=subnet-a,subnet-b&securityGroups=sg-1"
        + "&assignPublicIp=true&spot=on&fargateCpus=128", Map.of());
    assertThat(s.enabled()).isTrue();
    assertThat(s.subnets()).containsExactly("subnet-a", "subnet-b");
    assertThat(s.securityGroups()).containsExactly("sg-1");
    assertThat(s.assignPublicIp()).isTrue();
    assertThat(s.spot()).isTrue();
    assertThat(s.capacityProvider()).isEqualTo("FARGATE_SPOT");
    assertThat(s.cpus()).isEqualTo(128);
    assertThat(fromMaster("ecs://prod?subnets=subnet-a", Map.of()).enabled()).as("subnets alone turn it on")
        .isTrue();
    assertThat(fromMaster("ecs://prod?fargate=off&subnets=subnet-a", Map.of()).enabled()).isFalse();
  }

  @Test
  void theEnvironmentForUnmodifiedFrameworks() {
    FargateSettings s = fromMaster(null, Map.of(FargateSettings.ENV_SUBNETS, "subnet-a, subnet-b",
        FargateSettings.ENV_SECURITY_GROUPS, "sg-1,sg-2"));
    assertThat(s.enabled()).isTrue();
    assertThat(s.subnets()).containsExactly("subnet-a", "subnet-b");
    assertThat(s.securityGroups()).containsExactly("sg-1", "sg-2");
    assertThat(s.capacityProvider()).isEqualTo("FARGATE");
    assertThat(s.cpus()).isNull();
  }

  @Test
  void theBuilderComesFirst() {
    FargateSettings builder = new FargateSettings(true, List.of("subnet-x"), List.of(), false, false, 4);
    assertThat(FargateSettings.resolve(builder, EcsTarget.parseMaster("ecs://p?subnets=subnet-a"),
        Map.of(FargateSettings.ENV_SUBNETS, "subnet-b")).subnets()).containsExactly("subnet-x");
  }

  @Test
  void mistakesAreClear() {
    assertThatThrownBy(() -> fromMaster("ecs://prod?fargate=on", Map.of()))
        .hasMessageContaining("at least one subnet");
    assertThatThrownBy(() -> fromMaster("ecs://prod?fargate=maybe&subnets=s", Map.of()))
        .hasMessageContaining("fargate=maybe is neither on nor off");
    assertThatThrownBy(() -> fromMaster("ecs://prod?subnets=s&fargateCpus=-1", Map.of()))
        .hasMessageContaining("fargateCpus=-1 is not a positive number");
    assertThatThrownBy(() -> EcsTarget.parseMaster("ecs://prod?fargat=on"))
        .hasMessageContaining("Unknown parameter 'fargat'").hasMessageContaining("fargate=on");
  }
}
