package org.wikicache.email;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.Notifier;
import org.wikicache.core.WikiEvent;

/**
 * A {@link Notifier} that collects events and mails each recipient one digest per interval
 * instead of one mail per event, through an {@link EmailNotifier}'s server, sender and recipients.
 *
 * <p>{@link #notify} only resolves the recipients (the admins at that moment, plus the extra
 * recipients) and queues the event for each of them; it sends nothing. {@link #flush} — run
 * every {@code interval} on a scheduler, and callable directly — mails each recipient with
 * queued events one digest listing them, oldest first. A recipient whose mail fails keeps its
 * events for the next flush; the others are not held back. Each recipient's queue is bounded
 * ({@link Builder#maxQueuedPerRecipient}); on overflow the oldest events are dropped and the
 * digest says how many.
 *
 * <p>What it gives up: the queues live in memory, so events not yet flushed are lost if the
 * process dies (the durable outbox in front of it only guarantees that {@code notify} was
 * called). Give the {@link EmailNotifier} itself to the outbox when every event must arrive.
 *
 * <p>Thread-safe: {@code notify} takes a short lock and never waits for mail; flushes run one at
 * a time.
 *
 * <pre>{@code
 * DigestingNotifier digest = DigestingNotifier.newBuilder(emailNotifier)
 *     .interval(Duration.ofHours(1)).build();
 * db.notifyThroughOutbox(digest);   // db is the JdbcWiki
 * ...
 * digest.close();   // flushes what is left
 * }</pre>
 */
