package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.Notifier;
import org.wikicache.core.WikiEvent;

/**
 * A notifier that hands events to another on one background thread, through a bounded queue: the
 * caller (an edit, a sign-up) never waits for mail. When the queue is full the event is dropped
 * and logged. Used only without a database; with one, the durable outbox does this job.
 *
 * <pre>{@code
 * Notifier mail = new QueuedNotifier(emailNotifier, 100);
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class QueuedNotifier implements Notifier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedNotifier.class);

  private final Notifier delegate;
  private final ThreadPoolExecutor executor;

  QueuedNotifier(Notifier delegate, int capacity) {
    checkArgument(capacity >= 1, "capacity must be at least 1");
    this.delegate = requireNonNull(delegate, "delegate");
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(capacity), task -> {
          Thread t = new Thread(task, "wiki-mail");
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void notify(WikiEvent event) {
    try {
      executor.execute(() -> {
        try {
          delegate.notify(event);
        } catch (RuntimeException e) {
          LOG.warn("mail for {} failed: {}", event.getClass().getSimpleName(), e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.warn("mail queue full or closed; {} not mailed", event.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
