package io.nsgflow.aggregate;

import static io.nsgflow.aggregate.AggregateFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AggregateDocumentTest {

    private static final long T = Instant.parse("2026-11-20T11:05:42Z").toEpochMilli();

    private static FlowAggregate ruleTotals(long bytesOut) {
        FlowAggregate acc = FlowAggregates.empty();
        FlowAggregates.add(acc, FlowAggregates.rule(located(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND,
                Decision.ALLOW, FlowState.BEGIN).build(), SUBNET_DB, SUBNET_WEB)));
        FlowAggregates.add(acc, FlowAggregates.rule(located(counters(tuple(T, "10.1.1.4", "10.1.2.4", 1433,
                Direction.INBOUND, Decision.ALLOW, FlowState.END), 2L, bytesOut, 1L, 50L).build(), SUBNET_DB, SUBNET_WEB)));
        return acc;
    }

    @Test
    void aRuleAggregateHasTheEcsFieldsOfTheIssue() {
        ObjectNode doc = AggregateDocument.of(ruleTotals(100));
        assertThat(doc.at("/@timestamp").asText()).isEqualTo("2026-11-20T11:05:00Z");
        assertThat(doc.at("/rule/ruleset").asText()).isEqualTo("nsg-db");
        assertThat(doc.at("/rule/name").asText()).isEqualTo("UserRule_AllowSql");
        assertThat(doc.at("/nsgflow/aggregate/kind").asText()).isEqualTo("rule");
        assertThat(doc.at("/nsgflow/aggregate/flows").asLong()).isEqualTo(1);
        assertThat(doc.at("/nsgflow/aggregate/allowed").asLong()).isEqualTo(1);
        assertThat(doc.at("/nsgflow/aggregate/denied").asLong()).isZero();
        assertThat(doc.at("/nsgflow/aggregate/tuples").asLong()).isEqualTo(2);
        assertThat(doc.at("/network/bytes").asLong()).isEqualTo(150);
        assertThat(doc.at("/network/packets").asLong()).isEqualTo(3);
        assertThat(doc.at("/event/kind").asText()).isEqualTo("metric");
        assertThat(doc.at("/event/id").asText()).hasSize(32);
        assertThat(doc.has("source")).isFalse();
    }

    @Test
    void eastWestAndNorthSouthDocuments() {
        FlowAggregate ew = FlowAggregates.traffic(located(tuple(T, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND,
                Decision.DENY, FlowState.BEGIN).build(), SUBNET_DB, SUBNET_WEB));
        ObjectNode e = AggregateDocument.of(ew);
        assertThat(e.at("/nsgflow/aggregate/kind").asText()).isEqualTo("east_west");
        assertThat(e.at("/source/subnet").asText()).isEqualTo(SUBNET_WEB);
        assertThat(e.at("/destination/subnet").asText()).isEqualTo(SUBNET_DB);
        assertThat(e.at("/destination/port").asInt()).isEqualTo(1433);
        assertThat(e.at("/network/transport").asText()).isEqualTo("tcp");
        assertThat(e.at("/event/type/1").asText()).isEqualTo("denied");
        assertThat(e.at("/event/outcome").asText()).isEqualTo("failure");
        assertThat(e.at("/nsgflow/aggregate/denied").asLong()).isEqualTo(1);

        FlowAggregate ns = FlowAggregates.traffic(located(tuple(T, "10.1.1.4", "198.51.100.7", 53, Direction.OUTBOUND,
                Decision.ALLOW, FlowState.BEGIN).build(), SUBNET_WEB, null));
        ObjectNode n = AggregateDocument.of(ns);
        assertThat(n.at("/nsgflow/aggregate/kind").asText()).isEqualTo("north_south");
        assertThat(n.at("/nsgflow/aggregate/peer").asText()).isEqualTo("198.51.100.7");
        assertThat(n.at("/network/direction").asText()).isEqualTo("outbound");
        assertThat(n.at("/destination/port").asInt()).isEqualTo(53);
        assertThat(n.at("/event/type/1").asText()).isEqualTo("allowed");
        assertThat(n.at("/event/outcome").asText()).isEqualTo("success");
        assertThat(n.has("rule")).isFalse();
    }

    @Test
    void theIdDependsOnKeyAndWindowNotOnTheTotals() {
        FlowAggregate first = ruleTotals(100);
        FlowAggregate updated = ruleTotals(5_000);
        assertThat(updated.getBytes()).isNotEqualTo(first.getBytes());
        assertThat(AggregateDocument.id(updated)).isEqualTo(AggregateDocument.id(first));

        FlowAggregate nextMinute = FlowAggregate.newBuilder(first).setWindowStart(first.getWindowStart() + 60_000).build();
        assertThat(AggregateDocument.id(nextMinute)).isNotEqualTo(AggregateDocument.id(first));
        FlowAggregate otherRule = FlowAggregate.newBuilder(first).setRuleName("UserRule_Other").build();
        assertThat(AggregateDocument.id(otherRule)).isNotEqualTo(AggregateDocument.id(first));
    }
}
