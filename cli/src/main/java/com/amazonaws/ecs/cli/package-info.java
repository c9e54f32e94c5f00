/**
 * The {@code ecs-mesos} command line: one class per subcommand ({@code local}, later {@code demo},
 * {@code run}, {@code offers}, {@code bench}), wired together by {@link com.amazonaws.ecs.cli.EcsMesos}.
 */
package com.amazonaws.ecs.cli;
