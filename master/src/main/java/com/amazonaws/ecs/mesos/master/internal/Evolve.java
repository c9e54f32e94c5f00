package com.amazonaws.ecs.mesos.master.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * Converts between the V0 messages the driver core speaks ({@code org.apache.mesos.Protos}) and the V1 ones
 * of the HTTP API ({@code org.apache.mesos.v1.Protos}), as Mesos's own {@code evolve()} does: by their
 * bytes. Field numbers are equal in both; only names differ ({@code slave_id} / {@code agent_id},
 * {@code SOURCE_SLAVE} / {@code SOURCE_AGENT}, {@code REASON_SLAVE_*} / {@code REASON_AGENT_*}).
 *
 * <p>Example: {@code Evolve.to(org.apache.mesos.v1.Protos.TaskStatus.newBuilder(), v0Status)}.
 */
public final class Evolve {
  private Evolve() {}

  /** {@code from}'s bytes read as {@code into}'s type (required fields are not checked: both sides match). */
  @SuppressWarnings("unchecked")
  public static <M extends Message> M to(Message.Builder into, Message from) {
    try {
      return (M) into.mergeFrom(from.toByteString()).buildPartial();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot convert " + from.getDescriptorForType().getFullName() + " to "
          + into.getDescriptorForType().getFullName(), e);
    }
  }
}
