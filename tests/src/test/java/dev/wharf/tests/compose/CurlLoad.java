package dev.wharf.tests.compose;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real traffic from inside a client task: a shell loop in the task's app container that calls a URL
 * by its Service Connect short name with curl, one request (and connection) at a time, until
 * stopped. Each answer is recorded with the wall-clock time the test received it, its HTTP status
 * ({@code 0} when curl got none) and the id of the task that answered (the demo app's {@code "task"}).
 * Thread-safe.
 */
final class CurlLoad implements AutoCloseable {
  /** One answer. */
  record Answer(long atMillis, int status, String task) {
    boolean ok() {
      return status == 200;
    }
  }

  private static final Pattern LINE = Pattern.compile("(?:.*?\"task\":\"([0-9a-f]+)\".*)? ?(\\d{3})$");

  private final ComposeProject project;
  private final String service;
  private final String stopFile;
  private final Process process;
  private final Thread reader;
  private final List<Answer> answers = new ArrayList<>();

  private CurlLoad(ComposeProject project, String service, String url) throws IOException {
    this.project = project;
    this.service = service;
    this.stopFile = "/tmp/wharf-load-stop-" + System.nanoTime();
    this.process = project.start(service, "sh", "-c",
        "while [ ! -f " + stopFile + " ]; do curl -s -m 5 -w ' %{http_code}\\n' " + url + "; done");
    this.reader = new Thread(this::read, "curl-load");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts calling {@code url} from the app container of {@code service}. */
  static CurlLoad start(ComposeProject project, String service, String url) throws IOException {
    return new CurlLoad(project, service, url);
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Matcher m = LINE.matcher(line.strip());
        if (m.matches()) {
          synchronized (answers) {
            answers.add(new Answer(System.currentTimeMillis(), Integer.parseInt(m.group(2)), m.group(1)));
          }
        }
      }
    } catch (IOException e) {
      // the loop ended
    }
  }

  /** A copy of the answers so far. */
  List<Answer> answers() {
    synchronized (answers) {
      return List.copyOf(answers);
    }
  }

  /** Waits until at least {@code n} answers arrived (at most {@code seconds}). */
  void awaitAnswers(int n, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (answers().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Stops the loop after its current request. */
  @Override
  public void close() throws InterruptedException {
    project.exec(service, "touch", stopFile);
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    reader.join(5000);
    project.exec(service, "rm", "-f", stopFile);
  }
}
