/**
 * What the built-in frameworks ({@code demo}, {@code run}) share as Mesos schedulers: carving tasks out of an
 * offer's cpus, mem and ports, and telling terminal task states apart.
 */
package com.amazonaws.ecs.cli.mesos;
