package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The workload of {@code scripts/cluster.sh}: a bounded mix of sign-ups, log-ins, edits, views,
 * histories and recent changes, sent one request at a time round-robin over several wiki servers
 * that share a database and memcached, with a fault in the middle: at a third of the run it runs
 * {@code CHAOS kill} (the script SIGKILLs a memcached and one server, the victim), and at two
 * thirds {@code CHAOS restart}, then waits for the victim to answer again.
 *
 * <p>Every request's answer is checked: a view must show the page's newest revision saved before
 * the request began (else it is <em>stale</em>); a logged-in user's page must show them logged in
 * (else their session was <em>lost</em>); any other unexpected answer, or an I/O error, from a
 * server that was up is <em>failed</em>. The victim gets no requests while it is down. The last
 * line printed is {@code requests=N failed=F stale=S sessions_lost=L}; the exit status is 0 only
 * if F, S and L are all 0.
 *
 * <pre>
 * java -cp wiki-server.jar org.wikicache.examples.ClusterDriver --servers http://127.0.0.1:8081,...
 *     --requests 600 --chaos ./chaos.sh --victim 1
 * </pre>
 *
 * <p>Not thread-safe: one run per process.
 */
public final class ClusterDriver {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
  private static final Pattern BASE = Pattern.compile("name=\"base\" value=\"([^\"]*)\"");
  private static final String PASSWORD = "correct horse battery";
  private static final int PAGES = 8;

  private final List<String> servers;
  private final int requests;
  private final String chaos;
  private final int victim;
  private final Random random;
  private final List<Visitor> users = new ArrayList<>();
  private final Map<Integer, String> latest = new HashMap<>();  // page -> newest marker saved
  private final long runId = System.currentTimeMillis() % 1_000_000;
  private boolean victimDown;
  private int next;
  private int sent;
  private int failed;
  private int stale;
  private int sessionsLost;
  private int markers;
  private final long[] nanos = new long[1_000_000];
  private final long started = System.nanoTime();

  private ClusterDriver(List<String> servers, int requests, String chaos, int victim,
      long seed) {
    this.servers = servers;
    this.requests = requests;
    this.chaos = chaos;
    this.victim = victim;
    this.random = new Random(seed);
  }

  /** A browser: its own cookies, whichever server it talks to. */
  private static final class Visitor {
    final String name;
    final CookieManager cookies = new CookieManager();
    final HttpClient http;
    boolean loggedIn;

    Visitor(String name) {
      this.name = name;
      this.http = HttpClient.newBuilder().cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
          .build();
    }
  }

  /** What one request got: the status and body, or null if the server could not be reached. */
  private record Answer(int status, String body) {}

