package org.wikicache.examples;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTML templates (mustache.java, from {@code /templates/*.mustache} on the classpath). Every
 * {@code {{value}}} is HTML-escaped; only {@code {{{html}}}} of sanitized Markdown is not. Each
 * template is compiled on first use and cached. Thread-safe.
 */
final class Templates {
  private final DefaultMustacheFactory factory = new DefaultMustacheFactory("templates");
  private final ConcurrentHashMap<String, Mustache> compiled = new ConcurrentHashMap<>();

  /** Renders template {@code name} (without {@code .mustache}) with {@code model}. */
  String render(String name, Map<String, ?> model) {
    Mustache mustache = compiled.computeIfAbsent(name, n -> factory.compile(n + ".mustache"));
    StringWriter out = new StringWriter(4096);
    mustache.execute(out, model);
    return out.toString();
  }
}
