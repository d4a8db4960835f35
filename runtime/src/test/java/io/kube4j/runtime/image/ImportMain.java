package io.kube4j.runtime.image;

import java.nio.file.Path;

/**
 * What {@code kube4j images import --data-dir DIR FILE} does, as a separate process for the tests
 * of two processes sharing one store: imports FILE into the store at DIR and prints the image ids.
 */
public final class ImportMain {

    private ImportMain() {}

    public static void main(String[] args) {
        ImageStore store = new ImageStore(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            store.importArchive(Path.of(args[i])).forEach(s -> System.out.println(s.id()));
        }
    }
}
