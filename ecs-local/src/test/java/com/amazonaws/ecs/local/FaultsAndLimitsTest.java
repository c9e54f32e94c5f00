package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/** Injected faults and ECS's rate limits, as the SDK sees them. */
class FaultsAndLimitsTest extends EcsLocalTestBase {

    @Test
    void throttlingLooksLikeEcsThrottling() {
        ecsLocal.addInstances("default", 1, 2048, 4096);
        ecsLocal.injectFaults("throttle:ListTasks:x2");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> ecs.listTasks(l -> l.cluster("default")))
                    .isInstanceOfSatisfying(EcsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.isThrottlingException()).isTrue();
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
        assertThat(ecs.listTasks(l -> l.cluster("default")).taskArns()).isEmpty();
        assertThat(ecsLocal.stats().throttled()).isEqualTo(2);
    }

    @Test
    void serverErrorsAreHttp500ServerException() {
        ecsLocal.createCluster("default");
        ecsLocal.injectFaults("server-error:*:x1");
        assertThatThrownBy(() -> ecs.listClusters()).isInstanceOfSatisfying(ServerException.class,
                e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(ecs.listClusters().clusterArns()).hasSize(1);
    }

    @Test
    void aServerErrorAfterTheWorkHidesATaskThatWasStarted() {
        ecsLocal.addInstances("default", 1, 2048, 4096);
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        ecsLocal.injectFaults("server-error-after:RunTask:x1");
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("t").startedBy("fw").clientToken("launch-1")))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(ecs.listTasks(l -> l.startedBy("fw")).taskArns()).hasSize(1);
        // Sent again with its token, it answers with the task the first call started.
        assertThat(ecs.runTask(r -> r.taskDefinition("t").startedBy("fw").clientToken("launch-1")).tasks())
                .extracting(software.amazon.awssdk.services.ecs.model.Task::taskArn)
                .containsExactlyElementsOf(ecs.listTasks(l -> l.startedBy("fw")).taskArns());
    }

    @Test
    void aDroppedStartTaskStillStartedTheTask() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        ecsLocal.injectFaults("drop:StartTask:x1");
        assertThatThrownBy(() -> ecs.startTask(s -> s.taskDefinition("t").containerInstances(ci).startedBy("fw")))
                .isInstanceOf(SdkClientException.class);
        // The client could not know, but the task exists: exactly what a driver must look for.
        assertThat(ecs.listTasks(l -> l.startedBy("fw")).taskArns()).hasSize(1);
        assertThat(ecsLocal.stats().dropped()).isEqualTo(1);
    }

    @Test
    void accessDeniedLooksLikeAnIamRefusalAndDoesNothing() {
        ecsLocal.createCluster("default");
        ecsLocal.injectFaults("access-denied:ListTasks:x1");
        assertThatThrownBy(() -> ecs.listTasks(l -> l.cluster("default")))
                .isInstanceOfSatisfying(EcsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("ecs:ListTasks");
                });
        assertThat(ecs.listTasks(l -> l.cluster("default")).taskArns()).isEmpty();
    }

    @Test
    void callListenersSeeEachOperationBeforeAndAfterItRunsInOrder() {
        ecsLocal.createCluster("default");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ecsLocal.onCall(new CallListener() {
            @Override
            public void before(String action, String body) {
                seen.add("before " + action + " " + body.contains("default"));
            }

            @Override
            public void after(String action, String body) {
                seen.add("after " + action);
            }
        });
        ecsLocal.injectFaults("throttle:ListTasks:x1");
        assertThatThrownBy(() -> ecs.listTasks(l -> l.cluster("default"))).isInstanceOf(EcsException.class);
        ecs.listTasks(l -> l.cluster("default"));
        ecs.listClusters();
        assertThat(seen).containsExactly("before ListTasks true", "after ListTasks", "before ListClusters false",
                "after ListClusters");
    }

    @Test
    void latencyIsAddedToMatchingCalls() {
        ecsLocal.createCluster("default");
        ecsLocal.injectFaults("latency:ListClusters:300ms");
        long start = System.nanoTime();
        ecs.listClusters();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(ecsLocal.faults()).containsExactly("latency:ListClusters:300ms");
        ecsLocal.clearFaults();
        assertThat(ecsLocal.faults()).isEmpty();
    }

    @Test
    void invalidFaultSpecsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ecsLocal.injectFaults("explode:*:x1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown fault kind 'explode'");
        assertThatThrownBy(() -> ecsLocal.injectFaults("throttle:*:2")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ecsLocal.injectFaults("throttle")).hasMessageContaining("KIND:OPERATION:AMOUNT");
        assertThat(ecsLocal.faults()).isEmpty();
    }
}
