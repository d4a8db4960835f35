package io.kube4j.e2e;

import java.nio.file.Path;

/** The reference: {@link EtcdctlContract} against the real etcd binary. */
class EtcdctlEtcdE2E extends EtcdctlContract {

  @Override
  StoreProcess startStore(String memberName, Path dir) throws Exception {
    return StoreProcess.etcd(memberName, dir);
  }
}
