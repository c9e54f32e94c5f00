/** {@code ecs-mesos master}: runs a Mesos master on an ECS cluster (or on an embedded ecs-local). */
package com.amazonaws.ecs.cli.master;
