package com.amazonaws.ecs.cli;

import java.io.Console;

/** Whether output goes to a terminal, for the commands that redraw a live view in place. */
public final class Terminal {
    private Terminal() {
    }

    /** stdout is a terminal: Java 22+ can tell even when stdin is not; Java 17 needs both. */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
