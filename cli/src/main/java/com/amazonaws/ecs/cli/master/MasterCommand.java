package com.amazonaws.ecs.cli.master;

import com.amazonaws.ecs.cli.CommandFailure;
import com.amazonaws.ecs.cli.DurationConverter;
import com.amazonaws.ecs.cli.Foreground;
import com.amazonaws.ecs.cli.connect.EcsConnection;
import com.amazonaws.ecs.cli.connect.EcsTarget;
import com.amazonaws.ecs.cli.connect.EcsTargetException;
import com.amazonaws.ecs.cli.connect.EcsTargetOptions;
import com.amazonaws.ecs.cli.connect.LocalClients;
import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.mesos.master.EcsMesosMaster;
import com.amazonaws.ecs.mesos.master.EcsMesosMasterBuilder;
import com.amazonaws.ecs.mesos.master.internal.Credentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code ecs-mesos master}: a Mesos master whose cluster is ECS, serving the Mesos V1 scheduler HTTP API to
 * any number of frameworks, in the foreground until Ctrl-C. With {@code --local} it brings its own
 * ecs-local, so it runs with no AWS account.
 *
 * <pre>
 * ./ecs-mesos master --cluster prod --region us-east-1
 * ./ecs-mesos master --local --instances 3
 * </pre>
 */
@Command(name = "master", sortOptions = false,
        description = "Run a Mesos master on an ECS cluster: frameworks subscribe through the Mesos V1 scheduler "
                + "HTTP API and share the cluster. Until Ctrl-C.")
