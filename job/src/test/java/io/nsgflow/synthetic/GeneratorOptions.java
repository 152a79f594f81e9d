package io.nsgflow.synthetic;

/**
 * Volume and planted content of a generated run.
 *
 * @param minutes               length of the run
 * @param connectionsPerMinute  normal connections begun per minute (each gives one or more tuples per NSG that sees it)
 * @param unexpectedAllows      planted flows logged as allowed where the policy denies
 * @param unexpectedDenies      planted flows logged as denied where the policy allows
 * @param unknownRules          planted flows logged with a rule the logging NSG does not have
 * @param ruleMismatches        planted flows logged with an existing rule of the NSG that is not the deciding one
 * @param malformed             documents or tuples the decoder must reject (one rejection each)
 * @param carriedConnections    long connections begun before the v2 change that v2 would deny (their C/E tuples after the change are no drift)
 */
public record GeneratorOptions(int minutes, int connectionsPerMinute, int unexpectedAllows, int unexpectedDenies,
        int unknownRules, int ruleMismatches, int malformed, int carriedConnections) {

    public GeneratorOptions {
        positive("minutes", minutes, 1);
        positive("connectionsPerMinute", connectionsPerMinute, 0);
        positive("unexpectedAllows", unexpectedAllows, 0);
        positive("unexpectedDenies", unexpectedDenies, 0);
        positive("unknownRules", unknownRules, 0);
        positive("ruleMismatches", ruleMismatches, 0);
        positive("malformed", malformed, 0);
        positive("carriedConnections", carriedConnections, 0);
    }

    /** 60 minutes, 300 connections per minute, 2 of each drift type, 3 malformed inputs, 3 carried connections. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(60, 300, 2, 2, 2, 2, 3, 3);
    }

    public GeneratorOptions withMinutes(int m) {
        return new GeneratorOptions(m, connectionsPerMinute, unexpectedAllows, unexpectedDenies, unknownRules,
                ruleMismatches, malformed, carriedConnections);
    }

    public GeneratorOptions withConnectionsPerMinute(int c) {
        return new GeneratorOptions(minutes, c, unexpectedAllows, unexpectedDenies, unknownRules, ruleMismatches,
                malformed, carriedConnections);
    }

    /** The same count of every drift type. */
    public GeneratorOptions withDriftPerType(int n) {
        return new GeneratorOptions(minutes, connectionsPerMinute, n, n, n, n, malformed, carriedConnections);
    }

    public GeneratorOptions withMalformed(int n) {
        return new GeneratorOptions(minutes, connectionsPerMinute, unexpectedAllows, unexpectedDenies, unknownRules,
                ruleMismatches, n, carriedConnections);
    }

    public GeneratorOptions withCarriedConnections(int n) {
        return new GeneratorOptions(minutes, connectionsPerMinute, unexpectedAllows, unexpectedDenies, unknownRules,
                ruleMismatches, malformed, n);
    }

    private static void positive(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }
}
