package com.amazonaws.ecs.mesos.internal.loop;

import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import com.amazonaws.ecs.mesos.internal.translate.OfferResources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.mesos.Protos;

/**
 * The framework as the loop knows it now: its FrameworkInfo (which {@code updateFramework} replaces) and its
 * ID (assigned at registration when the framework had none). Loop-confined.
 */
public final class FrameworkState {
  private Protos.FrameworkInfo info;
  private Protos.FrameworkID id;

  public FrameworkState(Protos.FrameworkInfo info) {
    this.info = info;
    this.id = info.hasId() && !info.getId().getValue().isEmpty() ? info.getId() : null;
  }

  public Protos.FrameworkInfo info() {
    return info;
  }

  /** Replaces the FrameworkInfo; the ID never changes once assigned. */
  public void update(Protos.FrameworkInfo newInfo) {
    Protos.FrameworkInfo.Builder b = newInfo.toBuilder();
    if (id != null) {
      b.setId(id);
    }
    this.info = b.build();
  }

  /** How logs name the framework: its ID once it has one, else its name (a master serves many). */
  public String logName() {
    Protos.FrameworkID id = id();
    return id != null && !id.getValue().isEmpty() ? id.getValue() : "'" + info().getName() + "'";
  }

  /** Null until registered (unless the framework brought its own). */
  public Protos.FrameworkID id() {
    return id;
  }

  public void assignId(Protos.FrameworkID assigned) {
    this.id = assigned;
    this.info = info.toBuilder().setId(assigned).build();
  }

  public String startedBy() {
    return FrameworkTags.startedBy(id.getValue());
  }

  public boolean has(Protos.FrameworkInfo.Capability.Type capability) {
    for (Protos.FrameworkInfo.Capability c : info.getCapabilitiesList()) {
      if (c.getType() == capability) {
        return true;
      }
    }
    return false;
  }

  public boolean partitionAware() {
    return has(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE);
  }

  /** The framework's roles: {@code roles} for MULTI_ROLE frameworks, else {@code role} (default "*"). */
  public List<String> roles() {
    if (has(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE) && info.getRolesCount() > 0) {
      return Collections.unmodifiableList(new ArrayList<>(info.getRolesList()));
    }
    String role = info.hasRole() && !info.getRole().isEmpty() ? info.getRole() : OfferResources.DEFAULT_ROLE;
    return Collections.singletonList(role);
  }
}
