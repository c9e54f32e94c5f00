/**
 * Tests of the drop-in mesos jar: its {@code MesosSchedulerDriver} constructors and {@code MesosNativeLibrary}
 * against the compiled classes, a task launched through the packaged, shaded jar alone, and Fenzo's unmodified
 * sample framework running its 50 tasks on that jar.
 */
package com.amazonaws.ecs.mesos.shim;
