package org.wikicache.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link PostgresReplica} for the tests of one class: started before the first (and before the
 * class's {@code @BeforeAll} methods), stopped after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresReplicaExtension REPLICA = new PostgresReplicaExtension(Duration.ofSeconds(1));
 *
 * REPLICA.get().awaitCaughtUp(Duration.ofSeconds(30));
 * }</pre>
 */
public final class PostgresReplicaExtension implements BeforeAllCallback, AfterAllCallback {
  private final Duration applyDelay;
  private volatile @Nullable PostgresReplica replica;

  /** @param applyDelay how late the replica applies each commit */
  public PostgresReplicaExtension(Duration applyDelay) {
    this.applyDelay = requireNonNull(applyDelay, "applyDelay");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    replica = PostgresReplica.start(applyDelay);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    PostgresReplica r = replica;
    replica = null;
    if (r != null) {
      r.close();
    }
  }

  /**
   * The running replica.
   *
   * @throws IllegalStateException outside the tests of the class that registered this extension
   */
  public PostgresReplica get() {
    PostgresReplica r = replica;
    if (r == null) {
      throw new IllegalStateException("the replica runs only during the tests of its class");
    }
    return r;
  }
}
