package dev.wharf.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up warnings for a server others can reach without checks (no socket is bound here). */
class ExposureWarningsTest {
  private static ControlPlaneConfig on(String host) {
    ControlPlaneConfig d = ControlPlaneConfig.defaults(Path.of("unused"));
    return new ControlPlaneConfig(host, d.apiPort(), host, d.xdsPort(), d.dataDir(), d.taskGrace(),
        d.reconcileQuiet(), d.reconcileMaxDelay(), d.adminReset(), d.translatorOptions(), d.tls(), d.metrics(),
        d.security());
  }

  @Test
  void loopbackWarnsOfNothing() {
    assertEquals(List.of(), ControlPlane.exposureWarnings(on("127.0.0.1"), false, false));
  }

  @Test
  void beyondLoopbackWithoutCredentialsWarnsOfBoth() {
    List<String> w = ControlPlane.exposureWarnings(on("0.0.0.0"), false, false);
    assertEquals(2, w.size(), w.toString());
    assertTrue(w.get(0).contains("no --credentials file"), w.get(0));
    assertTrue(w.get(1).contains("admits sidecars without a credential"), w.get(1));
  }

  @Test
  void beyondLoopbackWithEverythingCheckedWarnsOfNothing() {
    assertEquals(List.of(), ControlPlane.exposureWarnings(on("0.0.0.0"), true, true));
    assertEquals(1, ControlPlane.exposureWarnings(on("10.0.0.5"), false, true).size());
  }
}