  /**
   * Runs the workload; see the class comment for the options.
   *
   * @param args {@code --servers URL,URL,... --requests N [--chaos SCRIPT --victim I] [--seed S]}
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    List<String> servers = List.of(options.getOrDefault("--servers", "").split(","));
    if (servers.get(0).isEmpty()) {
      System.err.println("usage: ClusterDriver --servers URL,URL,... --requests N"
          + " [--chaos SCRIPT --victim I] [--seed S]");
      System.exit(2);
    }
    int requests = Math.max(30, Math.min(1_000_000,
        Integer.parseInt(options.getOrDefault("--requests", "600"))));
    ClusterDriver driver = new ClusterDriver(servers, requests,
        options.getOrDefault("--chaos", ""),
        Integer.parseInt(options.getOrDefault("--victim", "1")),
        Long.parseLong(options.getOrDefault("--seed", "1")));
    boolean ok = driver.run();
    System.out.flush();
    System.exit(ok ? 0 : 1);
  }

  private boolean run() throws Exception {
    int killAt = requests / 3;
    int restartAt = 2 * requests / 3;
    boolean killed = false;
    boolean restarted = false;
    while (sent < requests) {
      if (!killed && sent >= killAt && !chaos.isEmpty()) {
        killed = true;
        victimDown = true;
        runChaos("kill");
      }
      if (!restarted && sent >= restartAt && !chaos.isEmpty()) {
        restarted = true;
        runChaos("restart");
        awaitVictim();
        victimDown = false;
      }
      step();
    }
    long[] sorted = java.util.Arrays.copyOf(nanos, Math.min(sent, nanos.length));
    java.util.Arrays.sort(sorted);
    System.out.printf(java.util.Locale.ROOT, "%d requests in %.1f s; latency p50 %.1f ms,"
        + " p99 %.1f ms, max %.1f ms%n", sent, (System.nanoTime() - started) / 1e9,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
    String line = "requests=" + sent + " failed=" + failed + " stale=" + stale
        + " sessions_lost=" + sessionsLost;
    System.out.println(line);
    return failed == 0 && stale == 0 && sessionsLost == 0;
  }

  /** One operation of the mix (one to three requests). */
  private void step() {
    if (users.size() < 3) {
      signUp();
      return;
    }
    int roll = random.nextInt(100);
    Visitor user = users.get(random.nextInt(users.size()));
    int page = random.nextInt(PAGES);
    if (roll < 5) {
      signUp();
    } else if (roll < 10) {
      logOutAndIn(user);
    } else if (roll < 35) {
      edit(user, page);
    } else if (roll < 75) {
      view(user, page);
    } else if (roll < 88) {
      history(user, page);
    } else {
      recent(user);
    }
  }

  private void signUp() {
    Visitor v = new Visitor("u" + runId + "x" + users.size());
    Answer form = get(v, "/signup");
    if (form == null || !expect(form, 200, "sign-up form")) {
      return;
    }
    Answer done = post(v, "/signup", Map.of("username", v.name, "password", PASSWORD,
        "verify", PASSWORD, "email", "", "csrf", csrf(form.body())));
    if (done != null && expect(done, 303, "sign-up")) {
      v.loggedIn = true;
      users.add(v);
    }
  }

  private void logOutAndIn(Visitor v) {
    if (v.loggedIn) {
      Answer page = get(v, "/_recent");
      if (page == null || !checkSession(v, page)) {
        return;
      }
      Answer out = post(v, "/logout", Map.of("csrf", csrf(page.body())));
      if (out == null || !expect(out, 303, "log-out")) {
        return;
      }
      v.loggedIn = false;
      if (cookie(v, Visitors.SESSION_COOKIE) != null) {
        failed++;
        System.out.println("failed: the log-out left the session cookie");
      }
    }
    Answer form = get(v, "/login");
    if (form == null || !expect(form, 200, "log-in form")) {
      return;
    }
    Answer in = post(v, "/login", Map.of("username", v.name, "password", PASSWORD,
        "csrf", csrf(form.body())));
    if (in != null && expect(in, 303, "log-in")) {
      v.loggedIn = true;
    }
  }

  private void edit(Visitor v, int page) {
    if (!v.loggedIn) {
      logOutAndIn(v);
      return;
    }
    Answer form = get(v, "/_edit/" + pageName(page));
    if (form == null) {
      return;
    }
    if (form.status() == 303) {
      sessionsLost++;
      System.out.println("session lost: " + v.name + " sent to log in by the edit form");
      v.loggedIn = false;
      return;
    }
    if (!expect(form, 200, "edit form")) {
      return;
    }
    String marker = "m" + runId + "r" + (++markers);
    Answer saved = post(v, "/_edit/" + pageName(page), Map.of("content",
        "Written by " + v.name + ": " + marker + "\n", "comment", marker,
        "base", base(form.body()), "csrf", csrf(form.body())));
    if (saved == null) {
      return;
    }
    if (saved.status() == 409) {
      stale++;
      System.out.println("stale: the edit form of " + pageName(page) + " had an old base");
    } else if (expect(saved, 303, "save")) {
      latest.put(page, marker);
    }
  }

