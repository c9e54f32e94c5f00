package com.amazonaws.ecs.mesos.master.internal.ui;

import org.eclipse.jetty.util.Fields;

/**
 * Which rows of a table the page asks for: {@code offset} and {@code limit} as Mesos's {@code /master/tasks}
 * names them (default 100 rows, at most 500: a page stays small whatever the cluster's size).
 */
record Paging(int offset, int limit) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  static Paging of(Fields query) {
    return new Paging(integer(query.getValue("offset"), 0),
        Math.min(MAX_LIMIT, integer(query.getValue("limit"), DEFAULT_LIMIT)));
  }

  private static int integer(String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
