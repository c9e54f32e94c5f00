package com.amazonaws.ecs.mesos.master.internal;

import java.util.HashSet;
import java.util.Set;
import org.apache.mesos.Protos;

/**
 * The checks Mesos's master makes of a subscribing framework's FrameworkInfo ({@code validation.cpp},
 * {@code master.cpp}): roles consistent with the MULTI_ROLE capability, no duplicate or invalid role, a
 * {@code failover_timeout} that fits in int64 nanoseconds. A problem is sent as the ERROR event of the
 * subscription, which then ends.
 */
final class FrameworkInfoCheck {
  private FrameworkInfoCheck() {}

  /** What is wrong with {@code info}, or null. */
  static String problem(Protos.FrameworkInfo info) {
    boolean multiRole = false;
    for (Protos.FrameworkInfo.Capability c : info.getCapabilitiesList()) {
      multiRole |= c.getType() == Protos.FrameworkInfo.Capability.Type.MULTI_ROLE;
    }
    if (multiRole && info.hasRole()) {
      return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
    }
    if (!multiRole && info.getRolesCount() > 0) {
      return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable";
    }
    Set<String> seen = new HashSet<>();
    for (String role : info.getRolesList()) {
      if (!seen.add(role)) {
        return "'FrameworkInfo.roles' contains duplicate items";
      }
      String bad = roleProblem(role);
      if (bad != null) {
        return bad;
      }
    }
    if (info.hasRole()) {
      String bad = roleProblem(info.getRole());
      if (bad != null) {
        return bad;
      }
    }
    double timeout = info.getFailoverTimeout();
    if (Double.isNaN(timeout) || timeout * 1e9 > Long.MAX_VALUE || timeout < 0) {
      return "Invalid failover_timeout: " + timeout;
    }
    return null;
  }

  /** Mesos's role names: not empty, not {@code .} or {@code ..}, no leading {@code -}, no whitespace or slash. */
  static String roleProblem(String role) {
    if (role.isEmpty()) {
      return "Role name cannot be empty";
    }
    if ("*".equals(role)) {
      return null;
    }
    if (".".equals(role) || "..".equals(role)) {
      return "Role name '" + role + "' is invalid";
    }
    if (role.startsWith("-")) {
      return "Role name '" + role + "' cannot start with '-'";
    }
    for (int i = 0; i < role.length(); i++) {
      char c = role.charAt(i);
      if (Character.isWhitespace(c) || c == '\\' || c < 0x20 || c == 0x7f) {
        return "Role name '" + role + "' cannot contain whitespace, backslashes or control characters";
      }
    }
    return null;
  }
}
