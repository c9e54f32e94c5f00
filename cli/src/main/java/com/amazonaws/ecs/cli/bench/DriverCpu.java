package com.amazonaws.ecs.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the driver's threads, read with {@link ThreadMXBean} and sampled (every second by the bench) so
 * that threads which end between samples still count with their last reading. Counted: threads whose name
 * starts with {@code ecs-scheduler-driver} (the driver's loop, which also runs the framework's callbacks, its
 * I/O pool and timer; the SDK's synchronous calls run on the I/O pool) and the AWS SDK's / HTTP client's own
 * threads ({@link #SDK_PREFIXES}). Not counted: ecs-local ({@code ecs-local-http-*}, the JDK HTTP server's
 * dispatcher), the bench's own threads, GC and JIT threads. With {@code --master}: the master's threads
 * ({@code ecs-mesos-master*}: its loop, its ECS I/O, its HTTP server) count too, and with the SDK's make up
 * {@link #masterSeconds()} (the frameworks' drivers then make no ECS calls); each sample is kept so the
 * master's share of a core can be read over any stretch of the run.
 */
final class DriverCpu {
    static final List<String> DRIVER_PREFIXES = List.of("ecs-scheduler-driver", "ecs-mesos-master");
    static final String MASTER_PREFIX = "ecs-mesos-master";
    static final List<String> SDK_PREFIXES = List.of("sdk-", "aws-", "idle-connection-reaper", "Apache5",
            "apache5", "httpclient-");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Last CPU reading, in nanos, of each counted thread ever seen, by thread ID. */
    private final Map<Long, Long> cpuByThread = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    /** Last CPU reading of each ecs-local thread, reported apart to show it is not the bottleneck. */
    private final Map<Long, Long> ecsLocalCpu = new HashMap<>();
    /** (nanoTime, master CPU nanos) at each sample. */
    private final List<long[]> masterHistory = new java.util.ArrayList<>();

    DriverCpu() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** Whether a thread of that name is the driver's (or its SDK client's). */
    static boolean counted(String threadName) {
        return DRIVER_PREFIXES.stream().anyMatch(threadName::startsWith)
                || SDK_PREFIXES.stream().anyMatch(threadName::startsWith);
    }

    /** Whether a thread is ecs-local's: its HTTP workers and the JDK HTTP server's dispatcher. */
    static boolean ecsLocal(String threadName) {
        return threadName.startsWith("ecs-local-http") || threadName.startsWith("HTTP-Dispatcher");
    }

    /** CPU seconds of ecs-local's threads so far (as of the last sample). */
    synchronized double ecsLocalSeconds() {
        return ecsLocalCpu.values().stream().mapToLong(Long::longValue).sum() / 1e9;
    }

    /** Reads the CPU time of every live counted thread. */
    synchronized void sample() {
        if (!threads.isThreadCpuTimeSupported()) {
            return;
        }
        for (long id : threads.getAllThreadIds()) {
            String name = names.get(id);
            if (name == null) {
                ThreadInfo info = threads.getThreadInfo(id);
                if (info == null) {
                    continue;
                }
                name = info.getThreadName();
                names.put(id, name);
            }
            if (ecsLocal(name)) {
                long cpu = threads.getThreadCpuTime(id);
                if (cpu > 0) {
                    ecsLocalCpu.merge(id, cpu, Math::max);
                }
                continue;
            }
            if (!counted(name)) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(id);
            if (cpu > 0) {
                cpuByThread.merge(id, cpu, Math::max);
            }
        }
        masterHistory.add(new long[] {System.nanoTime(), masterNanos()});
    }

    /** Whether a counted thread is the master's (its own threads, and the SDK's, which only it uses). */
    static boolean master(String threadName) {
        return threadName.startsWith(MASTER_PREFIX) || SDK_PREFIXES.stream().anyMatch(threadName::startsWith);
    }

    private long masterNanos() {
        long n = 0;
        for (Map.Entry<Long, Long> e : cpuByThread.entrySet()) {
            if (master(names.get(e.getKey()))) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** CPU seconds of the master's threads so far (0 without a master... but for the SDK's). */
    synchronized double masterSeconds() {
        return masterNanos() / 1e9;
    }

    /**
     * The master's CPU between two instants as a fraction of one core, from the samples nearest inside them;
     * NaN when fewer than two samples fall inside.
     */
    synchronized double masterShare(long fromNanos, long toNanos) {
        long[] first = null;
        long[] last = null;
        for (long[] s : masterHistory) {
            if (s[0] >= fromNanos && s[0] <= toNanos) {
                if (first == null) {
                    first = s;
                }
                last = s;
            }
        }
        if (first == null || last == first) {
            return Double.NaN;
        }
        return (double) (last[1] - first[1]) / (last[0] - first[0]);
    }

    /** CPU seconds of the counted threads so far (as of the last sample). */
    synchronized double seconds() {
        return cpuByThread.values().stream().mapToLong(Long::longValue).sum() / 1e9;
    }

    /** CPU seconds by thread-name group (see {@link #group}), for the summary. */
    synchronized Map<String, Double> byGroup() {
        Map<String, Double> out = new TreeMap<>();
        cpuByThread.forEach((id, cpu) -> out.merge(group(names.get(id)), cpu / 1e9, Double::sum));
        return out;
    }

    /**
     * A thread's group: its name without its numbers, the driver's instance number ({@code
     * ecs-scheduler-driver-N-io-M}) included, so one driver's threads add up whatever instance it is.
     */
    static String group(String threadName) {
        if (threadName.startsWith(MASTER_PREFIX + "-http")) {
            return MASTER_PREFIX + "-http"; // Jetty's acceptor and selector names carry the connector's description
        }
        return threadName.replaceFirst("^(ecs-scheduler-driver)-\\d+", "$1").replaceAll("(-\\d+)+$", "");
    }
}
