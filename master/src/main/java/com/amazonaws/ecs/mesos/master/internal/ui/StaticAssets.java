package com.amazonaws.ecs.mesos.master.internal.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The page and its assets, from the master's jar ({@code com/amazonaws/ecs/mesos/master/webui/}): nothing is
 * built or fetched at runtime. Each is read once and kept with its content type and an ETag; browsers
 * revalidate ({@code no-cache}) and get 304 while the master runs the same jar, so an upgraded master's UI is
 * never mixed with a cached older file.
 */
final class StaticAssets {
  private static final String ROOT = "com/amazonaws/ecs/mesos/master/webui/";
  /** Asset names are plain: no {@code ..}, no hidden files, nothing outside the folder. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.[a-z0-9]+");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon");
  /** The page reads only its own origin; its scripts are modules from it, no inline code. */
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
      + "base-uri 'none'; frame-ancestors 'none'";

  /** One file: its bytes, type and validator. */
  record Asset(byte[] body, String type, String etag) {}

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  static StaticAssets load() {
    return new StaticAssets();
  }

  /** The asset at a request path ({@code /}, {@code /index.html}, {@code /webui/NAME}); null if none. */
  Asset get(String path) {
    String name;
    if ("/".equals(path) || "/index.html".equals(path)) {
      name = "index.html";
    } else if (path.startsWith("/webui/") && NAME.matcher(path.substring("/webui/".length())).matches()) {
      name = path.substring("/webui/".length());
    } else {
      return null;
    }
    return cache.computeIfAbsent(name, StaticAssets::read).orElse(null);
  }

  void serve(Asset asset, Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setStatus(405);
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, ByteBuffer.allocate(0), callback);
      return;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put(HttpHeader.ETAG, asset.etag());
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    if (asset.type().startsWith("text/html")) {
      response.getHeaders().put("Content-Security-Policy", POLICY);
    }
    String match = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (match != null && match.contains(asset.etag())) {
      response.setStatus(304);
      response.write(true, ByteBuffer.allocate(0), callback);
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.type());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) asset.body().length);
    response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(asset.body()), callback);
  }

  private static Optional<Asset> read(String name) {
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return Optional.of(new Asset(body, type, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\""));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the web UI's " + name + " from the master's jar", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
