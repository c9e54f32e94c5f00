package com.amazonaws.ecs.cli.offers;

import com.amazonaws.ecs.cli.CommandFailure;
import com.amazonaws.ecs.cli.connect.EcsConnection;
import com.amazonaws.ecs.cli.connect.EcsTarget;
import com.amazonaws.ecs.cli.connect.EcsTargetException;
import com.amazonaws.ecs.cli.connect.EcsTargetOptions;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.mesos.Protos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecs-mesos offers}: the offers the driver would make to a framework right now. Starts an
 * {@link ECSSchedulerDriver} on the cluster, keeps its first round of offers, declines them and stops with
 * {@code stop(true)} (nothing was launched, nothing is stopped).
 *
 * <pre>
 * ./ecs-mesos offers --cluster default --endpoint http://127.0.0.1:5055 --region us-east-1 --json
 * </pre>
 */
@Command(name = "offers", sortOptions = false,
        description = "Print the offers the ECS scheduler driver would make right now: agent, hostname, cpus, "
                + "mem, disk, ports, attributes, zone.")
public final class OffersCommand implements Callable<Integer> {
    private static final Duration REGISTRATION = Duration.ofSeconds(60);
    /** The first round comes in the same driver turn as registered(): this is ample. */
    private static final Duration FIRST_ROUND = Duration.ofSeconds(3);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Mixin
    private EcsTargetOptions targetOptions;

    @Option(names = "--json", description = "Print JSON for scripts.")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        EcsTarget target;
        try {
            target = targetOptions.resolve(System.getenv());
        } catch (EcsTargetException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (EcsConnection ecs = EcsConnection.open(target)) {
            ecs.requireCluster();
            OfferCollector collector = new OfferCollector();
            Protos.FrameworkInfo framework = Protos.FrameworkInfo.newBuilder()
                    .setName("ecs-mesos offers").setUser("").build();
            ECSSchedulerDriver driver = ecs.driver(collector, framework).build();
            List<Protos.Offer> offers;
            driver.start();
            try {
                offers = collector.await(REGISTRATION, FIRST_ROUND);
            } catch (IllegalStateException e) {
                throw new CommandFailure(e.getMessage());
            } finally {
                driver.stop(true);
                driver.join();
            }
            OfferReport report = new OfferReport(target.cluster(), ecs.region(),
                    target.endpoint() == null ? null : target.endpoint().toString(),
                    offers.stream().map(OfferRow::of).toList());
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? report.json() : report.text());
            out.flush();
            return 0;
        }
    }
}
