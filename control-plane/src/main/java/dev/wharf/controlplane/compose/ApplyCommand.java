package dev.wharf.controlplane.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.controlplane.local.ExampleFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wharf apply --endpoint URL (DIR | -- CALL...)}: sends ECS documents to a Wharf through the
 * AWS API, once. A CALL is {@code "<service> <Operation> <json>"}, separated by any whitespace (what
 * {@link ComposeFile} writes for the {@code wharf-apply} container); DIR is a folder in the
 * {@link ExampleFiles} format.
 *
 * <p>Idempotent for a whole folder: when every service the calls create already exists and is
 * ACTIVE (a stack started again on its state volume), nothing is sent. Waits up to 60 s for the
 * server to accept connections. Exit codes: 0 applied or already applied; 1 a call failed (its AWS
 * error on {@code err}); 2 bad usage.
 */
public final class ApplyCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApplyCommand() {}

  /** Runs the command with the arguments after {@code apply}. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    String endpoint = null;
    List<ComposePlan.Call> calls = new ArrayList<>();
    try {
      int i = 0;
      for (; i < args.length; i++) {
        if (args[i].equals("--endpoint") && i + 1 < args.length) {
          endpoint = args[++i];
        } else if (args[i].equals("--")) {
          for (i++; i < args.length; i++) {
            String[] parts = args[i].strip().split("\\s+", 3);
            if (parts.length != 3) {
              throw new IllegalArgumentException("a call is '<service> <Operation> <json>', got " + args[i]);
            }
            calls.add(new ComposePlan.Call(parts[0], parts[1], parts[2]));
          }
        } else if (!args[i].startsWith("-") && calls.isEmpty()) {
          for (ExampleFiles.Call c : ExampleFiles.calls(Path.of(args[i]))) {
            calls.add(new ComposePlan.Call(c.service(), c.operation(),
                Files.readString(c.file(), StandardCharsets.UTF_8)));
          }
        } else {
          throw new IllegalArgumentException("unexpected argument " + args[i]);
        }
      }
      if (endpoint == null || calls.isEmpty()) {
        throw new IllegalArgumentException("usage: wharf apply --endpoint URL (DIR | -- CALL...)");
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("wharf apply: " + e.getMessage());
      return 2;
    }
    AwsApiClient api = new AwsApiClient(URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/"));
    try {
      awaitServer(api);
      if (alreadyApplied(api, calls)) {
        out.println("wharf apply: every service exists already (state kept on the volume); nothing sent");
        return 0;
      }
      for (ComposePlan.Call c : calls) {
        AwsApiClient.Reply r = api.call(c.service(), c.operation(), c.json());
        out.printf("  %-16s %-24s %s%n", c.service(), c.operation(), r.ok() ? "ok" : "FAILED " + r.status());
        if (!r.ok()) {
          err.println("wharf apply: " + c.service() + " " + c.operation() + ": " + r.body());
          return 1;
        }
      }
      out.println("wharf apply: applied " + calls.size() + " calls to " + endpoint);
      return 0;
    } catch (IOException e) {
      err.println("wharf apply: " + endpoint + ": " + e);
      return 1;
    }
  }

  private static void awaitServer(AwsApiClient api) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        if (api.admin("/wharf/health").ok()) {
          return;
        }
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(250);
    }
  }

  /** True when the calls create at least one service and every one of them is ACTIVE already. */
  static boolean alreadyApplied(AwsApiClient api, List<ComposePlan.Call> calls)
      throws IOException, InterruptedException {
    int services = 0;
    for (ComposePlan.Call c : calls) {
      if (!c.service().equals("ecs") || !c.operation().equals("CreateService")) {
        continue;
      }
      services++;
      JsonNode doc = JSON.readTree(c.json());
      String body = JSON.createObjectNode()
          .put("cluster", doc.path("cluster").asText("default"))
          .set("services", JSON.createArrayNode().add(doc.path("serviceName").asText()))
          .toString();
      AwsApiClient.Reply r = api.call("ecs", "DescribeServices", body);
      if (!r.ok()
          || !EcsService.ACTIVE.equals(JSON.readTree(r.body()).path("services").path(0).path("status").asText())) {
        return false;
      }
    }
    return services > 0;
  }
}
