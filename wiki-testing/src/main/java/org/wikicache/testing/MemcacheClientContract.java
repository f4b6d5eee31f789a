package org.wikicache.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CasValue;
import org.wikicache.memcache.CacheStats;

/**
 * The behaviour every {@link MemcacheClient} shares with a real memcached 1.6 server, written
 * once. Subclass it per implementation: {@link #newClient()} returns an empty cache (or one this
 * contract may {@code flushAll}), {@link #advanceTime(Duration)} moves the implementation's clock
 * (a fake ticker, or a real sleep for a server).
 *
 * <p>Shipped in wiki-testing so that users' own clients and decorators can run it too.
 */
public abstract class MemcacheClientContract {

  /** 1 MiB, memcached's default item size limit ({@code -I 1m}). */
  protected static final int ITEM_SIZE_MAX = 1 << 20;

  /** Bytes memcached 1.6 adds to value + key for an item with flags 0. */
  protected static final int ITEM_OVERHEAD = 59;

  private static final Duration HOUR = Duration.ofHours(1);

  /** The client under test, opened and flushed before each test, closed after it. */
  protected MemcacheClient cache;

  private String prefix;

  /** Returns a client whose server or store this test may flush. */
  protected abstract MemcacheClient newClient();

  /** Moves the client's clock forward by at least {@code duration}. */
  protected abstract void advanceTime(Duration duration);

  /**
   * {@link #advanceTime} for a client on the real clock (a memcached server): sleeps.
   *
   * @param duration how long
   */
  protected static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The item size limit the client under test is configured with (memcached's {@code -I}, the
   * in-memory client's {@code maxValueBytes}): the largest item, value plus key plus
   * {@value #ITEM_OVERHEAD} bytes, it stores. {@value #ITEM_SIZE_MAX} unless overridden.
   */
  protected int itemSizeMax() {
    return ITEM_SIZE_MAX;
  }

  /** Increments per thread in {@link #concurrentIncrementsAreAtomic()} (16 threads). */
  protected int incrementsPerThread() {
    return 10_000;
  }

  @BeforeEach
  void openClient(TestInfo info) {
    cache = newClient();
    cache.flushAll();
    prefix = info.getTestMethod().orElseThrow().getName() + ":";
  }

  @AfterEach
  void closeClient() {
    if (cache != null) {
      cache.close();
    }
  }

  /** A key unique to this test method: {@code "<method>:<name>"}. */
  protected String key(String name) {
    return prefix + name;
  }

  /** The UTF-8 bytes of {@code s}. */
  protected static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }

  // ---- storage commands --------------------------------------------------------------------

  @Test
  void addStoresOnlyIfAbsent() {
    assertThat(cache.add(key("a"), bytes("one"), HOUR)).isTrue();
    assertThat(cache.add(key("a"), bytes("two"), HOUR)).isFalse();
    assertThat(text(cache.get(key("a")))).isEqualTo("one");
    assertThat(cache.delete(key("a"))).isTrue();
    assertThat(cache.add(key("a"), bytes("three"), HOUR)).isTrue();
    assertThat(text(cache.get(key("a")))).isEqualTo("three");
  }

  @Test
  void setStoresAlways() {
    assertThat(cache.set(key("s"), bytes("one"), HOUR)).isTrue();
    assertThat(cache.set(key("s"), bytes("two"), Duration.ZERO)).isTrue();
    assertThat(text(cache.get(key("s")))).isEqualTo("two");
  }

  @Test
  void replaceStoresOnlyIfPresent() {
    assertThat(cache.replace(key("r"), bytes("one"), HOUR)).isFalse();
    assertThat(cache.get(key("r"))).isNull();
    cache.set(key("r"), bytes("one"), HOUR);
    assertThat(cache.replace(key("r"), bytes("two"), HOUR)).isTrue();
    assertThat(text(cache.get(key("r")))).isEqualTo("two");
  }

  @Test
  void casStoresOnlyIfUnchangedSinceGets() {
    String k = key("c");
    assertThat(cache.gets(k)).isNull();
    assertThat(cache.cas(k, bytes("x"), 1, HOUR)).as("cas on a missing key").isFalse();
    assertThat(cache.get(k)).isNull();

    cache.set(k, bytes("v1"), HOUR);
    CasValue v1 = cache.gets(k);
    assertThat(text(v1.value())).isEqualTo("v1");
    assertThat(cache.cas(k, bytes("v2"), v1.casId(), HOUR)).isTrue();
    assertThat(cache.cas(k, bytes("v3"), v1.casId(), HOUR)).as("stale cas id").isFalse();
    assertThat(text(cache.get(k))).isEqualTo("v2");

    CasValue v2 = cache.gets(k);
    assertThat(v2.casId()).isNotEqualTo(v1.casId());
    cache.set(k, bytes("other writer"), HOUR);
    assertThat(cache.cas(k, bytes("v3"), v2.casId(), HOUR)).as("cas after another set").isFalse();
    assertThat(text(cache.get(k))).isEqualTo("other writer");

    CasValue v3 = cache.gets(k);
    cache.delete(k);
    assertThat(cache.cas(k, bytes("v4"), v3.casId(), HOUR)).as("cas after delete").isFalse();
    assertThat(cache.get(k)).isNull();
  }

  @Test
  void casIdsNeverRepeatAcrossDeleteAndRecreate() {
    String k = key("k");
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      cache.set(k, bytes("v" + i), HOUR);
      long id = cache.gets(k).casId();
      assertThat(seen.add(id)).as("cas id %d seen before (round %d)", id, i).isTrue();
      cache.delete(k);
    }
  }

