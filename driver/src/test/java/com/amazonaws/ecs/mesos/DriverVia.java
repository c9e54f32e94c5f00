package com.amazonaws.ecs.mesos;

/**
 * How the drivers of a test reach ECS. Embedded (here) builds them as the test configured them. The master
 * module runs these suites again with {@code -Ddriver.via=<class>}: a way that starts an {@code ecs-mesos master}
 * on the same ecs-local with the test's cluster settings and gives the driver the master's address, so the
 * embedded and the remote path are held to one contract.
 */
interface DriverVia extends AutoCloseable {
  String PROPERTY = "driver.via";

  /** The driver for {@code builder}, ready to start. */
  ECSSchedulerDriver build(ECSSchedulerDriver.Builder builder);

  /** After the test's drivers have stopped, before ecs-local does. */
  @Override
  void close();

  /** The way named by {@value #PROPERTY}, else embedded. */
  static DriverVia fromSystemProperty() {
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isEmpty()) {
      return new DriverVia() {
        @Override
        public ECSSchedulerDriver build(ECSSchedulerDriver.Builder builder) {
          return builder.build();
        }

        @Override
        public void close() {}
      };
    }
    try {
      java.lang.reflect.Constructor<?> c = Class.forName(name).getDeclaredConstructor();
      c.setAccessible(true);
      return (DriverVia) c.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot make the " + PROPERTY + " '" + name + "': " + e, e);
    }
  }
}
