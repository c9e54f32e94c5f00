package com.amazonaws.ecs.bench;

import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.offers.AgentCommitments;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.offers.Allocator;
import com.amazonaws.ecs.mesos.internal.offers.Claimant;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.util.ArrayList;
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

    /** One framework as the allocator sees it, with nothing in flight. */
    private static final class Framework implements Claimant {
        final OfferBook offers = new OfferBook("bench", List.of());
        final List<Protos.Offer> received = new ArrayList<>();

        @Override
        public Protos.FrameworkID frameworkId() {
            return Protos.FrameworkID.newBuilder().setValue("bench-framework").build();
        }

        @Override
        public boolean offerable() {
            return true;
        }

        @Override
        public List<String> roles() {
            return List.of("*");
        }

        @Override
        public OfferBook offers() {
            return offers;
        }

        @Override
        public AgentCommitments commitments() {
            return agentId -> HeldResources.NONE;
        }

        @Override
        public HeldResources allocated() {
            return HeldResources.NONE;
        }

        @Override
        public void offer(List<Protos.Offer> made) {
            received.addAll(made);
        }

        @Override
        public void rescind(Protos.OfferID offer) {
        }
    }

    private Allocator allocator;
    private Framework fresh;
    private Framework refused;
    private Framework holding;

    @Setup
    public void setUp() {
        DriverTranslationBenchmark instances = new DriverTranslationBenchmark();
        instances.setUp();
        AgentBook agents = new AgentBook(75_000);
        agents.apply(instances.instances(), NOW);
        for (Agent a : agents.all()) {
            a.hostname("ip-" + a.id().substring(0, 8));
        }
        allocator = new Allocator(agents, PortRanges.MESOS_DEFAULT, 10_240, "us-east-1", 0);
        fresh = new Framework();
        refused = new Framework();
        allocator.allocate(List.of(refused), NOW);
        for (Protos.Offer o : refused.received) {
            OfferBook.Outstanding gone = refused.offers.remove(o.getId().getValue());
            refused.offers.refuse(gone.agentId(), gone.role(), gone.held(), Long.MAX_VALUE);
        }
        holding = new Framework();
        allocator.allocate(List.of(holding), NOW);
    }

    /** A tick that offers every agent (the framework declined or used all offers since the last one). */
    @Benchmark
    public void tickOffering1000Agents(Blackhole out) {
        allocator.allocate(List.of(fresh), NOW);
        out.consume(fresh.received.size());
        fresh.received.clear();
        fresh.offers.clear();
    }

    /** A tick where every agent is covered by a refusal filter (the framework declined everything). */
    @Benchmark
    public void tickWith1000AgentsRefused(Blackhole out) {
        allocator.allocate(List.of(refused), NOW);
        out.consume(refused.received.size());
    }

    /** A tick where the framework holds an offer of every agent: stale-offer check plus nothing to offer. */
    @Benchmark
    public void tickWith1000OffersOutstanding(Blackhole out) {
        allocator.rescindStale(List.of(holding), NOW);
        allocator.allocate(List.of(holding), NOW);
        out.consume(holding.offers.size());
    }
}
