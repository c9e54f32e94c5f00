/**
 * The V0 driver through a Mesos master: when {@code ECSSchedulerDriver} (or the drop-in
 * {@code MesosSchedulerDriver}) is given a master address ({@code host:port}, {@code http://host:port}) it
 * neither calls ECS nor keeps offers itself. It subscribes to the master over the Mesos V1 scheduler HTTP API
 * (protobuf both ways, RecordIO events), turns each event into the framework's {@code Scheduler} callback,
 * and each driver method into a V1 call, as libmesos does with a Mesos master. Java 8, no dependency
 * beyond the mesos jar: HTTP is the JDK's {@code HttpURLConnection}.
 */
package com.amazonaws.ecs.mesos.internal.remote;
