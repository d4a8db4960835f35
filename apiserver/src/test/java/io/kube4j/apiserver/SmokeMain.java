package io.kube4j.apiserver;

import io.kube4j.store.mvcc.LocalKvStore;

/** Starts an apiserver over an in-memory store on plain HTTP, for poking at by hand. */
final class SmokeMain {
    public static void main(String[] args) throws Exception {
        ApiServer s = ApiServer.start(new LocalKvStore(1L << 30), new PlainHttp(), (r, p) -> "admin", () -> "", 1000);
        System.out.println("URL " + s.url());
        Thread.sleep(Long.MAX_VALUE);
    }
}
