package dev.wharf.tests.harness;

import dev.wharf.bootstrap.EnvoyBinary;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the repository and the tools the build installed into {@code .wharf/}. */
public final class Repo {
  private Repo() {}

  /** The repository root ({@link EnvoyBinary#repoRoot()}); fails the test when there is none. */
  public static Path root() {
    return EnvoyBinary.repoRoot().orElseThrow(
        () -> new IllegalStateException("cannot find the Wharf repository root; set -Dwharf.root"));
  }

  /** The real AWS CLI installed by the build; fails the test with instructions when absent. */
  public static Path awsCli() {
    Path aws = root().resolve(".wharf/venv/bin/aws");
    if (!Files.isExecutable(aws)) {
      throw new AssertionError("the AWS CLI is not installed at " + aws
          + "; run the build (mvn -B verify runs tools/install-deps.sh) or install it there");
    }
    return aws;
  }

  /** The Python of the build's venv (boto3 is installed in it). */
  public static Path python() {
    Path py = root().resolve(".wharf/venv/bin/python");
    if (!Files.isExecutable(py)) {
      throw new AssertionError("the build's Python venv is missing at " + py + "; run the build first");
    }
    return py;
  }
}
