package org.wikicache.examples.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTML templates (mustache.java, from {@code /templates/*.mustache} on the classpath). Every
 * {@code {{value}}} is HTML-escaped; only {@code {{{html}}}} of sanitized Markdown is not. A
 * template's model is one or more scopes, usually records: a name is looked up in the last scope
 * first, so a page's view record sits on top of the layout's record.
 *
 * <pre>{@code
 * String html = templates.render("page", frame, view);
 * }</pre>
 *
 * <p>Each template is compiled on first use (not at start-up) and kept. Thread-safe.
 */
public final class Templates {
  private final DefaultMustacheFactory factory = new DefaultMustacheFactory("templates");
  private final ConcurrentHashMap<String, Mustache> compiled = new ConcurrentHashMap<>();

  /** Renders template {@code name} (without {@code .mustache}) over {@code scopes}. */
  public String render(String name, Object... scopes) {
    Mustache mustache = compiled.computeIfAbsent(name, n -> factory.compile(n + ".mustache"));
    StringWriter out = new StringWriter(4096);
    mustache.execute(out, scopes);
    return out.toString();
  }
}
