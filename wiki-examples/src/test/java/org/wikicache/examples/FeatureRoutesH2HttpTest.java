package org.wikicache.examples;

import java.nio.file.Path;

/** The feature routes on the server's embedded default: H2 in a directory. */
class FeatureRoutesH2HttpTest extends AbstractFeatureRoutesHttpTest {
  @Override
  WikiServerConfig.Builder store(WikiServerConfig.Builder builder, Path dataDir) {
    return builder.dataDir(dataDir);
  }
}
