package com.amazonaws.ecs.cli.events;

import com.amazonaws.ecs.cli.EcsMesos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of {@code ecs-mesos}, with what it printed on stdout and stderr. */
record EventsCommandRun(int exitCode, String out, String err) {

    static EventsCommandRun of(String... args) {
        return of(EcsMesos.commandLine(), args);
    }

    static EventsCommandRun of(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new EventsCommandRun(code, out.toString(), err.toString());
    }

    /** The last line of stdout. */
    String lastLine() {
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
