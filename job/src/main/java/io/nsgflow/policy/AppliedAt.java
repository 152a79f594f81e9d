package io.nsgflow.policy;

/** Where an NSG was applied for a flow. */
public enum AppliedAt { SUBNET, NIC }
