package dev.wharf.translator.resolve;

import java.util.List;

/**
 * How the incremental stages compare memo keys: element by element, by identity, except strings and
 * numbers (by value). A key lists the inputs a result was computed from; the state's persistent
 * maps and records keep their identity until they are written, so an unchanged identity means an
 * unchanged input, and the memoised result equals what a fresh computation would give.
 */
final class MemoKey {
  private MemoKey() {}

  static boolean same(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      if (x == y) {
        continue;
      }
      boolean byValue = x instanceof String || x instanceof Number || x instanceof Boolean;
      if (!byValue || !x.equals(y)) {
        return false;
      }
    }
    return true;
  }
}
