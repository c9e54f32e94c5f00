package org.apache.mesos;

/**
 * Mesos 1.11.0's {@code MesosNativeLibrary} with nothing native to load: the drop-in jar's
 * {@link MesosSchedulerDriver} runs on Amazon ECS, so {@link #load()} does nothing and
 * {@link #version()} reports the Mesos API this jar implements, 1.11.0. Frameworks that check the version
 * before starting (Marathon requires at least 1.5.0) keep working, and neither {@code MESOS_NATIVE_JAVA_LIBRARY}
 * nor {@code java.library.path} is read.
 *
 * <pre>{@code
 * MesosNativeLibrary.load();                                    // no libmesos needed
 * MesosNativeLibrary.version().after(new Version(1, 5, 0));     // true
 * }</pre>
 */
public class MesosNativeLibrary {
  /** The Mesos version whose Java API this jar implements. */
  public static final String VERSION = "1.11.0";

  private static final Version API_VERSION = new Version(1, 11, 0);

  /** Does nothing: there is no libmesos on ECS. */
  public static synchronized void load(String library) {
    // Nothing to load: the driver is pure Java. Kept synchronized as the original, whose callers may rely on it.
  }

  /** Does nothing: there is no libmesos on ECS. */
  public static void load() {
    load(null);
  }

  /** 1.11.0, the Mesos API this jar implements (the original asks libmesos). */
  public static synchronized Version version() {
    return API_VERSION;
  }

  /** A Mesos version, as in Mesos 1.11.0: ordered by major, then minor, then patch. */
  public static class Version implements Comparable<Version> {
    public final long major;
    public final long minor;
    public final long patch;

    public Version(long major, long minor, long patch) {
      if (major < 0) {
        throw new IllegalArgumentException("Major version must not be negative");
      }
      if (minor < 0) {
        throw new IllegalArgumentException("Minor version must not be negative");
      }
      if (patch < 0) {
        throw new IllegalArgumentException("Patch version must not be negative");
      }
      this.major = major;
      this.minor = minor;
      this.patch = patch;
    }

    public Version(long major, long minor) {
      this(major, minor, 0);
    }

    public Version(long major) {
      this(major, 0, 0);
    }

    public boolean equals(Version other) {
      return other != null && compareTo(other) == 0;
    }

    @Override
    public int compareTo(Version other) {
      if (major != other.major) {
        return Long.compare(major, other.major);
      }
      if (minor != other.minor) {
        return Long.compare(minor, other.minor);
      }
      return Long.compare(patch, other.patch);
    }

    public boolean before(Version other) {
      return compareTo(other) < 0;
    }

    public boolean after(Version other) {
      return compareTo(other) > 0;
    }

    @Override
    public String toString() {
      return major + "." + minor + "." + patch;
    }
  }
}
