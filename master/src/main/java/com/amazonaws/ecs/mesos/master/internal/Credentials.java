package com.amazonaws.ecs.mesos.master.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The principals frameworks may authenticate as, from a file in Mesos's format (the master's
 * {@code --credentials}): JSON {@code {"credentials":[{"principal":"p","secret":"s"}]}}, or one
 * {@code principal secret} pair per line. With none configured, every request is let in anonymously.
 * Requests authenticate with HTTP Basic. Secrets are never logged or echoed.
 */
public final class Credentials {
  private static final Credentials NONE = new Credentials(Collections.<String, String>emptyMap());

  private final Map<String, String> secrets;

  private Credentials(Map<String, String> secrets) {
    this.secrets = secrets;
  }

  public static Credentials none() {
    return NONE;
  }

  public static Credentials of(Map<String, String> secrets) {
    return new Credentials(Collections.unmodifiableMap(new LinkedHashMap<>(secrets)));
  }

  /** Reads a credentials file; the message of the exception says what is wrong with it (never a secret). */
  public static Credentials read(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
    Map<String, String> out = new LinkedHashMap<>();
    if (text.startsWith("{")) {
      JsonNode root = new ObjectMapper().readTree(text);
      JsonNode list = root.path("credentials");
      if (!list.isArray()) {
        throw new IOException(file + ": expecting {\"credentials\":[{\"principal\":...,\"secret\":...}]}");
      }
      for (JsonNode c : list) {
        if (!c.path("principal").isTextual() || !c.path("secret").isTextual()) {
          throw new IOException(file + ": every credential needs a 'principal' and a 'secret'");
        }
        out.put(c.get("principal").asText(), c.get("secret").asText());
      }
    } else {
      int line = 0;
      for (String l : text.split("\\R")) {
        line++;
        String trimmed = l.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = trimmed.split("\\s+", 2);
        if (parts.length != 2) {
          throw new IOException(file + ": line " + line + " is not 'principal secret'");
        }
        out.put(parts[0], parts[1]);
      }
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no credentials in it");
    }
    return of(out);
  }

  public boolean enabled() {
    return !secrets.isEmpty();
  }

  /** The outcome of checking a request's {@code Authorization} header. */
  public static final class Check {
    private final String principal;
    private final String problem;

    Check(String principal, String problem) {
      this.principal = principal;
      this.problem = problem;
    }

    public boolean ok() {
      return problem == null;
    }

    /** The authenticated principal; null when authentication is off. */
    public String principal() {
      return principal;
    }

    public String problem() {
      return problem;
    }
  }

  /** Checks HTTP Basic credentials against the configured ones. */
  public Check check(String authorization) {
    if (!enabled()) {
      return new Check(null, null);
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return new Check(null, "Missing or unsupported credentials: HTTP Basic authentication is required");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Check(null, "Malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return new Check(null, "Malformed Basic credentials");
    }
    String principal = decoded.substring(0, colon);
    String secret = secrets.get(principal);
    byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    if (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given)) {
      return new Check(null, "Authentication failed for principal '" + principal + "'");
    }
    return new Check(principal, null);
  }
}
