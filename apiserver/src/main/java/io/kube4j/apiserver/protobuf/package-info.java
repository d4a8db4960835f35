/**
 * Kubernetes protobuf bodies ({@code application/vnd.kubernetes.protobuf}) for the apiserver.
 *
 * <p>{@link io.kube4j.apiserver.protobuf.KubeProtobuf} is the entry point: it decodes request
 * bodies to the JSON tree the rest of the apiserver works in, and encodes JSON objects, lists,
 * {@code Status} and watch events to upstream's wire format. The conversion is generic over the
 * {@code client-java-proto} descriptors; what the descriptors do not say (inlined Go structs, JSON
 * names such as {@code $ref}, Go pointers and {@code omitempty}) comes from {@code go-fields.tsv},
 * generated from upstream's Go types by {@code apiserver/src/test/scripts/protobuf-go-fields.py}.
 */
package io.kube4j.apiserver.protobuf;
