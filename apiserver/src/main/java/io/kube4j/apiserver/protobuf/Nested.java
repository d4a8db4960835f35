package io.kube4j.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import tools.jackson.databind.JsonNode;

/**
 * The generic conversions, as the special types need them for their own contents (a schema
 * inside {@code JSONSchemaPropsOrArray}, an object inside a {@code RawExtension}).
 */
interface Nested {

    /** A message as JSON; null when the value is to be left out. */
    JsonNode toJson(Message message);

    /** JSON as a message of the given type; {@code path} names the place for error messages. */
    Message fromJson(Descriptor type, JsonNode json, String path);

    /** A whole {@code k8s\0} envelope, as embedded in a {@code RawExtension}, decoded to JSON. */
    JsonNode decodeEmbedded(byte[] envelope);
}
