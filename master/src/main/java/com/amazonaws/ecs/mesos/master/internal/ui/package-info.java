/**
 * The master's web UI: the page and its assets at {@code /} and {@code /webui/}, and the JSON it reads under
 * {@code /master/ui/} (overview, frameworks, agents and tasks, paged and searched on the master's loop).
 */
package com.amazonaws.ecs.mesos.master.internal.ui;
