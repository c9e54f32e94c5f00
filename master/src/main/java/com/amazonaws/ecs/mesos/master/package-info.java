/**
 * {@code ecs-mesos master}: a Mesos master whose cluster is ECS, serving the Mesos V1 scheduler HTTP API to
 * many frameworks at once. {@code EcsMesosMaster} is the entry point.
 */
package com.amazonaws.ecs.mesos.master;
