package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for tests: keeps cookies, does not follow redirects. */
final class WebClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

  private final String base;
  private final CookieManager cookies;
  private final HttpClient http;

  WebClient(String base) {
    this(base, new CookieManager());
  }

  /** A client of {@code base} that shares {@code cookies}: the same browser on another server. */
  WebClient(String base, CookieManager cookies) {
    this.cookies = cookies;
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.http = HttpClient.newBuilder().cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  }

  CookieManager cookies() {
    return cookies;
  }

  /** A request with any method and no body. */
  HttpResponse<String> request(String method, String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  HttpResponse<String> post(String path, Map<String, String> form) {
    return send(formPost(path, form));
  }

  /** A form post that, as a browser would say, comes from {@code site} ({@code Sec-Fetch-Site}). */
  HttpResponse<String> postFrom(String site, String path, Map<String, String> form) {
    return send(formPost(path, form).header("Sec-Fetch-Site", site));
  }

  private HttpRequest.Builder formPost(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
        .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** GETs {@code formPath}, then POSTs {@code form} plus the page's CSRF token to {@code action}. */
  HttpResponse<String> submit(String formPath, String action, Map<String, String> form) {
    HttpResponse<String> page = get(formPath);
    Map<String, String> withToken = new LinkedHashMap<>(form);
    withToken.put("csrf", csrf(page.body()));
    return post(action, withToken);
  }

  HttpResponse<String> signUp(String username, String password) {
    return submit("/signup", "/signup", Map.of("username", username, "password", password,
        "verify", password, "email", ""));
  }

  HttpResponse<String> logIn(String username, String password) {
    return submit("/login", "/login", Map.of("username", username, "password", password));
  }

  /** Logs out with the logout form's token (any page of a logged-in user has the form). */
  HttpResponse<String> logOut() {
    return post("/logout", Map.of("csrf", csrf(get("/_recent").body())));
  }

  /** Opens the edit form of {@code page} and saves {@code content} on its base. */
  HttpResponse<String> edit(String page, String content, String comment) {
    HttpResponse<String> form = get("/_edit/" + page);
    return post("/_edit/" + page, Map.of("content", content, "comment", comment,
        "base", hidden(form.body(), "base"), "csrf", csrf(form.body())));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no csrf field in page:\n" + html);
    }
    return m.group(1);
  }

  static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no hidden field " + name + " in page:\n" + html);
    }
    return m.group(1);
  }

  /** The text of HTML with the entities mustache writes turned back into characters. */
  static String unescape(String html) {
    return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&#61;", "=").replace("&#96;", "`").replace("&amp;", "&");
  }
}
