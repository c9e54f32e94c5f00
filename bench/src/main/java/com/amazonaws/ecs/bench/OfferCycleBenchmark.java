package com.amazonaws.ecs.bench;

import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.offers.AgentCommitments;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.offers.OfferCycle;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.util.List;
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

/**
 * The driver's offer cycle around the pure offer building: what one tick of the offer interval costs the
 * loop thread at 1,000 agents, now that offers are made every interval (not only after instance sweeps).
 *
 * <pre>java -cp bench/target/ecs-mesos-bench.jar org.openjdk.jmh.Main OfferCycleBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OfferCycleBenchmark {
    private static final long NOW = 1_000_000;
    private static final List<String> ROLES = List.of("*");
    private static final AgentCommitments NOTHING_IN_FLIGHT = agentId -> HeldResources.NONE;

    private final Protos.FrameworkID framework = Protos.FrameworkID.newBuilder().setValue("bench-framework").build();
    private OfferBook offers;
    private OfferCycle cycle;
    private OfferBook refusedOffers;
    private OfferCycle refusedCycle;
    private OfferBook heldOffers;
    private OfferCycle heldCycle;

    @Setup
    public void setUp() {
        DriverTranslationBenchmark instances = new DriverTranslationBenchmark();
        instances.setUp();
        AgentBook agents = new AgentBook(75_000);
        agents.apply(instances.instances(), NOW);
        for (Agent a : agents.all()) {
            a.hostname("ip-" + a.id().substring(0, 8));
        }
        offers = new OfferBook("bench", List.of());
        cycle = new OfferCycle(agents, offers, NOTHING_IN_FLIGHT, PortRanges.MESOS_DEFAULT, 10_240, "us-east-1");
        refusedOffers = new OfferBook("bench", List.of());
        refusedCycle = new OfferCycle(agents, refusedOffers, NOTHING_IN_FLIGHT, PortRanges.MESOS_DEFAULT, 10_240,
                "us-east-1");
        for (Protos.Offer o : refusedCycle.makeOffers(framework, ROLES, NOW)) {
            OfferBook.Outstanding gone = refusedOffers.remove(o.getId().getValue());
            refusedOffers.refuse(gone.agentId(), gone.role(), gone.held(), Long.MAX_VALUE);
        }
        heldOffers = new OfferBook("bench", List.of());
        heldCycle = new OfferCycle(agents, heldOffers, NOTHING_IN_FLIGHT, PortRanges.MESOS_DEFAULT, 10_240,
                "us-east-1");
        heldCycle.makeOffers(framework, ROLES, NOW);
    }

    /** A tick that offers every agent (the framework declined or used all offers since the last one). */
    @Benchmark
    public void tickOffering1000Agents(Blackhole out) {
        out.consume(cycle.makeOffers(framework, ROLES, NOW));
        offers.clear();
    }

    /** A tick where every agent is covered by a refusal filter (the framework declined everything). */
    @Benchmark
    public void tickWith1000AgentsRefused(Blackhole out) {
        out.consume(refusedCycle.makeOffers(framework, ROLES, NOW));
    }

    /** A tick where the framework holds an offer of every agent: stale-offer check plus nothing to offer. */
    @Benchmark
    public void tickWith1000OffersOutstanding(Blackhole out) {
        out.consume(heldCycle.removeStale());
        out.consume(heldCycle.makeOffers(framework, ROLES, NOW));
    }
}
