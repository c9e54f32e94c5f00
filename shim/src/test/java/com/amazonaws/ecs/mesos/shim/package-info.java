/**
 * Tests of the drop-in mesos jar: its {@code MesosSchedulerDriver} constructors and {@code MesosNativeLibrary}
 * against the compiled classes, and a task launched through the packaged, shaded jar alone.
 */
package com.amazonaws.ecs.mesos.shim;