  @Test
  void valuesAreRawBytes() {
    byte[] all = new byte[512];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    cache.set(key("bin"), all, HOUR);
    assertThat(cache.get(key("bin"))).isEqualTo(all);
    cache.set(key("empty"), new byte[0], HOUR);
    assertThat(cache.get(key("empty"))).isEmpty();
    assertThat(cache.gets(key("empty")).value()).isEmpty();
  }

  @Test
  void callerMutatingItsArrayDoesNotChangeTheStoredValue() {
    byte[] value = bytes("abc");
    cache.set(key("m"), value, HOUR);
    value[0] = 'X';
    byte[] read = cache.get(key("m"));
    read[1] = 'Y';
    assertThat(text(cache.get(key("m")))).isEqualTo("abc");
  }

  // ---- multi-key -----------------------------------------------------------------------------

  @Test
  void setMultiGetMultiDeleteMultiWithAThousandKeys() {
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (int i = 0; i < 1000; i++) {
      values.put(key("k" + i), bytes("value-" + i));
    }
    assertThat(cache.setMulti(values, HOUR)).isEmpty();

    List<String> wanted = new ArrayList<>(values.keySet());
    wanted.add(key("missing-1"));
    wanted.add(key("missing-2"));
    Map<String, byte[]> found = cache.getMulti(wanted);
    assertThat(found).hasSize(1000).doesNotContainKeys(key("missing-1"), key("missing-2"));
    values.forEach((k, v) -> assertThat(found.get(k)).as(k).isEqualTo(v));

    List<String> toDelete = new ArrayList<>(wanted.subList(0, 500));
    toDelete.add(key("missing-1"));
    Set<String> existed = cache.deleteMulti(toDelete);
    assertThat(existed).hasSize(500).containsExactlyInAnyOrderElementsOf(wanted.subList(0, 500));
    assertThat(cache.getMulti(wanted)).hasSize(500).containsOnlyKeys(wanted.subList(500, 1000));
    assertThat(cache.getMulti(List.of())).isEmpty();
  }

  @Test
  void setMultiReportsTheKeysNotStored() {
    Map<String, byte[]> values = new LinkedHashMap<>();
    values.put(key("small"), bytes("x"));
    values.put(key("huge"), new byte[itemSizeMax() + 1]);
    assertThat(cache.setMulti(values, HOUR)).containsExactly(key("huge"));
    assertThat(cache.get(key("small"))).isNotNull();
    assertThat(cache.get(key("huge"))).isNull();
  }

