package org.wikicache.testing;

import org.wikicache.core.InMemorySessionStore;
import org.wikicache.core.SessionStore;

/** The session contract on the reference implementation. */
class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore createStore(MutableClock clock) {
    return new InMemorySessionStore(clock);
  }
}
