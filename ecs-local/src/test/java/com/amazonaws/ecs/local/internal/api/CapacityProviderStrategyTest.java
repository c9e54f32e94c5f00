package com.amazonaws.ecs.local.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.StrategyItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a strategy splits the tasks of one RunTask: bases first, then by weight. */
class CapacityProviderStrategyTest {

    /** {@code "FARGATE:1:2,FARGATE_SPOT:3:0"}: provider:weight:base. */
    private static List<StrategyItem> items(String spec) {
        List<StrategyItem> out = new ArrayList<>();
        for (String i : spec.split(",")) {
            String[] p = i.split(":");
            out.add(new StrategyItem(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2])));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} x{1}: {2} FARGATE, {3} FARGATE_SPOT")
    @CsvSource(delimiter = '|', value = {
        "FARGATE:1:0                      | 3  | 3 | 0",
        "FARGATE:1:0,FARGATE_SPOT:1:0     | 10 | 5 | 5",
        "FARGATE:1:2,FARGATE_SPOT:3:0     | 10 | 4 | 6",
        "FARGATE:1:1,FARGATE_SPOT:3:0     | 5  | 2 | 3",
        "FARGATE:0:2,FARGATE_SPOT:1:0     | 1  | 1 | 0",
        "FARGATE:0:2,FARGATE_SPOT:1:0     | 5  | 2 | 3",
        "FARGATE_SPOT:0:0                 | 2  | 0 | 2",
        "FARGATE:0:0,FARGATE_SPOT:0:0     | 4  | 2 | 2",
    })
    void splitsByBaseThenWeight(String spec, int count, int onDemand, int spot) {
        List<String> split = CapacityProviderStrategy.split(items(spec), count, new Cluster("c", "arn:c", 1));
        assertThat(split).hasSize(count);
        assertThat(Collections.frequency(split, "FARGATE")).isEqualTo(onDemand);
        assertThat(Collections.frequency(split, "FARGATE_SPOT")).isEqualTo(spot);
    }
}
