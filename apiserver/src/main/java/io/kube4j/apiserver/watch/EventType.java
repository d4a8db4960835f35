package io.kube4j.apiserver.watch;

/** The watch event types of {@code meta/v1 WatchEvent}. */
public enum EventType {
    ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
}
