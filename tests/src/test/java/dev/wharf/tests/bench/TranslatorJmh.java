package dev.wharf.tests.bench;

import dev.wharf.api.state.MeshState;
import dev.wharf.translator.TranslationResult;
import dev.wharf.translator.Translator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The translator on the benchmark mesh: S services × 3 tasks and one client proxy (the cost of one
 * proxy's configuration; a pass costs this times the number of tasks with Service Connect).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TranslatorJmh {
  @Param({"1000", "10000"})
  public int services;

  private MeshState state;

  @Setup
  public void setup() {
    state = BenchState.build(services, 1);
  }

  @Benchmark
  public TranslationResult translate() {
    return Translator.translateOnce(state);
  }
}
