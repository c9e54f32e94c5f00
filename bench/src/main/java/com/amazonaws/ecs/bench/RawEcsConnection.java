package com.amazonaws.ecs.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that posts ECS JSON requests and reads the raw answers
 * without parsing them. It measures what ecs-local can serve: the AWS SDK's own cost of building
 * and unmarshalling large answers (its client work, not the endpoint's) is left out. Not
 * thread-safe: one per load thread.
 */
final class RawEcsConnection implements Closeable {
    private static final String TARGET = "AmazonEC2ContainerServiceV20141113.";

    /** Status code and body of one answer; the body stays bytes so the bench adds no decoding work. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Whether the body ends with {@code suffix} (ECS answers end with their failures list). */
        boolean endsWith(byte[] suffix) {
            if (body.length < suffix.length) {
                return false;
            }
            for (int i = 0; i < suffix.length; i++) {
                if (body[body.length - suffix.length + i] != suffix[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawEcsConnection(URI endpoint) throws IOException {
        this.host = endpoint.getHost() + ":" + endpoint.getPort();
        this.socket = new Socket(endpoint.getHost(), endpoint.getPort());
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    Answer call(String action, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: " + TARGET + action + "\r\nAuthorization: AWS4-HMAC-SHA256 bench\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = -1;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            }
        }
        if (length < 0) {
            throw new IOException("answer without Content-Length: " + statusLine);
        }
        byte[] answer = in.readNBytes(length);
        if (answer.length != length) {
            throw new IOException("connection closed in the middle of an answer");
        }
        return new Answer(status, answer);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed by ecs-local");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
