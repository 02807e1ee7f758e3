package dev.wharf.api.protocol;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Turns Jackson failures into {@code SerializationException}s whose text names the member, not Java. */
final class Serialization {
  private Serialization() {}

  static AwsException error(Exception e) {
    String where = "";
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          path.append('[').append(r.getIndex()).append(']');
        }
      }
      where = " at '" + path + "'";
    }
    String what = e instanceof JsonMappingException ? "Unexpected value type" : "Malformed JSON";
    return new AwsException("SerializationException", what + where + ".");
  }
}
