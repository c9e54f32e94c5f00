package com.amazonaws.ecs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of {@code ecs-mesos}, with what it printed on stdout and stderr. */
record CommandRun(int exitCode, String out, String err) {

    /** Runs the command line as {@code main} would, without exiting the JVM. */
    static CommandRun of(String... args) {
        return of(EcsMesos.commandLine(), args);
    }

    static CommandRun of(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
