package com.amazonaws.ecs.mesos.master.internal;

/**
 * The two media types of the V1 API and how Mesos picks between them. A request body is JSON or protobuf
 * by its whole {@code Content-Type} (a {@code ;charset} parameter is tolerated); a SUBSCRIBE's events are
 * JSON if its {@code Accept} allows JSON, else protobuf if it allows that, else nothing (406). No
 * {@code Accept}, {@code *}{@code /*} or {@code application/*} mean JSON; {@code q=0} refuses a type.
 */
public final class MediaTypes {
  public static final String JSON = "application/json";
  public static final String PROTOBUF = "application/x-protobuf";

  private MediaTypes() {}

  /** JSON or PROTOBUF for a request's {@code Content-Type}; null for anything else. */
  public static String ofContent(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return JSON.equals(type) ? JSON : PROTOBUF.equals(type) ? PROTOBUF : null;
  }

  /** The type to stream events in for {@code accept}; null when neither is acceptable (406). */
  public static String forAccept(String accept) {
    if (accept == null || accept.trim().isEmpty()) {
      return JSON;
    }
    if (quality(accept, JSON) > 0) {
      return JSON;
    }
    if (quality(accept, PROTOBUF) > 0) {
      return PROTOBUF;
    }
    return null;
  }

  /** The q value the header gives {@code type}: its most specific matching range wins; 0 if none matches. */
  static double quality(String accept, String type) {
    double best = 0;
    int bestSpecificity = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String media = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      int specificity;
      if (media.equals(type)) {
        specificity = 2;
      } else if (media.equals("application/*")) {
        specificity = 1;
      } else if (media.equals("*/*")) {
        specificity = 0;
      } else {
        continue;
      }
      double q = 1.0;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        best = q;
      }
    }
    return best;
  }
}
