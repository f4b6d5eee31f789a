/**
 * Benchmarks of wikicache, not shipped: JMH benchmarks that put a page view from the database
 * beside the same view from the cache and beside raw baselines (Caffeine, Xmemcached, JDBC), the
 * {@link org.wikicache.benchmarks.Report} that turns a JMH JSON result into the ratios that
 * matter (with intervals), and the {@link org.wikicache.benchmarks.HitRateSimulator} that replays
 * users' access traces or synthetic workloads through exact LRU, Belady's optimum, the in-memory
 * client and a real memcached ({@link org.wikicache.benchmarks.TraceGenerator} writes a
 * real-looking one).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar} or
 * {@code benchmarks/scripts/run-benchmarks.sh}. See {@code benchmarks/RESULTS.md}.
 */
@NullMarked
package org.wikicache.benchmarks;

import org.jspecify.annotations.NullMarked;
