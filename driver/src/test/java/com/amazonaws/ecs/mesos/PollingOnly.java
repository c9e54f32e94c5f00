package com.amazonaws.ecs.mesos;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of what only polling does (a status found by describing, counts of DescribeTasks calls): the run of
 * the suites with ECS events ({@code driver-suites-through-events}) leaves it out. {@link #value} says why.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(PollingOnly.TAG)
@interface PollingOnly {
  String TAG = "polling-only";

  /** Why the test does not apply when status comes from events. */
  String value();
}
