package com.amazonaws.ecs.local.internal.state;

/** Builds and reads the ARNs of one account and region, in the long ARN format ECS uses today. */
public final class Arns {
    private final String region;
    private final String account;

    public Arns(String region, String account) {
        this.region = region;
        this.account = account;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    private String prefix() {
        return "arn:aws:ecs:" + region + ":" + account + ":";
    }

    public String cluster(String name) {
        return prefix() + "cluster/" + name;
    }

    public String containerInstance(String cluster, String id) {
        return prefix() + "container-instance/" + cluster + "/" + id;
    }

    public String task(String cluster, String id) {
        return prefix() + "task/" + cluster + "/" + id;
    }

    public String container(String cluster, String taskId, String id) {
        return prefix() + "container/" + cluster + "/" + taskId + "/" + id;
    }

    /** The ARN a failure reports for a container instance named by ID or ARN (ARNs are echoed). */
    public String containerInstanceOf(String cluster, String idOrArn) {
        return idOrArn.startsWith("arn:") ? idOrArn : containerInstance(cluster, idOrArn);
    }

    /** The ARN a failure reports for a task named by ID or ARN (ARNs are echoed). */
    public String taskOf(String cluster, String idOrArn) {
        return idOrArn.startsWith("arn:") ? idOrArn : task(cluster, idOrArn);
    }

    public String taskDefinition(String family, int revision) {
        return prefix() + "task-definition/" + family + ":" + revision;
    }

    /** The cluster name from a name or a cluster ARN; {@code default} when absent. */
    public static String clusterName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return "default";
        }
        if (nameOrArn.startsWith("arn:")) {
            int slash = nameOrArn.indexOf(":cluster/");
            return slash < 0 ? nameOrArn : nameOrArn.substring(slash + ":cluster/".length());
        }
        return nameOrArn;
    }

    /** The last path segment of an ARN (the resource ID), or the input itself when it is an ID. */
    public static String lastSegment(String idOrArn) {
        int slash = idOrArn.lastIndexOf('/');
        return slash < 0 ? idOrArn : idOrArn.substring(slash + 1);
    }

    /**
     * The cluster named inside a long-format task or container-instance ARN, or null when the
     * input is a bare ID or a short-format ARN.
     */
    public static String clusterInArn(String arn) {
        if (!arn.startsWith("arn:")) {
            return null;
        }
        // kind/cluster/id: found with indexOf, as this runs for every task of every DescribeTasks.
        int first = arn.indexOf('/', arn.lastIndexOf(':') + 1);
        int second = first < 0 ? -1 : arn.indexOf('/', first + 1);
        if (second < 0 || arn.indexOf('/', second + 1) >= 0) {
            return null;
        }
        return arn.substring(first + 1, second);
    }
}
