package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.Notifier;

/**
 * The delivery thread behind {@link JdbcWiki#notifyThroughOutbox}, not API: delivers the
 * {@link JdbcOutbox}'s notifications through a delegate {@link Notifier}, on one daemon thread: every poll interval it claims a batch, hands each event to the delegate, and
 * marks it sent, or, when the delegate throws, failed with an exponential backoff
 * ({@code base * 2^attempts}, at most {@code max}).
 *
 * <p>The delegate signals a failed delivery by throwing; it must not swallow failures (an
 * {@code EmailNotifier} that throws when the SMTP server refuses is right here). Delivery is
 * at-least-once: an event is sent twice only if the delegate succeeded and the process died
 * before {@code markSent}, or a delivery outlived the claim's lease. Several dispatchers, in one
 * process or many, can share one outbox as long as their worker ids differ: claims keep them
 * apart. A dispatcher {@linkplain #stop() stopped} mid-batch gives the rest of its batch back, so
 * any worker claims it at once; if its process dies instead, the same worker id reclaims the
 * batch at once when restarted, any other after the lease.
 *
 * <p>Thread-safe: {@link #runOnce()} calls are serialised.
 *
 * <pre>{@code
 * OutboxDispatcher mailer = OutboxDispatcher.newBuilder()
 *     .outbox(db.outbox())
 *     .delegate(emailNotifier)
 *     .pollInterval(Duration.ofSeconds(5))
 *     .build();
 * mailer.start();
 * ...
 * mailer.stop();
 * }</pre>
 */
