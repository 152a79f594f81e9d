/** JMH benchmarks of nsgflow's hot paths; see BENCHMARKS.md for how to run them. */
package io.nsgflow.bench;
