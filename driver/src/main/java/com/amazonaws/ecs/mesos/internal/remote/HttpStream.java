package com.amazonaws.ecs.mesos.internal.remote;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST whose answer is read as a stream, on a socket of its own: the SUBSCRIBE. Not the JDK's
 * {@code HttpURLConnection}: a stream read by one thread cannot be cut from another there (closing it waits
 * for the blocked read), and a driver must drop a silent or stale stream at once. {@link #close()} closes the
 * socket, which ends a blocked read with an exception. Chunked and fixed-length bodies are decoded.
 */
final class HttpStream implements AutoCloseable {
  private static final int MAX_HEADER_LINE = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final Map<String, String> headers;
  private InputStream body;

  private HttpStream(Socket socket, InputStream in, int status, Map<String, String> headers) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
  }

  /** Connects, sends the request, reads the status line and headers. */
  static HttpStream post(URI url, Map<String, String> requestHeaders, byte[] body, int connectTimeoutMillis)
      throws IOException {
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(url.getHost(), port), connectTimeoutMillis);
      socket.setTcpNoDelay(true);
      if (tls) {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
            .createSocket(socket, url.getHost(), port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        socket = ssl;
      }
      StringBuilder request = new StringBuilder();
      String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
      request.append("POST ").append(path).append(" HTTP/1.1\r\n");
      request.append("Host: ").append(url.getHost()).append(url.getPort() > 0 ? ":" + url.getPort() : "")
          .append("\r\n");
      for (Map.Entry<String, String> h : requestHeaders.entrySet()) {
        request.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      request.append("Content-Length: ").append(body.length).append("\r\n");
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP answer: '" + statusLine + "'");
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status: '" + statusLine + "'");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
      }
      return new HttpStream(socket, in, status, headers);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** A line ending in CRLF (or LF), without it. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection ended inside the HTTP headers");
      }
      if (c != '\r') {
        b.write(c);
      }
      if (b.size() > MAX_HEADER_LINE) {
        throw new IOException("an HTTP header line longer than " + MAX_HEADER_LINE + " bytes");
      }
    }
    return new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  int status() {
    return status;
  }

  /** A response header (case-insensitive name), or null. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The decoded body, read as it arrives. */
  InputStream body() {
    if (body == null) {
      String encoding = header("Transfer-Encoding");
      String length = header("Content-Length");
      if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
        body = new Chunked(in);
      } else if (length != null) {
        body = new Limited(in, Long.parseLong(length.trim()));
      } else {
        body = in; // until the connection closes
      }
    }
    return body;
  }

  /** Closes the socket: a read blocked in another thread ends at once. Any thread. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing what is already broken
    }
  }

  /** Chunked transfer coding: {@code <hex size>[;ext]\r\n<data>\r\n} ... {@code 0\r\n<trailers>\r\n}. */
  static final class Chunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Chunked(InputStream in) {
      this.in = in;
    }

    private boolean next() throws IOException {
      if (done) {
        return false;
      }
      while (left == 0) {
        String size = line(in);
        int semi = size.indexOf(';');
        String hex = (semi >= 0 ? size.substring(0, semi) : size).trim();
        if (hex.isEmpty()) {
          continue; // the CRLF after the previous chunk's data
        }
        try {
          left = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new IOException("not a chunk size: '" + size + "'");
        }
        if (left == 0) {
          for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
            // trailers are not used
          }
          done = true;
          return false;
        }
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      if (!next()) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection ended inside a chunk");
      }
      left--;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!next()) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("the connection ended inside a chunk");
      }
      left -= n;
      return n;
    }
  }

  /** A body of known length. */
  static final class Limited extends InputStream {
    private final InputStream in;
    private long left;

    Limited(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
