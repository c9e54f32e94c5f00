package com.amazonaws.ecs.mesos.master.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Mesos's RecordIO framing of an event stream: the payload's length in bytes as ASCII decimal digits, a
 * {@code \n}, the payload. Nothing else: no {@code \r}, no spaces, no newline after the payload (clients
 * such as mesos-rxjava parse the next length right after it).
 *
 * <p>Example: {@code {"type":"HEARTBEAT"}} is the record {@code 20\n{"type":"HEARTBEAT"}}.
 */
public final class RecordIo {
  private RecordIo() {}

  /** One record holding {@code payload}, ready to be written as one HTTP chunk. */
  public static ByteBuffer record(byte[] payload) {
    if (payload.length == 0) {
      throw new IllegalArgumentException("a record is never empty");
    }
    byte[] length = (payload.length + "\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(length.length + payload.length);
    out.put(length).put(payload);
    out.flip();
    return out;
  }
}
