/**
 * The runnable example wiki server ({@link org.wikicache.examples.WikiServer}, packaged as
 * {@code wiki-examples/target/wiki-server.jar}) and small examples of the library in use.
 *
 * <p>Start it with {@code java -jar wiki-examples/target/wiki-server.jar}; see
 * {@link org.wikicache.examples.WikiServerConfig} for its flags.
 */
@NullMarked
package org.wikicache.examples;

import org.jspecify.annotations.NullMarked;
