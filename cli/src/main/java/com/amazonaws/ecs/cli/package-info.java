/**
 * The {@code ecs-mesos} command line: {@link com.amazonaws.ecs.cli.EcsMesos} wires the subcommands together ({@code local}
 * here; {@code demo}, {@code run}, {@code offers} in their own packages), and reports failures as one line.
 */
package com.amazonaws.ecs.cli;