  private void view(Visitor v, int page) {
    Answer a = get(v, "/" + pageName(page));
    if (a == null) {
      return;
    }
    String want = latest.get(page);
    if (want == null) {  // a missing page: "not found", or a logged-in user is sent to create it
      if (a.status() != (v.loggedIn ? 303 : 404)) {
        expect(a, v.loggedIn ? 303 : 404, "view of a missing page");
      }
      return;
    }
    if (!expect(a, 200, "view")) {
      return;
    }
    if (!a.body().contains(want)) {
      stale++;
      System.out.println("stale: a view of " + pageName(page) + " lacks " + want);
    }
    checkSession(v, a);
  }

  private void history(Visitor v, int page) {
    Answer a = get(v, "/_history/" + pageName(page));
    String want = latest.get(page);
    if (a == null || !expect(a, want == null ? 404 : 200, "history")) {
      return;
    }
    if (want != null && !a.body().contains(want)) {
      stale++;
      System.out.println("stale: the history of " + pageName(page) + " lacks " + want);
    }
    checkSession(v, a);
  }

  private void recent(Visitor v) {
    Answer a = get(v, "/_recent");
    if (a == null || !expect(a, 200, "recent changes")) {
      return;
    }
    String want = markers == 0 ? null : "m" + runId + "r" + markers;
    if (want != null && latest.containsValue(want) && !a.body().contains(want)) {
      stale++;
      System.out.println("stale: recent changes lack " + want);
    }
    checkSession(v, a);
  }

  /** A logged-in user's page must say so. */
  private boolean checkSession(Visitor v, Answer a) {
    if (v.loggedIn && !a.body().contains("log out")) {
      sessionsLost++;
      System.out.println("session lost: " + v.name);
      v.loggedIn = false;
      return false;
    }
    return true;
  }

  private boolean expect(Answer a, int status, String what) {
    if (a.status() == status) {
      return true;
    }
    failed++;
    System.out.println("failed: " + what + " answered " + a.status());
    return false;
  }

  private Answer get(Visitor v, String path) {
    return send(v, path, null);
  }

  private Answer post(Visitor v, String path, Map<String, String> form) {
    return send(v, path, form);
  }

  /** One request to the next server that is up; null (counted failed) if it cannot be had. */
  private Answer send(Visitor v, String path, Map<String, String> form) {
    int server = nextServer();
    sent++;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(servers.get(server)
        + path)).timeout(Duration.ofSeconds(30));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
              .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "="
                  + URLEncoder.encode(e.getValue(), UTF_8))
              .collect(Collectors.joining("&"))));
    }
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = v.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - t0;
      if (sent <= nanos.length) {
        nanos[sent - 1] = took;
      }
      if (took > TimeUnit.SECONDS.toNanos(2)) {
        System.out.printf(java.util.Locale.ROOT, "slow: %s %s%s answered %d in %d ms%n",
            form == null ? "GET" : "POST", servers.get(server), path, r.statusCode(),
            took / 1_000_000);
      }
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      failed++;
      System.out.println("failed: " + servers.get(server) + path + ": " + e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int nextServer() {
    for (;;) {
      int s = next++ % servers.size();
      if (!(victimDown && s == victim)) {
        return s;
      }
    }
  }

  private void runChaos(String what) throws IOException, InterruptedException {
    System.out.println("chaos: " + what + " after " + sent + " requests");
    Process p = new ProcessBuilder("bash", chaos, what).inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("the chaos script failed to " + what);
    }
  }

  private void awaitVictim() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(servers.get(victim) + "/_recent"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the restarted server " + servers.get(victim)
        + " did not answer within 120 s");
  }

  private static String pageName(int page) {
    return "Cluster/Page" + page;
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    return m.find() ? m.group(1) : "";
  }

  private static String base(String html) {
    Matcher m = BASE.matcher(html);
    return m.find() ? m.group(1) : "";
  }

  private static String cookie(Visitor v, String name) {
    for (HttpCookie c : v.cookies.getCookieStore().getCookies()) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }
}
