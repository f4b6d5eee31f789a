package org.wikicache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.User;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;

/**
 * What fault tests write and what they count (keep the revisions of a test below
 * {@link WikiStore#MAX_LIMIT}: the landing check reads them all). For each page, the newest revision whose save has
 * returned; for each user, the newest profile version whose update has returned. A read is
 * <em>stale</em> when it began after such a write returned (the floor is read first) and returns
 * something older: a page revision, a page view, a batch entry, a profile by id or by name.
 */
final class Ledger {
  final List<PageName> pages = new ArrayList<>();
  final List<User> users = new ArrayList<>();
  private final AtomicLongArray pageFloor;
  private final AtomicLongArray userFloor;
  private final AtomicLong versions = new AtomicLong();
  final AtomicLong reads = new AtomicLong();
  final AtomicLong stale = new AtomicLong();
  final AtomicLong writes = new AtomicLong();

  /** Seeds {@code pageCount} pages (revision 1) and {@code userCount} users (version 0). */
  Ledger(JdbcWiki db, String prefix, int pageCount, int userCount) {
    pageFloor = new AtomicLongArray(pageCount);
    userFloor = new AtomicLongArray(userCount);
    for (int i = 0; i < pageCount; i++) {
      PageName name = PageName.of(prefix + "/" + i);
      pages.add(name);
      db.store().save(new Edit(name, 0, "v1", "seed", ""));
      pageFloor.set(i, 1);
    }
    for (int j = 0; j < userCount; j++) {
      User user = db.users().signUp("user" + j, "password" + j, "");
      users.add(db.users().updateProfile(user.id(), new ProfileUpdate("", "", "v0")));
    }
  }

  /** Records that a save of page {@code i} returned revision {@code revision}. */
  void pageSaved(int i, long revision) {
    pageFloor.accumulateAndGet(i, revision, Math::max);
    writes.incrementAndGet();
  }

  /** Records that an update of user {@code j} to {@code version} returned. */
  void profileSaved(int j, long version) {
    userFloor.accumulateAndGet(j, version, Math::max);
    writes.incrementAndGet();
  }

  int pageIndex(PageName name) {
    return pages.indexOf(name);
  }

  /** Edits page {@code i} through {@code node}; records the revision when the save returns. */
  void edit(Node node, int i) {
    PageName name = pages.get(i);
    long base = node.db.store().get(name).orElseThrow().revision();
    try {
      long saved = node.store.save(new Edit(name, base, "by " + node + " " + System.nanoTime(),
          node.name, "")).revision().number();
      pageSaved(i, saved);
    } catch (EditConflictException lostRace) {
      // another writer saved first
    }
  }

  /** Updates user {@code j}'s profile to a new version through {@code node} (one writer each). */
  void updateProfile(Node node, int j) {
    long version = versions.incrementAndGet();
    node.users.updateProfile(users.get(j).id(), new ProfileUpdate("", "", "v" + version));
    profileSaved(j, version);
  }

  /** One random read through {@code node}, counted. */
  void readOnce(Node node) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int kind = random.nextInt(users.isEmpty() ? 4 : 6);
    switch (kind) {
      case 3 -> {
        // The landing list: with fewer than MAX_LIMIT revisions in all, it shows every one.
        long[] floors = new long[pages.size()];
        for (int i = 0; i < floors.length; i++) {
          floors[i] = pageFloor.get(i);
        }
        long[] newest = new long[pages.size()];
        for (RevisionInfo info : node.store.recentChanges(WikiStore.MAX_LIMIT)) {
          int i = pages.indexOf(info.page());
          if (i >= 0) {
            newest[i] = Math.max(newest[i], info.number());
          }
        }
        boolean old = false;
        for (int i = 0; i < floors.length; i++) {
          old |= newest[i] < floors[i];
        }
        check(old);
      }
      case 0 -> {
        int i = random.nextInt(pages.size());
        long floor = pageFloor.get(i);
        check(node.store.get(pages.get(i)).orElseThrow().revision() < floor);
      }
      case 1 -> {
        int i = random.nextInt(pages.size());
        long floor = pageFloor.get(i);
        check(node.views.view(pages.get(i)).orElseThrow().page().revision() < floor);
      }
      case 2 -> {
        int from = random.nextInt(Math.max(1, pages.size() - 5));
        List<PageName> some = pages.subList(from, Math.min(pages.size(), from + 5));
        long[] floors = new long[some.size()];
        for (int k = 0; k < some.size(); k++) {
          floors[k] = pageFloor.get(from + k);
        }
        Map<PageName, Page> batch = node.store.getAll(some);
        for (int k = 0; k < some.size(); k++) {
          check(batch.get(some.get(k)).revision() < floors[k]);
        }
      }
      case 4 -> {
        int j = random.nextInt(users.size());
        long floor = userFloor.get(j);
        check(version(node.users.findById(users.get(j).id())) < floor);
      }
      default -> {
        int j = random.nextInt(users.size());
        long floor = userFloor.get(j);
        String name = users.get(j).username();
        check(version(node.users.findByName(random.nextBoolean() ? name : name.toUpperCase()))
            < floor);
      }
    }
  }

  private static long version(Optional<User> user) {
    return Long.parseLong(user.orElseThrow().bio().substring(1));
  }

  private void check(boolean isStale) {
    reads.incrementAndGet();
    if (isStale) {
      stale.incrementAndGet();
    }
  }

  /** Reads through {@code node} until {@code deadline} (System.nanoTime). */
  void readUntil(Node node, long deadline) {
    while (System.nanoTime() < deadline) {
      readOnce(node);
    }
  }

  static long deadlineIn(Duration d) {
    return System.nanoTime() + d.toNanos();
  }

  @Override
  public String toString() {
    return reads.get() + " reads, " + stale.get() + " stale, " + writes.get() + " writes";
  }
}
