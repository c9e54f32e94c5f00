package com.amazonaws.ecs.bench;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.OfferResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.internal.translate.StatusContext;
import com.amazonaws.ecs.mesos.internal.translate.StatusMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The driver's hot pure functions at the scale of issue 3 and 6: building the offers of 1,000
 * container instances (resources, attributes, fault domain, the Offer itself) and deciding the
 * next status update of 10,000 running tasks. Each benchmark op is one whole round, so the score
 * is the driver CPU time of one offer round or one status sweep.
 *
 * <pre>java -cp bench/target/ecs-mesos-bench.jar org.openjdk.jmh.Main DriverTranslationBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DriverTranslationBenchmark {
    private final List<ContainerInstance> instances = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final Protos.FrameworkID framework = Protos.FrameworkID.newBuilder().setValue("bench-framework").build();
    private StatusContext running;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            List<String> usedPorts = new ArrayList<>(List.of("22", "2375", "2376", "51678", "51679"));
            for (int p = 0; p < 10; p++) {
                usedPorts.add(String.valueOf(31000 + random.nextInt(1000)));
            }
            String id = String.format("%032x", i);
            instances.add(ContainerInstance.builder()
                    .containerInstanceArn("arn:aws:ecs:us-east-1:000000000000:container-instance/bench/" + id)
                    .ec2InstanceId("i-" + id.substring(0, 17))
                    .status("ACTIVE").agentConnected(true)
                    .remainingResources(
                            Resource.builder().name("CPU").type("INTEGER").integerValue(4096 - 640).build(),
                            Resource.builder().name("MEMORY").type("INTEGER").integerValue(8192 - 1280).build(),
                            Resource.builder().name("PORTS").type("STRINGSET").stringSetValue(usedPorts).build(),
                            Resource.builder().name("PORTS_UDP").type("STRINGSET").stringSetValue(List.of())
                                    .build())
                    .attributes(
                            Attribute.builder().name("ecs.availability-zone").value("us-east-1" + "abc".charAt(i % 3))
                                    .build(),
                            Attribute.builder().name("ecs.instance-type").value("m5.xlarge").build(),
                            Attribute.builder().name("ecs.os-type").value("linux").build(),
                            Attribute.builder().name("ecs.capability.task-eni").build(),
                            Attribute.builder().name("stack").value("blue").build())
                    .build());
        }
        Instant started = Instant.parse("2026-11-27T00:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            String id = String.format("%032x", i);
            tasks.add(Task.builder()
                    .taskArn("arn:aws:ecs:us-east-1:000000000000:task/bench/" + id)
                    .containerInstanceArn(instances.get(i % 1000).containerInstanceArn())
                    .lastStatus("RUNNING").desiredStatus("RUNNING")
                    .createdAt(started).startedAt(started.plusSeconds(2))
                    .containers(Container.builder().name("app").lastStatus("RUNNING").build())
                    .build());
        }
        running = StatusContext.builder().lastSent(Protos.TaskState.TASK_RUNNING).build();
    }

    /** The 1,000 container instances of {@link #setUp()}, for other benchmarks. */
    List<ContainerInstance> instances() {
        return instances;
    }

    /** One offer round: the offer of every one of 1,000 instances. */
    @Benchmark
    public void offersFor1000Instances(Blackhole out) {
        int n = 0;
        for (ContainerInstance ci : instances) {
            List<Protos.Resource> resources = OfferResources.resources(ci, HeldResources.NONE,
                    PortRanges.MESOS_DEFAULT, 10_240, OfferResources.DEFAULT_ROLE);
            String agent = ci.containerInstanceArn().substring(ci.containerInstanceArn().lastIndexOf('/') + 1);
            out.consume(OfferResources.offer(
                    Protos.OfferID.newBuilder().setValue(agent + "-O" + n++).build(), framework,
                    Protos.SlaveID.newBuilder().setValue(agent).build(), ci.ec2InstanceId(), resources,
                    OfferResources.attributes(ci), OfferResources.domain(ci, "us-east-1").orElse(null),
                    OfferResources.DEFAULT_ROLE));
        }
    }

    /** One status sweep: the next update (none: already RUNNING) of each of 10,000 running tasks. */
    @Benchmark
    public void statusFor10000Tasks(Blackhole out) {
        for (Task t : tasks) {
            out.consume(StatusMapping.next(t, running));
        }
    }
}
