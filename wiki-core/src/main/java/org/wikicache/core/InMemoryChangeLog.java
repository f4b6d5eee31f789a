package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeLog} held in this process's memory, for stores that keep no log of their own
 * (the caching layer uses one privately for them) and for tests. Nothing survives the process,
 * so it gives no guarantee across processes.
 *
 * <p>It compacts instead of expiring: an entry is dropped when a later one names the same
 * {@link ChangeLog.Change}, so it never holds more entries than there are distinct things that
 * changed, and a reader that replays it from any position still learns of every change after that
 * position. {@link #retention()} is therefore unbounded.
 *
 * <p>Thread-safe. Subscribers are called outside its lock.
 *
 * <pre>{@code
 * InMemoryChangeLog log = InMemoryChangeLog.create();
 * log.append(List.of(ChangeLog.Change.page(PageName.of("Main"))));
 * log.read(0, 100);
 * }</pre>
 */
public final class InMemoryChangeLog implements ChangeLog {
  /** What {@link #retention()} returns: entries are compacted, never expired. */
  public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryChangeLog.class);

  private final Clock clock;
  private final NavigableMap<Long, Entry> entries = new TreeMap<>();
  private final Map<Change, Long> latest = new HashMap<>();
  private final Map<Long, RelayState> relays = new TreeMap<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private long head;
  private long nextRelay = 1;

  private InMemoryChangeLog(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** An empty log with the system clock. */
  public static InMemoryChangeLog create() {
    return new InMemoryChangeLog(Clock.systemUTC());
  }

  /** An empty log whose entries are stamped by {@code clock}. */
  public static InMemoryChangeLog create(Clock clock) {
    return new InMemoryChangeLog(clock);
  }

  /**
   * Appends {@code changes} as one committed write, then tells the subscribers (in this thread)
   * as a store would after its commit.
   *
   * @return the new entries, in order
   */
  public List<Entry> append(Collection<Change> changes) {
    requireNonNull(changes, "changes");
    if (changes.isEmpty()) {
      return List.of();
    }
    List<Entry> appended = new ArrayList<>(changes.size());
    for (Subscriber s : subscribers) {
      call(s::writeStarting);
    }
    try {
      synchronized (this) {
        for (Change change : changes) {
          Entry entry = new Entry(++head, requireNonNull(change, "change"), clock.instant());
          Long older = latest.put(change, entry.position());
          if (older != null) {
            entries.remove(older);
          }
          entries.put(entry.position(), entry);
          appended.add(entry);
        }
      }
      for (Subscriber s : subscribers) {
        call(() -> s.committed(appended));
      }
    } finally {
      for (Subscriber s : subscribers) {
        call(s::writeEnded);
      }
    }
    long last = appended.get(appended.size() - 1).position();
    signal();  // wakes every relay before anyone waits for them
    for (Subscriber s : subscribers) {
      call(() -> s.awaitDelivered(last));
    }
    return appended;
  }

  /** Tells the subscribers that a write's outcome is unknown (as a store would). */
  public void uncertain() {
    for (Subscriber s : subscribers) {
      call(s::uncertain);
    }
  }

  @Override
  public synchronized List<Entry> read(long after, int limit) {
    checkArgument(after >= 0, "after must be >= 0, was %s", after);
    checkArgument(limit >= 1 && limit <= MAX_READ, "limit must be 1 to %s, was %s", MAX_READ,
        limit);
    List<Entry> out = new ArrayList<>(Math.min(limit, entries.size()));
    for (Entry e : entries.tailMap(after, false).values()) {
      if (out.size() == limit) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public synchronized long head() {
    return head;
  }

  @Override
  public Duration retention() {
    return FOREVER;
  }

  @Override
  public synchronized long register(String description) {
    requireNonNull(description, "description");
    long id = nextRelay++;
    relays.put(id, new RelayState(id, cut(description), 0, 0));
    return id;
  }

  @Override
  public boolean report(long relay, long position) {
    synchronized (this) {
      RelayState old = relays.get(relay);
      if (old == null) {
        return false;
      }
      relays.put(relay, new RelayState(relay, old.description(), position, old.version() + 1));
    }
    signal();
    return true;
  }

  @Override
  public synchronized List<RelayState> relays() {
    return List.copyOf(relays.values());
  }

  @Override
  public synchronized void unregister(long relay) {
    relays.remove(relay);
  }

  @Override
  public synchronized boolean unregisterIfUnchanged(long relay, long version) {
    RelayState state = relays.get(relay);
    if (state == null || state.version() != version) {
      return false;
    }
    relays.remove(relay);
    return true;
  }

  @Override
  public AutoCloseable subscribe(Subscriber subscriber) {
    requireNonNull(subscriber, "subscriber");
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** True: everything happens in this process, where every event is told at once. */
  @Override
  public boolean pushesRemoteActivity() {
    return true;
  }

  private void signal() {
    for (Subscriber s : subscribers) {
      call(s::activity);
    }
  }

  private static void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("change log subscriber failed", e);
    }
  }

  static String cut(String description) {
    return description.length() <= 200 ? description : description.substring(0, 200);
  }
}
