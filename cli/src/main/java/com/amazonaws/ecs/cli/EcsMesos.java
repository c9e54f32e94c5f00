package com.amazonaws.ecs.cli;

public final class EcsMesos {
    public static void main(String[] args) {
        System.out.println("ecs-mesos");
    }
}
