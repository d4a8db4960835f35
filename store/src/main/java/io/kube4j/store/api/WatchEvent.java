package io.kube4j.store.api;

/**
 * One change of one key. For a delete, {@code kv} holds the key and the delete's revision as
 * mod revision, with version 0 and no value, as etcd reports it.
 *
 * @param prevKv the key value before the change, when the watch asked for it and there was one
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {
  public enum Type { PUT, DELETE }
}
