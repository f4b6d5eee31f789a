/**
 * Implementation helpers shared by wikicache's own modules (the stores of wiki-core and wiki-jdbc,
 * the caching decorators of wiki-cache): argument checks worded alike by every store, and the
 * content hash. <b>Not API:</b> anything here may change or disappear in any release; code
 * outside wikicache should not use it.
 */
@NullMarked
package org.wikicache.core.internal;

import org.jspecify.annotations.NullMarked;
