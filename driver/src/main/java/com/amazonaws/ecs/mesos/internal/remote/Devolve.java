package com.amazonaws.ecs.mesos.internal.remote;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;

/**
 * Mesos's V0 ({@code org.apache.mesos.Protos}) and V1 ({@code org.apache.mesos.v1.Protos}) messages are the
 * same on the wire (V1 renamed fields, never renumbered them: {@code slave_id} is {@code agent_id}), so one
 * becomes the other through its bytes, with every field, unknown ones included.
 */
final class Devolve {
  private Devolve() {}

  @SuppressWarnings("unchecked")
  static <T extends Message> T to(Message.Builder into, MessageLite from) {
    try {
      return (T) into.mergeFrom(from.toByteString()).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Cannot read a " + from.getClass().getSimpleName() + " as "
          + into.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
    }
  }
}
