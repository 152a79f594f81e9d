package io.nsgflow.policy.synthetic;

/**
 * Size of a generated policy. {@code rules} is the total of user rules over all NSGs; NSGs get
 * uneven shares (some empty, some above 64 rules so multi-word bit sets are exercised).
 */
public record PolicyShape(int vnets, int subnetsPerVnet, int nsgs, int rules, int nics, int asgs, int serviceTags,
        int serviceTagPrefixes, boolean ipv6) {

    public PolicyShape {
        if (vnets < 1 || vnets > 250 || subnetsPerVnet < 1 || subnetsPerVnet > 250 || nsgs < 1 || nics < 1) {
            throw new IllegalArgumentException("vnets and subnetsPerVnet must be 1..250, nsgs and nics at least 1");
        }
        if (nics > vnets * subnetsPerVnet * 240) {
            throw new IllegalArgumentException("too many NICs for " + vnets * subnetsPerVnet + " subnets");
        }
    }

    /** A small adversarial policy, for differential tests. */
    public static PolicyShape small() {
        return new PolicyShape(3, 3, 6, 160, 24, 6, 4, 40, true);
    }

    /** The enterprise size of the benchmark: 200 NSGs, 10,000 rules, 20,000 NICs, 500 ASGs, 5,000 tag prefixes. */
    public static PolicyShape enterprise() {
        return new PolicyShape(20, 50, 200, 10_000, 20_000, 500, 60, 5_000, true);
    }
}
