package io.kube4j.e2e;

import java.nio.file.Path;

/**
 * The claim: {@link EtcdctlContract} against {@code bin/kube4j store}, started from the distribution
 * the reactor just packaged. A kube4j process that dies fails the suite with its log; it never skips.
 */
class EtcdctlKube4jE2E extends EtcdctlContract {

  @Override
  StoreProcess startStore(String memberName, Path dir) throws Exception {
    return StoreProcess.kube4j(memberName, dir);
  }
}
