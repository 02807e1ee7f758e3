package dev.wharf.api.protocol;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The query protocol's flattened parameters as the tree the other protocols parse to: {@code
 * Dimensions.member.1.Name=X} becomes {@code {"Dimensions": [{"Name": "X"}]}}; list members are
 * ordered by their index; {@code Action} and {@code Version} are dropped. Values stay strings (the
 * operations read numbers, booleans and timestamps from strings too). An empty value of a list
 * ({@code Statistics=}) is an empty string, which operations read as an empty list.
 */
final class QueryForms {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private QueryForms() {}

  static JsonNode tree(Map<String, String> form) {
    ObjectNode root = NODES.objectNode();
    for (Map.Entry<String, String> e : form.entrySet()) {
      if (e.getKey().equals("Action") || e.getKey().equals("Version")) {
        continue;
      }
      String[] parts = e.getKey().split("\\.", -1);
      ObjectNode cur = root;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode next = cur.get(parts[i]);
        if (!(next instanceof ObjectNode)) {
          next = NODES.objectNode();
          cur.set(parts[i], next);
        }
        cur = (ObjectNode) next;
      }
      String last = parts[parts.length - 1];
      if (!(cur.get(last) instanceof ObjectNode)) {
        cur.put(last, e.getValue());
      }
    }
    return lists(root);
  }

  /** {@code {"member": {"1": a, "2": b}}} → {@code [a, b]}, bottom up. */
  private static JsonNode lists(JsonNode node) {
    if (!(node instanceof ObjectNode object)) {
      return node;
    }
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      object.set(name, lists(object.get(name)));
    }
    if (names.size() == 1 && names.get(0).equals("member") && object.get("member") instanceof ObjectNode items) {
      Map<Integer, JsonNode> byIndex = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> item = it.next();
        try {
          byIndex.put(Integer.parseInt(item.getKey()), item.getValue());
        } catch (NumberFormatException e) {
          return node;
        }
      }
      ArrayNode array = NODES.arrayNode();
      byIndex.values().forEach(array::add);
      return array;
    }
    return node;
  }
}
