/**
 * High availability of the master: candidates elect one leader in ZooKeeper, in Mesos's own layout (ephemeral
 * sequential {@code json.info_} nodes holding each candidate's MasterInfo as JSON; the lowest leads), so that any
 * client that finds a Mesos master through ZooKeeper finds the leader; followers redirect to it.
 */
package com.amazonaws.ecs.mesos.master.internal.ha;
