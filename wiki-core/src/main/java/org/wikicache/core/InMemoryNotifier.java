package org.wikicache.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Notifier} that remembers every event, for tests. Thread-safe. */
public final class InMemoryNotifier implements Notifier {
  private final List<WikiEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void notify(WikiEvent event) {
    events.add(event);
  }

  /** Every event received so far, oldest first (a snapshot). */
  public List<WikiEvent> events() {
    return List.copyOf(events);
  }

  /** Forgets every event received. */
  public void clear() {
    events.clear();
  }
}
