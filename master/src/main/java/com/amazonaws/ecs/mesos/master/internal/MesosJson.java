package com.amazonaws.ecs.mesos.master.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Protobuf messages as Mesos writes and reads them in JSON (its {@code JSON::protobuf} and
 * {@code protobuf::parse}), not as protobuf-java's {@code JsonFormat} does: field names exactly as in the
 * {@code .proto} ({@code framework_id}), enums by name, bytes in standard base64, every integer (64-bit
 * ones too) as a JSON number (mesos-go decodes them into numbers), doubles as numbers with {@code .0} when
 * integral, map fields as objects, unset fields left out, one compact line.
 *
 * <p>Reading accepts what Mesos accepts: unknown keys are ignored, {@code null} means unset, numbers and
 * booleans may be strings, doubles may be {@code "Infinity"}; an enum given as a number, an unknown enum
 * name in a required field, bad base64 and missing required fields are errors ({@link BadJson}).
 */
public final class MesosJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private MesosJson() {}

  /** A body that is not JSON, or not a valid message of the expected type: the message says why. */
  public static final class BadJson extends Exception {
    private static final long serialVersionUID = 1L;

    BadJson(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- writing

  /** The message as one line of Mesos JSON, UTF-8. */
  public static byte[] write(Message message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writeMessage(g, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The message as a tree, for endpoints that build larger documents around it. */
  public static JsonNode tree(Message message) {
    try {
      return MAPPER.readTree(write(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeMessage(JsonGenerator g, Message message) throws IOException {
    g.writeStartObject();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      g.writeFieldName(f.getName());
      if (f.isMapField()) {
        g.writeStartObject();
        for (Object entry : (List<?>) e.getValue()) {
          Message m = (Message) entry;
          Descriptor d = m.getDescriptorForType();
          g.writeFieldName(String.valueOf(m.getField(d.findFieldByName("key"))));
          writeValue(g, d.findFieldByName("value"), m.getField(d.findFieldByName("value")));
        }
        g.writeEndObject();
      } else if (f.isRepeated()) {
        g.writeStartArray();
        for (Object v : (List<?>) e.getValue()) {
          writeValue(g, f, v);
        }
        g.writeEndArray();
      } else {
        writeValue(g, f, e.getValue());
      }
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, FieldDescriptor f, Object v) throws IOException {
    switch (f.getJavaType()) {
      case MESSAGE:
        writeMessage(g, (Message) v);
        break;
      case ENUM:
        g.writeString(((EnumValueDescriptor) v).getName());
        break;
      case BYTE_STRING:
        g.writeString(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
        break;
      case BOOLEAN:
        g.writeBoolean((Boolean) v);
        break;
      case DOUBLE:
      case FLOAT:
        double d = ((Number) v).doubleValue();
        if (Double.isInfinite(d) || Double.isNaN(d)) {
          g.writeString(Double.toString(d));
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          g.writeRawValue(((long) d) + ".0");
        } else {
          g.writeNumber(d);
        }
        break;
      case INT:
        if (isUnsigned32(f)) {
          g.writeNumber(Integer.toUnsignedLong((Integer) v));
        } else {
          g.writeNumber((Integer) v);
        }
        break;
      case LONG:
        if (isUnsigned64(f)) {
          g.writeRawValue(Long.toUnsignedString((Long) v));
        } else {
          g.writeNumber((Long) v);
        }
        break;
      case STRING:
      default:
        g.writeString(String.valueOf(v));
        break;
    }
  }

  private static boolean isUnsigned32(FieldDescriptor f) {
    return f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32;
  }

  private static boolean isUnsigned64(FieldDescriptor f) {
    return f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
  }

  // ---------------------------------------------------------------- reading

  /** Parses a body into {@code builder}'s message type; every required field must be there. */
  public static <B extends Message.Builder> B read(byte[] json, B builder) throws BadJson {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new BadJson("Failed to parse body into JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new BadJson("Failed to parse body into JSON: not a JSON object");
    }
    try {
      merge((ObjectNode) root, builder);
    } catch (IllegalArgumentException e) {
      throw new BadJson("Failed to convert JSON into " + builder.getDescriptorForType().getName() + " protobuf: "
          + e.getMessage());
    }
    if (!builder.isInitialized()) {
      throw new BadJson("Failed to convert JSON into " + builder.getDescriptorForType().getName()
          + " protobuf: Missing required fields: " + String.join(", ", missing(builder)));
    }
    return builder;
  }

  private static List<String> missing(Message.Builder builder) {
    return builder.buildPartial().findInitializationErrors();
  }

  private static void merge(ObjectNode object, Message.Builder builder) {
    Descriptor type = builder.getDescriptorForType();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      FieldDescriptor f = type.findFieldByName(e.getKey());
      JsonNode value = e.getValue();
      if (f == null || value == null || value.isNull()) {
        continue; // unknown keys are ignored, null means unset
      }
      if (f.isMapField()) {
        if (!value.isObject()) {
          throw new IllegalArgumentException("Expecting a JSON object for field '" + f.getName() + "'");
        }
        for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = entries.next();
          Message.Builder eb = builder.newBuilderForField(f);
          Descriptor d = eb.getDescriptorForType();
          eb.setField(d.findFieldByName("key"), convert(d.findFieldByName("key"), new com.fasterxml.jackson.databind
              .node.TextNode(entry.getKey()), eb));
          Object v = convert(d.findFieldByName("value"), entry.getValue(), eb);
          if (v != null) {
            eb.setField(d.findFieldByName("value"), v);
          }
          builder.addRepeatedField(f, eb.build());
        }
      } else if (f.isRepeated()) {
        if (!value.isArray()) {
          throw new IllegalArgumentException("Expecting a JSON array for field '" + f.getName() + "'");
        }
        for (JsonNode item : (ArrayNode) value) {
          Object v = convert(f, item, builder);
          if (v != null) {
            builder.addRepeatedField(f, v);
          }
        }
      } else {
        Object v = convert(f, value, builder);
        if (v != null) {
          builder.setField(f, v);
        }
      }
    }
  }

  /** The value for one field (one item of a repeated one); null to leave an optional field unset. */
  private static Object convert(FieldDescriptor f, JsonNode v, Message.Builder parent) {
    switch (f.getJavaType()) {
      case MESSAGE:
        if (!v.isObject()) {
          throw new IllegalArgumentException("Expecting a JSON object for field '" + f.getName() + "'");
        }
        Message.Builder b = parent.newBuilderForField(f);
        merge((ObjectNode) v, b);
        return b.buildPartial();
      case ENUM:
        if (!v.isTextual()) {
          throw new IllegalArgumentException("Expecting a JSON string for field '" + f.getName() + "'");
        }
        EnumValueDescriptor e = f.getEnumType().findValueByName(v.asText());
        if (e == null && f.isRequired()) {
          throw new IllegalArgumentException("Failed to find enum for '" + v.asText() + "' of field '"
              + f.getName() + "'");
        }
        return e;
      case BYTE_STRING:
        try {
          return ByteString.copyFrom(Base64.getDecoder().decode(v.asText()));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException("Failed to base64 decode field '" + f.getName() + "'");
        }
      case BOOLEAN:
        if (v.isBoolean()) {
          return v.booleanValue();
        }
        if (v.isTextual() && ("true".equals(v.asText()) || "false".equals(v.asText()))) {
          return Boolean.valueOf(v.asText());
        }
        throw new IllegalArgumentException("Expecting a JSON boolean for field '" + f.getName() + "'");
      case DOUBLE:
        return number(f, v).doubleValue();
      case FLOAT:
        return number(f, v).floatValue();
      case INT:
        return (int) number(f, v).longValue();
      case LONG:
        if (v.isTextual() && isUnsigned64(f)) {
          return Long.parseUnsignedLong(v.asText().trim());
        }
        if (v.isBigInteger()) {
          return v.bigIntegerValue().longValue();
        }
        return number(f, v).longValue();
      case STRING:
      default:
        if (v.isContainerNode()) {
          throw new IllegalArgumentException("Expecting a JSON string for field '" + f.getName() + "'");
        }
        return v.asText();
    }
  }

  private static Number number(FieldDescriptor f, JsonNode v) {
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isTextual()) {
      String s = v.asText().trim();
      if ("Infinity".equals(s)) {
        return Double.POSITIVE_INFINITY;
      }
      if ("-Infinity".equals(s)) {
        return Double.NEGATIVE_INFINITY;
      }
      try {
        return s.contains(".") || s.contains("e") || s.contains("E") ? (Number) Double.valueOf(s) : Long.valueOf(s);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("Expecting a JSON number for field '" + f.getName() + "'");
  }
}
