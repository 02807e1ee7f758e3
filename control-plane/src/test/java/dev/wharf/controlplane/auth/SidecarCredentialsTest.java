package dev.wharf.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sidecar credentials: issued, checked, refused when altered, foreign or expired; the key file is private. */
class SidecarCredentialsTest {
  private static final String TASK = "arn:aws:ecs:us-east-1:000000000000:task/c1/abc";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aCredentialNamesItsTaskServiceAndExpiry() throws Exception {
    Path dir = Files.createTempDirectory("wharf-cred-");
    SidecarCredentials c = SidecarCredentials.open(dir);
    String token = c.issue(TASK, "payments", NOW.plusSeconds(60));
    SidecarCredentials.Verdict.Valid v = assertInstanceOf(SidecarCredentials.Verdict.Valid.class, c.verify(token, NOW));
    assertEquals(new SidecarCredentials.Claims(TASK, "payments", NOW.plusSeconds(60)), v.claims());
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve(SidecarCredentials.KEY_FILE))));
    assertInstanceOf(SidecarCredentials.Verdict.Valid.class, SidecarCredentials.open(dir).verify(token, NOW),
        "the key survives a restart");
  }

  @Test
  void alteredForeignExpiredAndMissingCredentialsAreRefused() {
    SidecarCredentials c = SidecarCredentials.withKey(new byte[32]);
    String token = c.issue(TASK, "payments", NOW.plusSeconds(60));
    String[] parts = token.split("\\.");
    String otherTask = Base64.getUrlEncoder().withoutPadding().encodeToString(
        (TASK + "x\npayments\n" + NOW.plusSeconds(60).getEpochSecond()).getBytes(StandardCharsets.UTF_8));
    String swapped = parts[0] + "." + otherTask + "." + parts[2];
    assertInstanceOf(SidecarCredentials.Verdict.Invalid.class, c.verify(swapped, NOW));
    byte[] other = new byte[32];
    other[0] = 1;
    assertInstanceOf(SidecarCredentials.Verdict.Invalid.class, SidecarCredentials.withKey(other).verify(token, NOW));
    assertInstanceOf(SidecarCredentials.Verdict.Invalid.class, c.verify(token, NOW.plusSeconds(60)));
    assertInstanceOf(SidecarCredentials.Verdict.Invalid.class, c.verify("garbage", NOW));
    assertInstanceOf(SidecarCredentials.Verdict.Missing.class, c.verify(null, NOW));
  }
}
