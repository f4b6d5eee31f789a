package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * The login throttle across servers on a real memcached: failures on one server count on the
 * other, and with memcached down each server still throttles on its own counts.
 */
class SharedLoginThrottleTest {
  private static final SharedLoginThrottle.Limit ACCOUNT =
      new SharedLoginThrottle.Limit(5, Duration.ofMinutes(1));
  private static final SharedLoginThrottle.Limit ADDRESS =
      new SharedLoginThrottle.Limit(8, Duration.ofMinutes(1));

  private static MemcacheClient client(MemcachedProcess memcached) {
    return XmemcachedClient.newBuilder().servers(memcached.address())
        .operationTimeout(Duration.ofMillis(500)).build();
  }

  private static SharedLoginThrottle server(MemcacheClient client) {
    return new SharedLoginThrottle(() -> client, "wiki", ACCOUNT, ADDRESS, new FakeClock());
  }

  @Test
  void failuresOnOneServerCountOnTheOther() {
    try (MemcachedProcess memcached = MemcachedProcess.start();
        MemcacheClient one = client(memcached); MemcacheClient two = client(memcached)) {
      SharedLoginThrottle a = server(one);
      SharedLoginThrottle b = server(two);
      for (int i = 0; i < 3; i++) {
        a.failure("ada", "203.0.113." + i);
      }
      for (int i = 3; i < 5; i++) {
        b.failure("ADA", "203.0.113." + i);
      }

      assertThat(a.retryAfter("ada", "198.51.100.1")).hasValue(Duration.ofMinutes(1));
      assertThat(b.retryAfter("Ada", "198.51.100.1")).hasValue(Duration.ofMinutes(1));
      assertThat(b.retryAfter("bob", "198.51.100.1")).isEmpty();

      // one address guessing many accounts, across both servers
      for (int i = 0; i < 8; i++) {
        (i % 2 == 0 ? a : b).failure("user" + i, "192.0.2.7");
      }
      assertThat(a.retryAfter("someone", "192.0.2.7")).isPresent();
      assertThat(b.retryAfter("someone", "192.0.2.8")).isEmpty();

      a.success("ada", "203.0.113.0");  // a right password clears the account on every server
      assertThat(b.retryAfter("ada", "198.51.100.1")).isEmpty();
      assertThat(b.sharing()).isTrue();
    }
  }

  @Test
  void withMemcachedDownEachServerStillThrottles() {
    MemcachedProcess memcached = MemcachedProcess.start();
    try (MemcacheClient one = client(memcached)) {
      SharedLoginThrottle a = server(one);
      a.failure("eve", "203.0.113.1");  // counted in memcached and here
      memcached.stop();

      for (int i = 0; i < 4; i++) {
        a.failure("eve", "203.0.113.1");
      }

      assertThat(a.sharing()).isFalse();
      assertThat(a.retryAfter("eve", "203.0.113.1")).isPresent();
      assertThat(a.retryAfter("eve", "198.51.100.9")).isPresent();  // per account
      assertThat(a.retryAfter("frank", "203.0.113.1")).isEmpty();
    } finally {
      memcached.close();
    }
  }

  @Test
  void withoutACacheItCountsInTheProcess() {
    SharedLoginThrottle local = new SharedLoginThrottle(() -> null, "wiki", ACCOUNT, ADDRESS,
        new FakeClock());
    for (int i = 0; i < 5; i++) {
      assertThat(local.retryAfter("eve", "203.0.113.1")).isEmpty();
      local.failure("eve", "203.0.113.1");
    }
    assertThat(local.retryAfter("eve", "203.0.113.1")).hasValue(Duration.ofMinutes(1));
  }

  @Test
  void theClientAddressIsThePeerUnlessATrustedProxyVouchesForIt() {
    ClientAddress none = new ClientAddress(List.of());
    ClientAddress lb = new ClientAddress(List.of("10.0.0.2", "10.0.0.3"));

    assertThat(none.of("198.51.100.4", "1.2.3.4")).isEqualTo("198.51.100.4");
    assertThat(lb.of("198.51.100.4", "1.2.3.4")).isEqualTo("198.51.100.4");
    assertThat(lb.of("10.0.0.2", null)).isEqualTo("10.0.0.2");
    assertThat(lb.of("10.0.0.2", "203.0.113.5")).isEqualTo("203.0.113.5");
    // the client wrote the left part itself: only what the proxies appended counts
    assertThat(lb.of("10.0.0.2", "6.6.6.6, 203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(lb.of("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.3")).isEqualTo("203.0.113.5");
    assertThat(lb.of("10.0.0.2", "junk")).isEqualTo("10.0.0.2");
    assertThat(lb.of("10.0.0.2", "203.0.113.5, junk")).isEqualTo("10.0.0.2");
    assertThat(lb.of("10.0.0.2", "x".repeat(100_000) + ",203.0.113.5"))
        .isEqualTo("203.0.113.5");
    assertThat(lb.of("[0:0:0:0:0:0:0:1]", "203.0.113.5")).isEqualTo("::1");
    assertThat(new ClientAddress(List.of("::1")).of("0:0:0:0:0:0:0:1", "2001:db8::1"))
        .isEqualTo("2001:db8::1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new ClientAddress(List.of("lb.example.org")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
