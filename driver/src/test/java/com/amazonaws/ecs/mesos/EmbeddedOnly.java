package com.amazonaws.ecs.mesos;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of what only the embedded driver has (its own ECS calls, threads and clients, its cluster
 * configuration): the master module does not run it through a master. {@link #value} says why.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(EmbeddedOnly.TAG)
@interface EmbeddedOnly {
  String TAG = "embedded-only";

  /** Why the test does not apply to a driver connected to a master. */
  String value();
}
