package com.amazonaws.ecs.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --rate-limits}: no throttling, or ECS's token buckets. */
enum RateLimitMode {
    OFF, ECS;

    /** Lower case, as the option is written on the command line. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code off} or {@code ecs} (any case) and names both when given anything else. */
    static final class Converter implements ITypeConverter<RateLimitMode> {
        @Override
        public RateLimitMode convert(String value) {
            for (RateLimitMode mode : values()) {
                if (mode.toString().equalsIgnoreCase(value.strip())) {
                    return mode;
                }
            }
            throw new TypeConversionException("expected off or ecs but was '" + value + "'");
        }
    }
}