  @Test
  void multiOperationsRejectABadKeyBeforeDoingAnything() {
    Map<String, byte[]> values = new LinkedHashMap<>();
    values.put(key("good"), bytes("x"));
    values.put("bad key", bytes("y"));
    assertThatThrownBy(() -> cache.setMulti(values, HOUR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.get(key("good"))).as("nothing stored").isNull();
    assertThatThrownBy(() -> cache.getMulti(List.of(key("good"), "bad\nkey")))
        .isInstanceOf(IllegalArgumentException.class);
    cache.set(key("good"), bytes("x"), HOUR);
    assertThatThrownBy(() -> cache.deleteMulti(List.of(key("good"), "")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.get(key("good"))).as("nothing deleted").isNotNull();
  }

  // ---- expiry --------------------------------------------------------------------------------

  @Test
  void itemsExpireAfterTheirTtlAndZeroNeverExpires() {
    // memcached's clock ticks once a second and a TTL of n seconds ends at the n-th tick: a 1 s
    // item may expire a moment after it is stored. So: 2 s where the item must still be there a
    // few calls later, and the sub-second check read back at once, with two more tries.
    cache.set(key("one-second"), bytes("x"), Duration.ofSeconds(1));
    boolean subSecondKept = false;
    for (int attempt = 0; attempt < 3 && !subSecondKept; attempt++) {
      cache.set(key("one-milli"), bytes("x"), Duration.ofMillis(1)); // rounds up to 1 s
      subSecondKept = cache.get(key("one-milli")) != null;
    }
    assertThat(subSecondKept).as("a sub-second TTL is not 'expired now'").isTrue();
    cache.set(key("forever"), bytes("x"), Duration.ZERO);
    cache.set(key("hour"), bytes("x"), HOUR);
    cache.set(key("touched-short"), bytes("x"), HOUR);
    cache.set(key("touched-forever"), bytes("x"), Duration.ofSeconds(2));
    assertThat(cache.touch(key("touched-short"), Duration.ofSeconds(1))).isTrue();
    assertThat(cache.touch(key("touched-forever"), Duration.ZERO)).isTrue();

    advanceTime(Duration.ofMillis(2100));

    assertThat(cache.get(key("one-second"))).isNull();
    assertThat(cache.get(key("one-milli"))).isNull();
    assertThat(cache.get(key("touched-short"))).isNull();
    assertThat(cache.get(key("forever"))).isNotNull();
    assertThat(cache.get(key("hour"))).isNotNull();
    assertThat(cache.get(key("touched-forever"))).isNotNull();
    // An expired item is absent for every command.
    assertThat(cache.delete(key("one-second"))).isFalse();
    assertThat(cache.touch(key("one-milli"), HOUR)).isFalse();
    assertThat(cache.replace(key("touched-short"), bytes("y"), HOUR)).isFalse();
    assertThat(cache.add(key("one-second"), bytes("new"), HOUR)).isTrue();
  }

  @Test
  void ttlsLongerThanThirtyDaysWork() {
    cache.set(key("31-days"), bytes("x"), Duration.ofDays(31));
    cache.add(key("365-days"), bytes("y"), Duration.ofDays(365));
    cache.set(key("exactly-30-days"), bytes("z"), Duration.ofDays(30));
    assertThat(text(cache.get(key("31-days")))).isEqualTo("x");
    assertThat(text(cache.get(key("365-days")))).isEqualTo("y");
    assertThat(text(cache.get(key("exactly-30-days")))).isEqualTo("z");
    assertThat(cache.touch(key("31-days"), Duration.ofDays(40))).isTrue();
    assertThat(text(cache.get(key("31-days")))).isEqualTo("x");
  }

  @Test
  void negativeTtlIsRejected() {
    Duration negative = Duration.ofSeconds(-1);
    String k = key("n");
    assertThatThrownBy(() -> cache.set(k, bytes("x"), negative))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> cache.add(k, bytes("x"), negative))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.replace(k, bytes("x"), negative))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.cas(k, bytes("x"), 1, negative))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.touch(k, negative))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.setMulti(Map.of(k, bytes("x")), negative))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.get(k)).isNull();
  }

  @Test
  void touchSetsANewTtlAndKeepsValueAndCasId() {
    assertThat(cache.touch(key("missing"), HOUR)).isFalse();
    assertThat(cache.get(key("missing"))).as("touch creates nothing").isNull();
    cache.set(key("t"), bytes("v"), Duration.ofSeconds(5));
    CasValue before = cache.gets(key("t"));
    assertThat(cache.touch(key("t"), HOUR)).isTrue();
    CasValue after = cache.gets(key("t"));
    assertThat(after).isEqualTo(before);
    assertThat(cache.cas(key("t"), bytes("w"), before.casId(), HOUR)).isTrue();
  }

  // ---- incr / decr ---------------------------------------------------------------------------

  @Test
  void incrAndDecrWorkOnDecimalNumbers() {
    String k = key("n");
    cache.set(k, "7".getBytes(US_ASCII), HOUR);
    assertThat(cache.incr(k, 1)).hasValue(8);
    assertThat(text(cache.get(k))).isEqualTo("8");
    assertThat(cache.incr(k, 992)).hasValue(1000);
    assertThat(text(cache.get(k))).isEqualTo("1000");
    assertThat(cache.decr(k, 1)).hasValue(999);
    // memcached rewrites a shorter number in place, padded with spaces
    assertThat(text(cache.get(k))).isEqualTo("999 ");
    assertThat(cache.incr(k, 0)).hasValue(999);
    assertThat(cache.decr(k, 5000)).as("decr stops at 0").hasValue(0);
    assertThat(cache.decr(k, 1)).hasValue(0);
  }

  @Test
  void incrChangesTheCasIdAndKeepsTheTtl() {
    String k = key("n");
    cache.set(k, bytes("1"), Duration.ofSeconds(2)); // not 1 s: it could end at the next tick
    CasValue before = cache.gets(k);
    assertThat(cache.incr(k, 1)).hasValue(2);
    assertThat(cache.cas(k, bytes("9"), before.casId(), Duration.ofSeconds(2))).isFalse();
    advanceTime(Duration.ofMillis(3100));
    assertThat(cache.get(k)).as("incr kept the 2 s TTL").isNull();
  }

  @Test
  void incrWrapsAtTwoToTheSixtyFour() {
    String k = key("n");
    cache.set(k, bytes("18446744073709551615"), HOUR);
    assertThat(cache.incr(k, 1)).hasValue(0);
    assertThat(text(cache.get(k)).trim()).isEqualTo("0");
    cache.set(k, bytes("18446744073709551610"), HOUR);
    assertThat(cache.incr(k, 10)).hasValue(4);
  }

  @Test
  void largeNumbersComeBackAsTheUnsignedBitPattern() {
    String k = key("n");
    cache.set(k, bytes("9223372036854775807"), HOUR); // Long.MAX_VALUE
    OptionalLong r = cache.incr(k, 1);
    assertThat(r).isPresent();
    assertThat(Long.toUnsignedString(r.getAsLong())).isEqualTo("9223372036854775808");
    assertThat(text(cache.get(k))).isEqualTo("9223372036854775808");
    OptionalLong max = cache.incr(k, Long.MAX_VALUE);
    assertThat(Long.toUnsignedString(max.getAsLong())).isEqualTo("18446744073709551615");
    assertThat(max).hasValue(-1L);
    OptionalLong d = cache.decr(k, Long.MAX_VALUE);
    assertThat(Long.toUnsignedString(d.getAsLong())).isEqualTo("9223372036854775808");
  }

  @Test
  void incrAndDecrOfAMissingKeyReturnEmptyAndCreateNothing() {
    String k = key("missing");
    assertThat(cache.incr(k, 1)).isEmpty();
    assertThat(cache.decr(k, 1)).isEmpty();
    assertThat(cache.get(k)).isNull();
    assertThat(cache.add(k, bytes("5"), HOUR)).as("still absent").isTrue();
  }

  // Not " " or other all-whitespace values: memcached's strtoull skips the value's whitespace and
  // its "\r\n" and reads on into whatever the slab chunk held before, so the answer depends on
  // the server's memory.
  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "-5", "5x", "18446744073709551616", "1.5"})
  void incrAndDecrOfANonNumericValueThrowIllegalState(String value) {
    String k = key("nan");
    cache.set(k, bytes(value), HOUR);
    assertThatThrownBy(() -> cache.incr(k, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.decr(k, 1)).isInstanceOf(IllegalStateException.class);
    assertThat(text(cache.get(k))).as("unchanged").isEqualTo(value);
  }

  @Test
  void incrParsesNumbersAsMemcachedDoes() {
    String k = key("n");
    cache.set(k, bytes("007"), HOUR);
    assertThat(cache.incr(k, 1)).hasValue(8);
    assertThat(text(cache.get(k))).isEqualTo("8  ");
    cache.set(k, bytes("5 trailing"), HOUR);
    assertThat(cache.incr(k, 1)).hasValue(6);
    cache.set(k, bytes(" 41"), HOUR);
    assertThat(cache.incr(k, 1)).hasValue(42);
    cache.set(k, bytes("+9"), HOUR);
    assertThat(cache.incr(k, 1)).hasValue(10);
    assertThat(text(cache.get(k))).isEqualTo("10");
    cache.set(k, new byte[] {'5', 0}, HOUR);  // strtoull stops at the NUL: a number
    assertThat(cache.incr(k, 1)).hasValue(6);
    assertThat(text(cache.get(k))).isEqualTo("6 ");
  }

  @Test
  void negativeDeltaIsRejected() {
    String k = key("n");
    cache.set(k, bytes("10"), HOUR);
    assertThatThrownBy(() -> cache.incr(k, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> cache.decr(k, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(text(cache.get(k))).isEqualTo("10");
  }

  // ---- keys ----------------------------------------------------------------------------------

  @Test
  void keysOfUpTo250BytesWork() {
    String k250 = "k".repeat(250);
    assertThat(cache.set(k250, bytes("x"), HOUR)).isTrue();
    assertThat(text(cache.get(k250))).isEqualTo("x");
    String multibyte250 = "日".repeat(83) + "a"; // 83 * 3 + 1 = 250 bytes
    assertThat(cache.set(multibyte250, bytes("y"), HOUR)).isTrue();
    assertThat(text(cache.get(multibyte250))).isEqualTo("y");
    String unicode = key("ключ-é-日本-😀");
    cache.set(unicode, bytes("z"), HOUR);
    assertThat(cache.getMulti(List.of(unicode, multibyte250))).containsOnlyKeys(unicode, multibyte250);
    assertThat(cache.delete(unicode)).isTrue();
  }

  @Test
  void keysLongerThan250BytesAreRejected() {
    assertBadKey("k".repeat(251), "250 bytes");
    assertBadKey("日".repeat(83) + "ab", "250 bytes"); // 251 bytes, 85 chars
    assertBadKey("é".repeat(126), "250 bytes"); // 252 bytes, 126 chars
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\r\nb", "a\tb", "a\nb", "a\rb", "a\u0000b", "a\u007fb",
      "a\u0085b", "a\u00a0b", "a\u2003b", " ", "end "})
  void keysWithWhitespaceOrControlCharactersAreRejected(String bad) {
    assertBadKey(bad, "a key must not contain");
  }

  @Test
  void emptyKeyIsRejected() {
    assertBadKey("", "empty");
  }

  private void assertBadKey(String bad, String rule) {
    byte[] v = bytes("x");
    assertThatThrownBy(() -> cache.set(bad, v, HOUR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(rule);
    assertThatThrownBy(() -> cache.add(bad, v, HOUR)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.replace(bad, v, HOUR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.cas(bad, v, 1, HOUR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.get(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.gets(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.delete(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.incr(bad, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.decr(bad, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.touch(bad, HOUR)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- value size ----------------------------------------------------------------------------

  @Test
  void aValueOverTheItemSizeLimitIsNotStored() {
    String k = key("big");
    assertThat(cache.set(k, new byte[itemSizeMax() + 1], HOUR)).isFalse();
    assertThat(cache.get(k)).isNull();
    assertThat(cache.add(k, new byte[itemSizeMax() + 1], HOUR)).isFalse();
    assertThat(cache.get(k)).isNull();
  }

  @Test
  void theLargestValueIsTheItemSizeLimitMinusKeyAndOverhead() {
    String k = key("big");
    int largest = itemSizeMax() - k.length() - ITEM_OVERHEAD;
    byte[] atLimit = incompressible(largest, 1);
    assertThat(cache.set(k, atLimit, HOUR)).isTrue();
    assertThat(cache.get(k)).isEqualTo(atLimit);

    String other = key("big2");
    int largestOther = itemSizeMax() - other.length() - ITEM_OVERHEAD;
    assertThat(cache.set(other, new byte[largestOther + 1], HOUR)).isFalse();
    assertThat(cache.add(other, new byte[largestOther + 1], HOUR)).isFalse();
    assertThat(cache.get(other)).isNull();
    assertThat(cache.replace(k, new byte[largest + 1], HOUR)).isFalse();
    assertThat(cache.get(k)).as("a failed replace keeps the old value").isEqualTo(atLimit);
  }

  @Test
  void aCasWithAnIdNoGetsReturnsStoresNothing() {
    String k = key("casid");
    assertThat(cache.set(k, bytes("old"), HOUR)).isTrue();
    for (long id : new long[] {0, -1, Long.MIN_VALUE}) {
      assertThat(cache.cas(k, bytes("delete " + k), id, HOUR)).as("id %s", id).isFalse();
    }
    assertThat(cache.get(k)).isEqualTo(bytes("old"));
    assertThat(cache.delete(k)).isTrue();
    assertThat(cache.cas(k, bytes("new"), 0, HOUR)).isFalse();
    assertThat(cache.get(k)).as("not created").isNull();
    assertThat(cache.set(k, bytes("still works"), HOUR)).isTrue();
    assertThat(cache.get(k)).isEqualTo(bytes("still works"));
  }

  @Test
  void aCasOfAValueTooLargeKeepsTheOldValue() {
    String k = key("bigcas");
    assertThat(cache.set(k, bytes("old"), HOUR)).isTrue();
    CasValue held = cache.gets(k);
    int largest = itemSizeMax() - k.length() - ITEM_OVERHEAD;
    assertThat(cache.cas(k, new byte[largest + 1], held.casId(), HOUR)).isFalse();
    assertThat(cache.get(k)).isEqualTo(bytes("old"));
    assertThat(cache.cas(k, new byte[itemSizeMax() + 1], held.casId(), HOUR)).isFalse();
    assertThat(cache.get(k)).isEqualTo(bytes("old"));
  }

  @Test
  void anItemOfExactlyTheLimitTravelsThroughEveryCommand() {
    // Random bytes: nothing on the way may compress them, and any lost or reordered chunk shows.
    String k = key("limit");
    int largest = itemSizeMax() - k.length() - ITEM_OVERHEAD;
    byte[] first = incompressible(largest, 2);
    byte[] second = incompressible(largest, 3);
    byte[] third = incompressible(largest, 4);

    assertThat(cache.add(k, first, HOUR)).isTrue();
    assertThat(cache.get(k)).isEqualTo(first);
    assertThat(cache.replace(k, second, HOUR)).isTrue();
    CasValue read = cache.gets(k);
    assertThat(read).isNotNull();
    assertThat(read.value()).isEqualTo(second);
    assertThat(cache.cas(k, third, read.casId(), HOUR)).isTrue();
    assertThat(cache.getMulti(List.of(k))).containsOnlyKeys(k);
    assertThat(cache.getMulti(List.of(k)).get(k)).isEqualTo(third);
    assertThat(cache.setMulti(Map.of(k, first), HOUR)).isEmpty();
    assertThat(cache.get(k)).isEqualTo(first);
    for (int i = 0; i < 5; i++) { // repeated: a slow large value is a timeout, not a flake
      assertThat(cache.set(k, i % 2 == 0 ? second : third, HOUR)).isTrue();
      assertThat(cache.get(k)).isEqualTo(i % 2 == 0 ? second : third);
    }
  }

  /** {@code length} random bytes from {@code seed}. */
  private static byte[] incompressible(int length, long seed) {
    byte[] bytes = new byte[length];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aFailedSetOfATooLargeValueRemovesTheOldValue() {
    // memcached unlinks the old item so that a stale value cannot outlive a failed set.
    String k = key("k");
    cache.set(k, bytes("old"), HOUR);
    assertThat(cache.set(k, new byte[itemSizeMax() + 1], HOUR)).isFalse();
    assertThat(cache.get(k)).isNull();
  }

  // ---- flush, stats --------------------------------------------------------------------------

  @Test
  void flushAllRemovesEverything() {
    for (int i = 0; i < 10; i++) {
      cache.set(key("k" + i), bytes("v"), Duration.ZERO);
    }
    cache.flushAll();
    for (int i = 0; i < 10; i++) {
      assertThat(cache.get(key("k" + i))).isNull();
    }
    assertThat(cache.add(key("k0"), bytes("after"), HOUR)).isTrue();
    assertThat(text(cache.get(key("k0")))).isEqualTo("after");
  }

  @Test
  void statsCountHitsAndMissesPerKey() {
    cache.set(key("a"), bytes("x"), HOUR);
    CacheStats before = cache.getStats();
    cache.get(key("a"));
    cache.get(key("missing"));
    cache.gets(key("a"));
    cache.getMulti(List.of(key("a"), key("missing"), key("missing2")));
    CacheStats after = cache.getStats();
    assertThat(after.hits() - before.hits()).isEqualTo(3);
    assertThat(after.misses() - before.misses()).isEqualTo(3);
    assertThat(after.limitBytes()).isEqualTo(64L << 20);
    assertThat(after.hitRatio()).isBetween(0.0, 1.0);
  }

  @Test
  void statsCountItemsAndTheirBytes() {
    // memcached reclaims flushed items lazily (on access or by its LRU crawler), which can move
    // curr_items while we measure; a second attempt with fresh keys rules that noise out.
    long itemsDelta = 0;
    long bytesDelta = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
      CacheStats before = cache.getStats();
      String a = key("a" + attempt);
      String b = key("bb" + attempt);
      cache.set(a, bytes("x"), HOUR);
      cache.set(b, bytes("yyyy"), HOUR);
      CacheStats after = cache.getStats();
      itemsDelta = after.items() - before.items();
      bytesDelta = after.bytes() - before.bytes();
      long expectedBytes = (a.length() + 1 + ITEM_OVERHEAD) + (b.length() + 4 + ITEM_OVERHEAD);
      if (itemsDelta == 2 && bytesDelta == expectedBytes) {
        break;
      }
    }
    assertThat(itemsDelta).isEqualTo(2);
    String a = key("a0");
    String b = key("bb0");
    assertThat(bytesDelta)
        .isEqualTo((a.length() + 1 + ITEM_OVERHEAD) + (b.length() + 4 + ITEM_OVERHEAD));
  }

  @Test
  void aClosedClientRefusesCallsWithIllegalState() {
    MemcacheClient other = newClient();
    other.close();
    other.close(); // idempotent
    assertThatThrownBy(() -> other.get(key("k"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> other.set(key("k"), bytes("v"), HOUR))
        .isInstanceOf(IllegalStateException.class);
    assertThat(cache.set(key("k"), bytes("v"), HOUR)).as("other clients unaffected").isTrue();
  }

  // ---- concurrency ---------------------------------------------------------------------------

  @Test
  void concurrentIncrementsAreAtomic() throws Exception {
    String k = key("counter");
    cache.set(k, bytes("0"), HOUR);
    int threads = 16;
    int each = incrementsPerThread();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      tasks.add(() -> {
        for (int i = 0; i < each; i++) {
          assertThat(cache.incr(k, 1)).isPresent();
        }
        return null;
      });
    }
    runAll(tasks);
    assertThat(text(cache.get(k)).trim()).isEqualTo(Long.toString((long) threads * each));
  }

  @Test
  void concurrentAddsOfOneKeyHaveExactlyOneWinner() throws Exception {
    int threads = 8;
    for (int round = 0; round < 50; round++) {
      String k = key("add-" + round);
      CyclicBarrier start = new CyclicBarrier(threads);
      AtomicInteger wins = new AtomicInteger();
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        byte[] mine = bytes("thread-" + t);
        tasks.add(() -> {
          start.await(10, TimeUnit.SECONDS);
          if (cache.add(k, mine, HOUR)) {
            wins.incrementAndGet();
          }
          return null;
        });
      }
      runAll(tasks);
      assertThat(wins.get()).as("round %d", round).isEqualTo(1);
    }
  }

  @Test
  void concurrentCasOnOneKeyHasExactlyOneWinnerPerRound() throws Exception {
    String k = key("cas");
    cache.set(k, bytes("start"), HOUR);
    int threads = 8;
    for (int round = 0; round < 50; round++) {
      CyclicBarrier read = new CyclicBarrier(threads);
      AtomicInteger wins = new AtomicInteger();
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        byte[] mine = bytes("round-" + round + "-thread-" + t);
        tasks.add(() -> {
          CasValue seen = cache.gets(k);
          read.await(10, TimeUnit.SECONDS); // everyone has read before anyone writes
          if (cache.cas(k, mine, seen.casId(), HOUR)) {
            wins.incrementAndGet();
          }
          return null;
        });
      }
      runAll(tasks);
      assertThat(wins.get()).as("round %d", round).isEqualTo(1);
      assertThat(text(cache.get(k))).startsWith("round-" + round + "-");
    }
  }

  private static void runAll(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Void>> futures = pool.invokeAll(tasks);
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
