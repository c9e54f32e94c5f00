package com.amazonaws.ecs.mesos.master.internal;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The checks Mesos's master makes of a call before it looks at its framework ({@code validation.cpp}): the
 * type is there, the framework ID is there (but for SUBSCRIBE), the payload of the type is there, an
 * acknowledged uuid is a UUID. Each problem is the text after "Failed to validate scheduler::Call: ".
 *
 * <p>Example: a KILL without {@code kill} → {@code Expecting 'kill' to be present}.
 */
public final class CallValidation {
  public static final String PREFIX = "Failed to validate scheduler::Call: ";

  private CallValidation() {}

  /** Why the call is invalid, or empty. */
  public static Optional<String> problem(Call call) {
    if (!call.hasType()) {
      return Optional.of("Expecting 'type' to be present");
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      if (!call.hasSubscribe()) {
        return Optional.of("Expecting 'subscribe' to be present");
      }
      // Compared as Mesos compares them: an absent ID equals an empty one.
      if (!call.getFrameworkId().getValue().equals(call.getSubscribe().getFrameworkInfo().getId().getValue())) {
        return Optional.of("'framework_id' differs from 'subscribe.framework_info.id'");
      }
      return Optional.empty();
    }
    if (!call.hasFrameworkId()) {
      return Optional.of("Expecting 'framework_id' to be present");
    }
    switch (call.getType()) {
      case ACCEPT:
        return present(call.hasAccept(), "accept");
      case DECLINE:
        return present(call.hasDecline(), "decline");
      case ACCEPT_INVERSE_OFFERS:
        return present(call.hasAcceptInverseOffers(), "accept_inverse_offers");
      case DECLINE_INVERSE_OFFERS:
        return present(call.hasDeclineInverseOffers(), "decline_inverse_offers");
      case KILL:
        return present(call.hasKill(), "kill");
      case SHUTDOWN:
        return present(call.hasShutdown(), "shutdown");
      case ACKNOWLEDGE:
        if (!call.hasAcknowledge()) {
          return Optional.of("Expecting 'acknowledge' to be present");
        }
        return validUuid(call.getAcknowledge().getUuid()) ? Optional.<String>empty()
            : Optional.of("Not a valid UUID");
      case ACKNOWLEDGE_OPERATION_STATUS:
        if (!call.hasAcknowledgeOperationStatus()) {
          return Optional.of("Expecting 'acknowledge_operation_status' to be present");
        }
        if (!call.getAcknowledgeOperationStatus().hasAgentId()) {
          return Optional.of("Expecting 'agent_id' to be present");
        }
        return validUuid(call.getAcknowledgeOperationStatus().getUuid()) ? Optional.<String>empty()
            : Optional.of("Not a valid UUID");
      case RECONCILE:
        return present(call.hasReconcile(), "reconcile");
      case RECONCILE_OPERATIONS:
        return present(call.hasReconcileOperations(), "reconcile_operations");
      case MESSAGE:
        return present(call.hasMessage(), "message");
      case REQUEST:
        return present(call.hasRequest(), "request");
      case UPDATE_FRAMEWORK:
        if (!call.hasUpdateFramework()) {
          return Optional.of("Expecting 'update_framework' to be present");
        }
        if (!call.getUpdateFramework().getFrameworkInfo().getId().equals(call.getFrameworkId())) {
          return Optional.of("'framework_id' differs from 'update_framework.framework_info.id'");
        }
        return Optional.empty();
      default:
        return Optional.empty(); // TEARDOWN, REVIVE, SUPPRESS (payloads optional), UNKNOWN (501 later)
    }
  }

  private static Optional<String> present(boolean present, String field) {
    return present ? Optional.<String>empty() : Optional.of("Expecting '" + field + "' to be present");
  }

  /** 16 bytes of a UUID of a known version (1 to 5), as stout's {@code UUID::fromBytes} accepts. */
  static boolean validUuid(ByteString uuid) {
    if (uuid.size() != 16) {
      return false;
    }
    int version = (uuid.byteAt(6) & 0xF0) >> 4;
    return version >= 1 && version <= 5;
  }
}
