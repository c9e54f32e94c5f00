package com.amazonaws.ecs.local.internal.state;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container does when it "runs", read from its command so that no Docker is needed.
 *
 * <ul>
 *   <li>{@code sleep N} (N seconds, decimals allowed): runs N seconds of cluster time, then exits 0.
 *       Several sleeps add up: {@code sh -c "sleep 2; sleep 3"} runs 5 s.</li>
 *   <li>a command ending in {@code exit K}: exits with code K after its sleeps, at once if none
 *       ({@code sh -c "sleep 5; exit 3"} runs 5 s and exits 3).</li>
 *   <li>a command containing the word {@code oom}: after its sleeps, the container is killed for
 *       memory as ECS reports it (exit 137, reason {@code OutOfMemoryError: Container killed due to
 *       memory usage}).</li>
 *   <li>anything else, including no command at all, runs until it is stopped.</li>
 * </ul>
 */
public record ContainerBehaviour(long runMillis, int exitCode, boolean outOfMemory) {

    public static final String OOM_REASON = "OutOfMemoryError: Container killed due to memory usage";

    private static final Pattern SLEEP = Pattern.compile("(?:^|[\\s;&|(])sleep\\s+(\\d+(?:\\.\\d+)?)(s?)(?=$|[\\s;&|)])");
    private static final Pattern EXIT = Pattern.compile("(?:^|[\\s;&|(\"'])exit\\s+(-?\\d+)[\\s;)\"']*$");
    private static final Pattern OOM = Pattern.compile("(?:^|[^A-Za-z0-9_])oom(?:$|[^A-Za-z0-9_])");

    /** A container that runs until it is stopped. */
    public static final ContainerBehaviour FOREVER = new ContainerBehaviour(-1, 0, false);

    public boolean runsForever() {
        return runMillis < 0;
    }

    /** True for a command that ends at once with a non-zero code, such as a failing health check. */
    public boolean failsAtOnce() {
        return runMillis == 0 && exitCode != 0;
    }

    /** Reads the behaviour of a container whose entry point and command are given (either may be empty). */
    public static ContainerBehaviour of(List<String> entryPoint, List<String> command) {
        StringBuilder script = new StringBuilder();
        for (String part : entryPoint) {
            script.append(part).append(' ');
        }
        for (String part : command) {
            script.append(part).append(' ');
        }
        return parse(script.toString().trim());
    }

    static ContainerBehaviour parse(String script) {
        double seconds = 0;
        boolean sleeps = false;
        Matcher sleep = SLEEP.matcher(script);
        while (sleep.find()) {
            seconds += Double.parseDouble(sleep.group(1));
            sleeps = true;
        }
        long millis = Math.round(seconds * 1000);
        if (OOM.matcher(script).find()) {
            return new ContainerBehaviour(millis, 137, true);
        }
        Matcher exit = EXIT.matcher(script);
        if (exit.find()) {
            return new ContainerBehaviour(millis, Integer.parseInt(exit.group(1)) & 0xff, false);
        }
        return sleeps ? new ContainerBehaviour(millis, 0, false) : FOREVER;
    }
}
