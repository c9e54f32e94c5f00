package com.amazonaws.ecs.mesos.internal.translate;

import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkInterface;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The private IP of a task with its own network interface (awsvpc: every Fargate task), as ECS reports it once
 * the interface is attached, and the {@code ContainerStatus} that tells the framework, as a Mesos agent reports
 * a container's IP in {@code container_status.network_infos}.
 */
public final class TaskAddresses {
  private TaskAddresses() {}

  /** The task's private IPv4 address, or null while ECS has none (or the task shares its host's network). */
  public static String privateIp(Task task) {
    if (task.hasAttachments()) {
      for (Attachment a : task.attachments()) {
        if (!"ElasticNetworkInterface".equals(a.type()) || !a.hasDetails()) {
          continue;
        }
        for (KeyValuePair d : a.details()) {
          if ("privateIPv4Address".equals(d.name()) && d.value() != null && !d.value().isEmpty()) {
            return d.value();
          }
        }
      }
    }
    if (task.hasContainers()) {
      for (Container c : task.containers()) {
        if (c.hasNetworkInterfaces()) {
          for (NetworkInterface n : c.networkInterfaces()) {
            if (n.privateIpv4Address() != null && !n.privateIpv4Address().isEmpty()) {
              return n.privateIpv4Address();
            }
          }
        }
      }
    }
    return null;
  }

  /** {@code container_status.network_infos[0].ip_addresses[0]} = the IP, IPv4. */
  public static Protos.ContainerStatus containerStatus(String ip) {
    return Protos.ContainerStatus.newBuilder().addNetworkInfos(Protos.NetworkInfo.newBuilder().addIpAddresses(
        Protos.NetworkInfo.IPAddress.newBuilder().setIpAddress(ip)
            .setProtocol(Protos.NetworkInfo.Protocol.IPv4))).build();
  }
}
