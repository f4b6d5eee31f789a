package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestCostTest {
  @Test
  void countsOnlyInsideAUnitOfWork() throws Exception {
    RequestCost.recordStoreQuery();  // nothing begun: ignored
    try (RequestCost cost = RequestCost.begin()) {
      RequestCost.recordCacheHit();
      assertThat(cost.servedFromCache()).isTrue();
      RequestCost.recordStoreQuery();
      RequestCost.recordCacheMiss();

      assertThat(cost.storeQueries()).isEqualTo(1);
      assertThat(cost.cacheHits()).isEqualTo(1);
      assertThat(cost.cacheMisses()).isEqualTo(1);
      assertThat(cost.servedFromCache()).isFalse();

      Thread other = new Thread(RequestCost::recordStoreQuery);
      other.start();
      other.join();
      assertThat(cost.storeQueries()).as("other threads do not count").isEqualTo(1);
    }
  }

  @Test
  void nestedUnitsRestoreTheOuterOne() {
    try (RequestCost outer = RequestCost.begin()) {
      try (RequestCost inner = RequestCost.begin()) {
        RequestCost.recordStoreQuery();
        assertThat(inner.storeQueries()).isEqualTo(1);
      }
      RequestCost.recordStoreQuery();
      assertThat(outer.storeQueries()).isEqualTo(1);
    }
  }
}
