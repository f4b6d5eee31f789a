package org.wikicache.xmemcached;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;

/**
 * Values from 4 KiB up to memcached's item limit go through a client with the <em>default</em>
 * settings (500 ms operation timeout) on both protocols, many times over. With Xmemcached's
 * pinned 32 KiB send buffer a 1 MiB set took ~0.6 s on an idle machine and timed out here; at
 * wire speed it takes a few milliseconds, so the default timeout leaves two orders of magnitude
 * of room for a loaded CI machine. Not a speed test (that is {@code LargeValueBenchmark}).
 */
class XmemcachedLargeValueTest {

  @RegisterExtension static final MemcachedProcess memcached = MemcachedProcess.extension();

  // 1,048,512 = memcached's 1 MiB item limit less the key "large" and 59 bytes of item overhead.
  @ParameterizedTest(name = "{0} bytes, {1}")
  @CsvSource({
      "4096, TEXT", "65536, TEXT", "524288, TEXT", "1048512, TEXT",
      "4096, BINARY", "65536, BINARY", "524288, BINARY", "1048512, BINARY"})
  void storesAndReadsWithTheDefaultTimeout(int size, XmemcachedClient.Protocol protocol) {
    byte[] a = random(size, 1);
    byte[] b = random(size, 2);
    try (MemcacheClient client = XmemcachedClient.newBuilder()
        .servers(memcached.address()).protocol(protocol).build()) {
      for (int i = 0; i < 10; i++) {
        byte[] value = i % 2 == 0 ? a : b;
        assertThat(client.set("large", value, Duration.ZERO)).isTrue();
        assertThat(client.get("large")).isEqualTo(value);
      }
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
