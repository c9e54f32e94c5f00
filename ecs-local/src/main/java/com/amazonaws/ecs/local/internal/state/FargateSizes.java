package com.amazonaws.ecs.local.internal.state;

/**
 * The task sizes Fargate runs: CPU units and the memory (MiB) each allows. Pure.
 *
 * <pre>
 * 256   → 512, 1024, 2048
 * 512   → 1024 to 4096 in steps of 1024
 * 1024  → 2048 to 8192 in steps of 1024
 * 2048  → 4096 to 16384 in steps of 1024
 * 4096  → 8192 to 30720 in steps of 1024
 * 8192  → 16384 to 61440 in steps of 4096
 * 16384 → 32768 to 122880 in steps of 8192
 * </pre>
 */
public final class FargateSizes {
    private FargateSizes() {}

    public static boolean valid(int cpu, int memory) {
        return switch (cpu) {
            case 256 -> memory == 512 || memory == 1024 || memory == 2048;
            case 512 -> inSteps(memory, 1024, 4096, 1024);
            case 1024 -> inSteps(memory, 2048, 8192, 1024);
            case 2048 -> inSteps(memory, 4096, 16384, 1024);
            case 4096 -> inSteps(memory, 8192, 30720, 1024);
            case 8192 -> inSteps(memory, 16384, 61440, 4096);
            case 16384 -> inSteps(memory, 32768, 122880, 8192);
            default -> false;
        };
    }

    private static boolean inSteps(int memory, int min, int max, int step) {
        return memory >= min && memory <= max && (memory - min) % step == 0;
    }

    /** ECS's ClientException message for a size Fargate does not run. */
    public static String invalidMessage(int cpu, int memory) {
        return "No Fargate configuration exists for given values: " + cpu + " CPU, " + memory + " memory. "
                + "See the Amazon ECS documentation for the valid values.";
    }
}
