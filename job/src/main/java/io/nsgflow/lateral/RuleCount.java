package io.nsgflow.lateral;

/** A rule that allowed connections of an alert, and how many. A Flink POJO. */
public class RuleCount {

    public String nsg;
    public String rule;
    public boolean defaultRule;
    public boolean wide;
    public long connections;

    public RuleCount() {}

    RuleCount(String nsg, String rule, boolean defaultRule, boolean wide) {
        this.nsg = nsg;
        this.rule = rule;
        this.defaultRule = defaultRule;
        this.wide = wide;
    }

    boolean is(String otherNsg, String otherRule) {
        return java.util.Objects.equals(nsg, otherNsg) && java.util.Objects.equals(rule, otherRule);
    }

    @Override
    public String toString() {
        return (nsg == null ? "?" : nsg) + "/" + rule + (wide ? " (" + (defaultRule ? "default" : "network-wide") + ")" : "");
    }
}
