package com.amazonaws.ecs.local.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Subnets: configured ones, derived ones, and the addresses handed out. */
class SubnetsTest {

    @Test
    void configuredSubnetsKeepTheirZoneAndRangeAndOthersAreDerivedInSortedOrder() {
        Subnets subnets = new Subnets("eu-west-1");
        subnets.configure(List.of("subnet-conf=eu-west-1c:172.31.16.0/20"));
        List<Subnet> got = subnets.resolve(List.of("subnet-zz", "subnet-conf", "subnet-aa"));
        assertThat(got).extracting(Subnet::id).containsExactly("subnet-zz", "subnet-conf", "subnet-aa");
        assertThat(got).extracting(Subnet::availabilityZone).containsExactly("eu-west-1b", "eu-west-1c",
                "eu-west-1a");
        assertThat(got).extracting(Subnet::cidr).containsExactly("10.2.0.0/16", "172.31.16.0/20", "10.1.0.0/16");
        assertThat(subnets.resolve(List.of("subnet-new")).get(0).availabilityZone()).isEqualTo("eu-west-1c");
        assertThat(subnets.take(got.get(1))).isEqualTo("172.31.16.4");
        assertThat(subnets.dnsName("172.31.16.4")).isEqualTo("ip-172-31-16-4.eu-west-1.compute.internal");
    }

    @Test
    void addressesSkipTheFiveAwsReservesAndAreNotReusedAtOnce() {
        Subnets subnets = new Subnets("us-east-1");
        subnets.configure(List.of("subnet-t=us-east-1a:10.9.0.0/28", "subnet-u=us-east-1b:10.9.0.0/28"));
        Subnet t = subnets.resolve(List.of("subnet-t")).get(0);
        Subnet u = subnets.resolve(List.of("subnet-u")).get(0);
        List<String> taken = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            taken.add(subnets.take(t));
        }
        assertThat(taken).startsWith("10.9.0.4").endsWith("10.9.0.14").doesNotHaveDuplicates();
        assertThat(subnets.take(t)).isNull();
        // Overlapping ranges still never hand out an address in use.
        assertThat(subnets.take(u)).isNull();
        assertThat(t.inUse()).isEqualTo(11);
    }

    @Test
    void specsMustBeIdZoneAndCidr() {
        assertThatThrownBy(() -> Subnets.parse("subnet-a:us-east-1a")).hasMessageContaining("ID=ZONE:CIDR");
        assertThatThrownBy(() -> Subnets.parse("subnet-a=us-east-1a:10.0.0.0/8")).hasMessageContaining("/16 to /28");
        assertThatThrownBy(() -> Subnets.parse("subnet-a=us-east-1a:10.0.300.0/24"))
                .hasMessageContaining("IPv4");
        assertThat(Subnets.validId("subnet-0a1b2c")).isTrue();
        assertThat(Subnets.validId("sg-0a1b2c")).isFalse();
    }
}
