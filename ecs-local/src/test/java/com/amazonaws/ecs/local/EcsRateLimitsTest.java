package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** With ECS's rate limits on, the read bucket allows a burst of 100 and then throttles. */
class EcsRateLimitsTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return builder.rateLimits(true);
    }

    @Test
    void theClusterReadBucketIsSharedAndBursts100() {
        ecsLocal.createCluster("default");
        int ok = 0;
        // Well under a second: the bucket refills at most ~20 tokens meanwhile.
        for (int i = 0; i < 100; i++) {
            (i % 2 == 0 ? (Runnable) () -> ecs.listTasks(l -> l.cluster("default"))
                    : (Runnable) () -> ecs.listContainerInstances(l -> l.cluster("default"))).run();
            ok++;
        }
        assertThat(ok).isEqualTo(100);
        int throttled = 0;
        for (int i = 0; i < 60; i++) {
            try {
                ecs.listTasks(l -> l.cluster("default"));
            } catch (EcsException e) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                throttled++;
            }
        }
        assertThat(throttled).isGreaterThan(0);
        assertThat(ecsLocal.stats().throttled()).isEqualTo(throttled);
        // Another bucket (task definition reads) is unaffected.
        assertThatThrownBy(() -> ecs.describeTaskDefinition(d -> d.taskDefinition("none")))
                .hasMessageContaining("Unable to describe task definition");
    }
}
