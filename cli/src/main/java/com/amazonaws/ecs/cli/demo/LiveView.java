package com.amazonaws.ecs.cli.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The demo's screen in a terminal, redrawn in place a few times a second with plain ANSI escape codes: the
 * agents with their free cpu and memory, offer counts, the tasks and their states, the steps, the last events.
 * {@link #render} is pure so it can be read without a terminal.
 */
final class LiveView implements AutoCloseable {
    private static final String HOME = "\033[H";
    private static final String CLEAR_SCREEN = "\033[2J";
    private static final String CLEAR_LINE = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    private static final String BOLD = "\033[1m";
    private static final String RESET = "\033[0m";

    private final PrintWriter out;
    private final Supplier<String> screen;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ecs-mesos-demo-view");
        t.setDaemon(true);
        return t;
    });

    LiveView(PrintWriter out, Supplier<String> screen) {
        this.out = out;
        this.screen = screen;
    }

    void start() {
        out.print(CLEAR_SCREEN + HIDE_CURSOR);
        timer.scheduleWithFixedDelay(this::draw, 0, 200, TimeUnit.MILLISECONDS);
    }

    private synchronized void draw() {
        StringBuilder b = new StringBuilder(HOME);
        for (String line : screen.get().split("\n", -1)) {
            b.append(line).append(CLEAR_LINE).append('\n');
        }
        out.print(b.append(CLEAR_BELOW));
        out.flush();
    }

    /** Draws the last frame and gives the terminal back. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(2, TimeUnit.SECONDS);
        draw();
        out.print(SHOW_CURSOR);
        out.flush();
    }

    static String render(DemoBoard.Snapshot s, List<Agents.Agent> agents, Duration elapsed, double speed) {
        StringBuilder b = new StringBuilder();
        b.append(BOLD).append("ecs-mesos demo").append(RESET).append(String.format(Locale.ROOT,
                ": a Mesos framework on ECS through ECSSchedulerDriver (ecs-local, %sx)   %.1f s%n",
                DemoSummary.number(speed), elapsed.toMillis() / 1000.0));
        b.append('\n').append(BOLD).append("AGENTS").append(RESET).append("      zone          free cpus   free mem  tasks\n");
        for (Agents.Agent a : agents) {
            String tasks = s.tasks().stream().filter(t -> t.agent().equals(a.id())
                    && !com.amazonaws.ecs.cli.mesos.TaskStates.isTerminal(t.state()))
                    .map(DemoBoard.TaskRow::id).collect(Collectors.joining(" "));
            b.append(String.format(Locale.ROOT, "  %-9s %-12s %5.2f/%.0f  %5d/%d  %s%n", Agents.shortId(a.id()), a.zone(),
                    a.freeCpu() / 1024.0, a.registeredCpu() / 1024.0, a.freeMem(), a.registeredMem(), tasks));
        }
        b.append('\n').append(BOLD).append("OFFERS").append(RESET).append(String.format(Locale.ROOT,
                "      made %d   used %d   declined %d%n", s.offersReceived(), s.offersUsed(), s.offersDeclined()));
        b.append('\n').append(BOLD).append("TASKS").append(RESET).append('\n');
        for (DemoBoard.TaskRow t : s.tasks()) {
            b.append(String.format(Locale.ROOT, "  %-8s %-11s %-9s %s%n", t.id(), t.taskDefinition(),
                    Agents.shortId(t.agent()), t.state()));
        }
        b.append('\n').append(BOLD).append("STEPS").append(RESET).append('\n');
        for (DemoStep step : DemoStep.values()) {
            b.append(s.done().containsKey(step) ? "  [x] " : "  [ ] ").append(step.description).append('\n');
        }
        b.append('\n').append(BOLD).append("LAST EVENTS").append(RESET).append('\n');
        for (String e : s.events()) {
            b.append("  ").append(e.length() > 150 ? e.substring(0, 150) + "..." : e).append('\n');
        }
        return b.toString();
    }
}