final class OutboxDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

  private final JdbcOutbox outbox;
  private final Notifier delegate;
  private final String workerId;
  private final Duration pollInterval;
  private final int batchSize;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Duration lease;
  private final Clock clock;
  private final Object runLock = new Object();
  private final Object lifecycle = new Object();
  private volatile boolean stopping;
  private @Nullable Thread thread;

  private OutboxDispatcher(Builder b) {
    this.outbox = requireNonNull(b.outbox, "outbox is required");
    this.delegate = requireNonNull(b.delegate, "delegate is required");
    this.workerId = b.workerId;
    this.pollInterval = b.pollInterval;
    this.batchSize = b.batchSize;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.lease = b.lease;
    this.clock = b.clock == null ? outbox.clock() : b.clock;
    checkArgument(backoffMax.compareTo(backoffBase) >= 0, "backoffMax must be >= backoffBase");
  }

  /** A builder; {@code outbox} and {@code delegate} are required. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** Who delivers each event. */
  Notifier delegate() {
    return delegate;
  }

  /** This dispatcher's worker id, as written to claimed rows. */
  public String workerId() {
    return workerId;
  }

  /**
   * Claims one batch and delivers it.
   *
   * @return the number of events delivered and marked sent
   */
  public int runOnce() {
    synchronized (runLock) {
      List<OutboxEntry> batch = outbox.claim(workerId, batchSize, lease);
      int sent = 0;
      for (int i = 0; i < batch.size(); i++) {
        OutboxEntry entry = batch.get(i);
        if (stopping) {  // the rest of the batch is given back, for any worker to claim at once
          outbox.release(workerId, batch.subList(i, batch.size()).stream()
              .map(OutboxEntry::id).toList());
          break;
        }
        try {
          delegate.notify(entry.event());
        } catch (RuntimeException e) {
          Instant next = clock.instant().plus(backoff(entry.attempts()));
          LOG.debug("delivery of outbox entry {} failed", entry.id(), e);
          outbox.markFailed(entry.id(), String.valueOf(e), next);
          continue;
        }
        outbox.markSent(entry.id());
        sent++;
      }
      return sent;
    }
  }

  /** The wait after the {@code attempts + 1}-th failure: base * 2^attempts, at most max. */
  Duration backoff(int attempts) {
    Duration d = backoffBase;
    for (int i = 0; i < attempts && d.compareTo(backoffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(backoffMax) > 0 ? backoffMax : d;
  }

  /**
   * Starts polling on a new daemon thread.
   *
   * @throws IllegalStateException if already started
   */
  public void start() {
    synchronized (lifecycle) {
      checkState(thread == null, "dispatcher %s is already running", workerId);
      stopping = false;
      Thread t = new Thread(this::loop, "outbox-dispatcher-" + workerId);
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  private void loop() {
    while (!stopping) {
      try {
        int sent = runOnce();
        if (sent > 0 && !stopping) {
          continue;  // more may be waiting: poll again at once
        }
      } catch (RuntimeException e) {
        LOG.warn("outbox dispatcher {} failed to poll", workerId, e);
      }
      synchronized (lifecycle) {
        if (stopping) {
          return;
        }
        try {
          lifecycle.wait(Math.max(1, pollInterval.toMillis()));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Stops polling and waits for the delivery in progress, if any, to finish (up to 30 seconds);
   * the rest of the current batch stays claimed. A stopped dispatcher can be started again.
   */
  public void stop() {
    Thread t;
    synchronized (lifecycle) {
      stopping = true;
      lifecycle.notifyAll();
      t = thread;
      thread = null;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** True between {@link #start()} and {@link #stop()}. */
  public boolean isRunning() {
    synchronized (lifecycle) {
      return thread != null;
    }
  }

  /** Builds an {@link OutboxDispatcher}. Not thread-safe. */
  public static final class Builder {
    private @Nullable JdbcOutbox outbox;
    private @Nullable Notifier delegate;
    private String workerId = "dispatcher-" + UUID.randomUUID();
    private Duration pollInterval = Duration.ofSeconds(5);
    private int batchSize = 50;
    private Duration backoffBase = Duration.ofSeconds(30);
    private Duration backoffMax = Duration.ofHours(1);
    private Duration lease = Duration.ofMinutes(5);
    private @Nullable Clock clock;

    private Builder() {}

    /** The outbox to drain (required). */
    public Builder outbox(JdbcOutbox outbox) {
      this.outbox = requireNonNull(outbox, "outbox");
      return this;
    }

    /** Who delivers each event (required); it throws when a delivery fails. */
    public Builder delegate(Notifier delegate) {
      this.delegate = requireNonNull(delegate, "delegate");
      return this;
    }

    /** A worker id unique among running dispatchers; a random one by default. */
    public Builder workerId(String workerId) {
      requireNonNull(workerId, "workerId");
      checkArgument(!workerId.isBlank() && workerId.length() <= JdbcOutbox.MAX_WORKER_LENGTH,
          "workerId must be 1 to %s characters, not blank", JdbcOutbox.MAX_WORKER_LENGTH);
      this.workerId = workerId;
      return this;
    }

    /** How long the thread waits when the outbox had nothing to send; 5 seconds by default. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /** The most entries claimed per poll, 1 to {@link JdbcOutbox#MAX_BATCH}; 50 by default. */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize >= 1 && batchSize <= JdbcOutbox.MAX_BATCH,
          "batchSize must be between 1 and %s, was %s", JdbcOutbox.MAX_BATCH, batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** The wait after a first failed delivery, doubled after each further one; 30 s default. */
    public Builder backoffBase(Duration backoffBase) {
      this.backoffBase = positive(backoffBase, "backoffBase");
      return this;
    }

    /** The longest wait between attempts; one hour by default. */
    public Builder backoffMax(Duration backoffMax) {
      this.backoffMax = positive(backoffMax, "backoffMax");
      return this;
    }

    /** How long a claim keeps other workers off a batch; 5 minutes by default. */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** The clock for retry times; the outbox's (the wiki's) clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The dispatcher, not yet started.
     *
     * @throws NullPointerException if the outbox or delegate is missing
     * @throws IllegalArgumentException if backoffMax is below backoffBase
     */
    public OutboxDispatcher build() {
      return new OutboxDispatcher(this);
    }

    private static Duration positive(Duration d, String what) {
      requireNonNull(d, what);
      checkArgument(!d.isNegative() && !d.isZero(), "%s must be positive, was %s", what, d);
      return d;
    }
  }
}
