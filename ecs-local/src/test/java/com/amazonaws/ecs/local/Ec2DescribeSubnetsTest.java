package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** EC2 DescribeSubnets: the zones and ranges awsvpc tasks get their addresses in. */
class Ec2DescribeSubnetsTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return super.configure(builder).subnets("subnet-a=us-east-1a:10.0.1.0/24", "subnet-b=us-east-1b:10.0.2.0/24");
    }

    @Test
    void configuredSubnetsHaveTheirZonesAndRanges() {
        List<Subnet> subnets = ec2.describeSubnets(r -> r.subnetIds("subnet-b", "subnet-a")).subnets();
        assertThat(subnets).extracting(Subnet::subnetId).containsExactly("subnet-b", "subnet-a");
        assertThat(subnets).extracting(Subnet::availabilityZone).containsExactly("us-east-1b", "us-east-1a");
        assertThat(subnets).extracting(Subnet::cidrBlock).containsExactly("10.0.2.0/24", "10.0.1.0/24");
    }

    @Test
    void anyOtherSubnetIdExistsWithADerivedZone() {
        Subnet other = ec2.describeSubnets(r -> r.subnetIds("subnet-0abc")).subnets().get(0);
        assertThat(other.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(other.cidrBlock()).endsWith("/16");
    }

    @Test
    void aMalformedIdIsEc2sError() {
        assertThatThrownBy(() -> ec2.describeSubnets(r -> r.subnetIds("sn-1")))
                .isInstanceOf(Ec2Exception.class)
                .satisfies(e -> assertThat(((Ec2Exception) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidSubnetID.Malformed"));
    }
}
