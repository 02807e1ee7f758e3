package dev.wharf.tests.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance suite's usual set-up on a {@link Mesh}: namespace {@code prod}, cluster
 * {@code shop}, a {@code checkout} client task and 3 {@code payments} tasks (appProtocol http, app
 * on :8080, discovery name {@code payments}, alias {@code payments:<aliasPort>}), ready when
 * checkout's hosts file maps the alias and its Envoy has all 3 endpoints.
 *
 * @param url the alias URL as checkout's hosts file resolves it
 */
public record Shop(Mesh.Task checkout, List<Mesh.Task> payments, String url) {

  /** Builds the set-up in task slots {@code (slot, 1)} for checkout and {@code (slot, 11..13)} for payments. */
  public static Shop setUp(Mesh mesh, int slot, int aliasPort) {
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 3,
        Sc.server("prod", Sc.port("api", "payments", "payments", aliasPort)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    Mesh.Task checkout = mesh.task("shop", "checkout", slot, 1, 0);
    List<Mesh.Task> payments = new ArrayList<>();
    for (int b = 1; b <= 3; b++) {
      payments.add(mesh.task("shop", "payments", slot, 10 + b, 8080));
    }
    Await.until(Duration.ofSeconds(10), "checkout maps payments and has its 3 tasks",
        () -> checkout.resolve("payments") != null && EnvoyAdmin.hosts(checkout, "payments") == 3);
    return new Shop(checkout, List.copyOf(payments), "http://" + checkout.resolve("payments") + ":" + aliasPort + "/");
  }
}