public final class DigestingNotifier implements Notifier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DigestingNotifier.class);

  private record Queued(long seq, WikiEvent event) {}

  private static final class Queue {
    final InternetAddress address;
    final Deque<Queued> events = new ArrayDeque<>();
    long dropped;

    Queue(InternetAddress address) {
      this.address = address;
    }
  }

  private final EmailNotifier mailer;
  private final int maxQueued;
  private final Object lock = new Object();
  private final Map<String, Queue> queues = new LinkedHashMap<>();
  private final ReentrantLock flushLock = new ReentrantLock();
  private final @Nullable ScheduledExecutorService ownScheduler;
  private final @Nullable ScheduledFuture<?> schedule;
  private long nextSeq = 1;
  private boolean closed;

  private DigestingNotifier(Builder b) {
    this.mailer = b.mailer;
    this.maxQueued = b.maxQueued;
    if (b.manual) {
      this.ownScheduler = null;
      this.schedule = null;
    } else {
      ScheduledExecutorService scheduler = b.scheduler;
      if (scheduler == null) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "wikicache-mail-digest");
          t.setDaemon(true);
          return t;
        });
        this.ownScheduler = scheduler;
      } else {
        this.ownScheduler = null;
      }
      long millis = b.interval.toMillis();
      this.schedule = scheduler.scheduleWithFixedDelay(
          this::scheduledFlush, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** A builder of a digest that mails through {@code mailer}. */
  public static Builder newBuilder(EmailNotifier mailer) {
    return new Builder(mailer);
  }

  /**
   * Queues {@code event} for every current recipient.
   *
   * @throws NotificationFailedException if the admins cannot be listed (nothing is queued)
   * @throws IllegalStateException if this notifier was closed
   */
  @Override
  public void notify(WikiEvent event) {
    requireNonNull(event, "event");
    List<InternetAddress> recipients = mailer.resolveRecipients();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("digest notifier is closed");
      }
      long seq = nextSeq++;
      for (InternetAddress address : recipients) {
        Queue q = queues.computeIfAbsent(address.getAddress().toLowerCase(Locale.ROOT),
            k -> new Queue(address));
        q.events.addLast(new Queued(seq, event));
        while (q.events.size() > maxQueued) {
          q.events.removeFirst();
          q.dropped++;
        }
      }
    }
  }

  /**
   * Mails every recipient with queued events one digest, now, and forgets the events mailed.
   * Recipients whose mail fails keep their events for the next flush.
   *
   * @return the number of digests sent
   * @throws NotificationFailedException if any digest could not be sent (after trying all)
   */
  public int flush() {
    flushLock.lock();
    try {
      record Batch(Queue queue, List<WikiEvent> events, long lastSeq, long dropped) {}
      List<Batch> batches = new ArrayList<>();
      synchronized (lock) {
        for (Queue q : queues.values()) {
          if (!q.events.isEmpty()) {
            batches.add(new Batch(q, q.events.stream().map(Queued::event).toList(),
                q.events.getLast().seq(), q.dropped));
          }
        }
      }
      int sent = 0;
      NotificationFailedException failure = null;
      for (Batch b : batches) {
        MailText.Mail mail = MailText.digest(b.events(), b.dropped(), mailer.clock().instant(),
            mailer.subjectPrefix(), mailer.baseUrl());
        try {
          mailer.send(List.of(b.queue().address), mail);
          sent++;
        } catch (NotificationFailedException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
          continue;
        }
        synchronized (lock) {
          Deque<Queued> events = b.queue().events;
          while (!events.isEmpty() && events.getFirst().seq() <= b.lastSeq()) {
            events.removeFirst();
          }
          b.queue().dropped -= b.dropped();
        }
      }
      synchronized (lock) {
        queues.values().removeIf(q -> q.events.isEmpty() && q.dropped == 0);
      }
      if (failure != null) {
        throw failure;
      }
      return sent;
    } finally {
      flushLock.unlock();
    }
  }

  /** The number of events queued for {@code address} (case-insensitive), for monitoring. */
  public int queued(String address) {
    synchronized (lock) {
      Queue q = queues.get(address.toLowerCase(Locale.ROOT));
      return q == null ? 0 : q.events.size();
    }
  }

  /**
   * Stops the scheduled flushes and flushes what is queued once more (a failure is logged).
   * Later {@link #notify} calls throw {@link IllegalStateException}. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (schedule != null) {
      schedule.cancel(false);
    }
    if (ownScheduler != null) {
      ownScheduler.shutdown();
    }
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("final digest flush failed; queued events are lost", e);
    }
  }

  private void scheduledFlush() {
    try {
      flush();
    } catch (RuntimeException e) {  // a thrown exception would cancel the schedule
      LOG.warn("digest flush failed; will retry next interval: {}", e.getMessage());
    }
  }

  /**
   * Configures a {@link DigestingNotifier}. Not thread-safe; each setter validates its argument.
   *
   * <pre>{@code
   * DigestingNotifier d = DigestingNotifier.newBuilder(mail).interval(Duration.ofMinutes(30))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final EmailNotifier mailer;
    private Duration interval = Duration.ofHours(1);
    private int maxQueued = 1000;
    private @Nullable ScheduledExecutorService scheduler;
    private boolean manual;

    private Builder(EmailNotifier mailer) {
      this.mailer = requireNonNull(mailer, "mailer");
    }

    /**
     * How often to flush; default one hour.
     *
     * @throws IllegalArgumentException if shorter than 10 ms or longer than 7 days
     */
    public Builder interval(Duration interval) {
      requireNonNull(interval, "interval");
      checkArgument(interval.compareTo(Duration.ofMillis(10)) >= 0
          && interval.compareTo(Duration.ofDays(7)) <= 0,
          "interval must be 10 ms to 7 days, was %s", interval);
      this.interval = interval;
      return this;
    }

    /**
     * The most events kept per recipient; older ones are dropped first. Default 1000.
     *
     * @throws IllegalArgumentException if not 1..100000
     */
    public Builder maxQueuedPerRecipient(int max) {
      checkArgument(max >= 1 && max <= 100_000, "max must be 1..100000, was %s", max);
      this.maxQueued = max;
      return this;
    }

    /**
     * Runs the periodic flush on {@code scheduler} (which the caller owns and shuts down) instead
     * of on a daemon thread of its own.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = requireNonNull(scheduler, "scheduler");
      this.manual = false;
      return this;
    }

    /** Schedules nothing: the caller calls {@link DigestingNotifier#flush} (tests, cron jobs). */
    public Builder manualFlush() {
      this.manual = true;
      this.scheduler = null;
      return this;
    }

    /** The notifier; its periodic flush starts now unless {@link #manualFlush()} was chosen. */
    public DigestingNotifier build() {
      return new DigestingNotifier(this);
    }
  }
}
