package com.amazonaws.ecs.local.internal.state;

/** One container port published on the host; {@code hostPort} 0 asks for a dynamic host port. */
public record PortMapping(int containerPort, int hostPort, String protocol) {
    public boolean udp() {
        return "udp".equals(protocol);
    }
}