public final class MasterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Mixin
    private EcsTargetOptions target;

    @Option(names = "--port", defaultValue = "5050", paramLabel = "PORT",
            description = "TCP port to serve on; 0 picks a free one (default: ${DEFAULT-VALUE}, Mesos's).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "Host frameworks reach the master at (MasterInfo, /redirect); default: the bind address.")
    private String advertise;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Mesos credentials file (JSON {\"credentials\":[{\"principal\":...,\"secret\":...}]} or "
                    + "'principal secret' lines): frameworks must authenticate with HTTP Basic.")
    private Path credentials;

    @Option(names = "--offer-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Rescind offers a framework holds longer than this (Mesos's --offer_timeout; default: never).")
    private Duration offerTimeout;

    @Option(names = "--orphan-sweep-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often the ECS tasks of subscribed frameworks are listed for ones no master tracks (a "
                    + "dead leader's launch that landed after the takeover); those are stopped once unknown this "
                    + "long (default: 60s).")
    private Duration orphanSweepInterval;

    @Option(names = "--local", description = "Serve an embedded ecs-local cluster instead of AWS (no account needed).")
    private boolean local;

    @Option(names = "--instances", defaultValue = "3", paramLabel = "N",
            description = "With --local: container instances of the cluster (default: ${DEFAULT-VALUE}).")
    private int instances;

    @Option(names = "--cpu", defaultValue = "2048", paramLabel = "UNITS",
            description = "With --local: CPU units of each instance (default: ${DEFAULT-VALUE}).")
    private int cpu;

    @Option(names = "--memory", defaultValue = "4096", paramLabel = "MIB",
            description = "With --local: memory of each instance in MiB (default: ${DEFAULT-VALUE}).")
    private int memory;

    @Option(names = "--time-factor", defaultValue = "1", paramLabel = "FACTOR",
            description = "With --local: how many times faster than real time tasks live (default: ${DEFAULT-VALUE}).")
    private double timeFactor;

    @Option(names = "--events-queue", paramLabel = "URL",
            description = "The SQS queue of the cluster's ECS events (ecs-mesos events setup prints it): task status "
                    + "from events instead of polling. Default: AWS_ECS_EVENTS_QUEUE, else polling.")
    private String eventsQueue;

    @Option(names = "--events",
            description = "With --local: ecs-local delivers ECS events through its own SQS endpoint, and the master "
                    + "takes task status from them.")
    private boolean localEvents;

    @Option(names = "--zk", paramLabel = "zk://HOSTS/PATH",
            description = "Contend for leadership with other masters in ZooKeeper (Mesos's layout under PATH): a "
                    + "follower redirects frameworks to the leader; a leader that loses ZooKeeper exits (code 1).")
    private String zk;

    @Option(names = "--zk-session-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --zk: the ZooKeeper session timeout (Mesos's --zk_session_timeout; default: 10s). A "
                    + "dead leader is replaced after about this long.")
    private Duration zkSessionTimeout;

    @Option(names = "--fargate-subnets", paramLabel = "IDS", split = ",",
            description = "Offer the cluster's Fargate capacity: one agent per availability zone of these subnets "
                    + "(subnet-a,subnet-b); tasks run with RunTask on FARGATE, awsvpc, in these subnets.")
    private List<String> fargateSubnets;

    @Option(names = "--fargate-security-groups", paramLabel = "IDS", split = ",",
            description = "Security groups of Fargate tasks (default: the VPC's default group).")
    private List<String> fargateSecurityGroups;

    @Option(names = "--fargate-public-ip", description = "Give Fargate tasks a public IP.")
    private boolean fargatePublicIp;

    @Option(names = "--fargate-spot", description = "Run Fargate tasks on FARGATE_SPOT (interruptible).")
    private boolean fargateSpot;

    @Option(names = "--fargate-cpus", paramLabel = "N",
            description = "vCPUs the Fargate agents offer, all zones together (default: the account's Fargate vCPU "
                    + "quota from Service Quotas, else 64).")
    private Integer fargateCpus;

    @Option(names = "--log-level", defaultValue = "INFO", paramLabel = "LEVEL",
            description = "The master's log on stderr (frameworks subscribing and leaving, each task's states named by "
                    + "Mesos task ID, ECS task ARN and agent): OFF, ERROR, WARN, INFO, DEBUG (default: ${DEFAULT-VALUE}).")
    private String logLevel;

    private final Foreground foreground = new Foreground(this::closeAll);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile EcsMesosMaster running;

    /** Starts the master (and ecs-local with {@code --local}); returns once it serves. */
    public EcsMesosMaster start() throws Exception {
        require(port >= 0 && port <= 65535, "--port", "must be between 0 and 65535, got " + port);
        configureLog();
        EcsMesosMasterBuilder builder = EcsMesosMaster.builder().port(port).bind(bind);
        if (advertise != null) {
            builder.advertise(advertise);
        }
        if (offerTimeout != null) {
            require(!offerTimeout.isNegative() && !offerTimeout.isZero(), "--offer-timeout", "must be positive");
            builder.offerTimeout(offerTimeout);
        }
        if (orphanSweepInterval != null) {
            require(orphanSweepInterval.toMillis() >= 1000, "--orphan-sweep-interval", "must be 1s or more");
            builder.orphanSweepInterval(orphanSweepInterval);
        }
        if (credentials != null) {
            try {
                builder.credentials(Credentials.read(credentials));
            } catch (IOException e) {
                throw invalid("--credentials", e.getMessage());
            }
        }
        require(!localEvents || local, "--events", "needs --local (for AWS, give --events-queue)");
        if (eventsQueue != null) {
            require(!localEvents, "--events-queue", "and --events name two queues; give one");
            builder.eventsQueueUrl(eventsQueue);
        }
        if (zk != null) {
            try {
                builder.zk(zk);
            } catch (IllegalArgumentException e) {
                throw invalid("--zk", e.getMessage());
            }
        }
        if (zkSessionTimeout != null) {
            require(zk != null, "--zk-session-timeout", "needs --zk");
            require(zkSessionTimeout.toMillis() >= 1000, "--zk-session-timeout", "must be 1s or more");
            builder.zkSessionTimeout(zkSessionTimeout);
        }
        boolean fargate = fargateSubnets != null && !fargateSubnets.isEmpty();
        require(fargate || (fargateSecurityGroups == null && !fargatePublicIp && !fargateSpot && fargateCpus == null),
                "--fargate-*", "need --fargate-subnets");
        if (fargate) {
            require(fargateCpus == null || fargateCpus > 0, "--fargate-cpus", "must be more than 0");
            builder.fargate(fargateSubnets, fargateSecurityGroups == null ? List.of() : fargateSecurityGroups,
                    fargatePublicIp, fargateSpot, fargateCpus);
        }
        String description;
        if (local) {
            require(instances >= 0, "--instances", "must be 0 or more, got " + instances);
            require(cpu > 0 && memory > 0, "--cpu/--memory", "must be more than 0");
            require(timeFactor > 0 && Double.isFinite(timeFactor), "--time-factor", "must be more than 0");
            String cluster = target.resolve(java.util.Map.of()).cluster();
            EcsLocal ecsLocal = EcsLocal.builder().port(0).timeFactor(timeFactor).events(localEvents).build();
            resources.add(ecsLocal);
            ecsLocal.createCluster(cluster);
            if (localEvents) {
                builder.eventsQueueUrl(ecsLocal.setUpEvents(cluster, "ecs-mesos-events-" + cluster));
            }
            ecsLocal.addInstances(cluster, instances, cpu, memory);
            EcsClient ecs = LocalClients.ecs(ecsLocal, "master");
            Ec2Client ec2 = LocalClients.ec2(ecsLocal, "master");
            resources.add(ecs);
            resources.add(ec2);
            builder.ecsClient(ecs).ec2Client(ec2).cluster(cluster);
            description = "cluster \"" + cluster + "\" of ecs-local at " + ecsLocal.endpoint() + " (" + instances
                    + " container instances of " + cpu + " CPU units / " + memory + " MiB"
                    + (localEvents ? "; ECS events through SQS at " + ecsLocal.sqsEndpoint() : "")
                    + (fargate ? "; Fargate in " + fargateSubnets : "") + ")";
        } else {
            EcsTarget t;
            try {
                t = target.resolve(System.getenv());
            } catch (EcsTargetException e) {
                throw new CommandFailure(e.getMessage());
            }
            EcsConnection connection = EcsConnection.open(t);
            resources.add(connection);
            connection.requireCluster();
            builder.ecsClient(connection.ecs()).cluster(t.cluster()).region(connection.region());
            description = "ECS " + connection.describe();
        }
        EcsMesosMaster master = builder.build();
        try {
            master.start();
        } catch (IllegalStateException e) {
            closeResources();
            throw new CommandFailure("the master could not start: " + e.getMessage());
        } catch (Exception e) {
            closeResources();
            throw new CommandFailure("the master could not serve on " + bind + ":" + port + ": " + e.getMessage());
        }
        running = master;
        if (zk != null) {
            description += "; contending in " + zk + (master.leading() ? " (leading)" : " (following the leader)");
        }
        spec.commandLine().getOut().print(banner(master, description));
        spec.commandLine().getOut().flush();
        return master;
    }

    static String banner(EcsMesosMaster master, String description) {
        return "Mesos master on ECS serving " + master.url() + " for " + description + "\n"
                + "  Mesos V1 frameworks: POST " + master.url() + "/api/v1/scheduler\n"
                + "  Mesos state:         " + master.url() + "/master/state\n"
                + "Ctrl-C stops the master; the frameworks' tasks keep running and a new master recovers them.\n";
    }

    @Override
    public Integer call() throws Exception {
        EcsMesosMaster master = start();
        java.util.concurrent.atomic.AtomicReference<String> deposed = new java.util.concurrent.atomic.AtomicReference<>();
        master.terminated().thenAccept(why -> {
            deposed.set(why);
            foreground.stop();
        });
        foreground.serve("ecs-mesos-master-shutdown");
        if (deposed.get() != null) {
            spec.commandLine().getErr().println("ecs-mesos master: stepped down (" + deposed.get() + "); exiting so "
                    + "that only the new leader acts on ECS. Start it again to contend again.");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /** Asks a running {@link #call()} to stop and return. */
    public void stop() {
        foreground.stop();
    }

    /** The master once started, else null. */
    public EcsMesosMaster running() {
        return running;
    }

    private void closeAll() {
        EcsMesosMaster m = running;
        if (m != null) {
            m.close();
        }
        closeResources();
    }

    private void closeResources() {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        resources.clear();
    }

    /** A server's log is its operator's record, unlike the other commands' (see logback.xml): INFO by default. */
    private void configureLog() {
        java.util.Set<String> levels = java.util.Set.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE");
        String level = logLevel.toUpperCase(java.util.Locale.ROOT);
        require(levels.contains(level), "--log-level", "must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, got "
                + logLevel);
        org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("com.amazonaws.ecs.mesos");
        if (logger instanceof ch.qos.logback.classic.Logger) {
            ch.qos.logback.classic.Logger l = (ch.qos.logback.classic.Logger) logger;
            ch.qos.logback.classic.Level before = l.getLevel();
            l.setLevel(ch.qos.logback.classic.Level.toLevel(level));
            resources.add(() -> l.setLevel(before)); // when the master stops (matters in a JVM that runs on)
        }
    }

    private void require(boolean valid, String option, String problem) {
        if (!valid) {
            throw invalid(option, problem);
        }
    }

    private ParameterException invalid(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
