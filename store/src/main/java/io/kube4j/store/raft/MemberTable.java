package io.kube4j.store.raft;

import io.kube4j.store.api.Member;
import io.kube4j.store.api.StoreException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated part of membership that Raft's configuration does not hold: each member's name, its
 * peer URLs as etcd lists them, its client URLs, and members added by MemberAdd that have not joined.
 * Raft's configuration stays the truth of who votes; this table only describes.
 *
 * <p>Changed only by the Raft apply thread ({@link #apply}, {@link #readFrom}); read from any thread.
 * Every method is synchronized: the table is tiny and rarely touched.
 */
final class MemberTable {
  private static final String ID_EXISTS = "etcdserver: member ID already exist";

  private final Map<Long, Member> members = new TreeMap<>();

  /**
   * Applies one change, deterministically.
   *
   * @return the store-visible result: the member list after the change
   * @throws StoreException.FailedPrecondition when an added member's id or peer URL is taken
   */
  synchronized List<Member> apply(MemberCommand command) {
    switch (command) {
      case MemberCommand.Add add -> {
        if (members.containsKey(add.id())) {
          throw new StoreException.FailedPrecondition(ID_EXISTS);
        }
        for (Member m : members.values()) {
          for (String url : add.peerUrls()) {
            if (m.peerUrls().contains(url)) {
              throw new StoreException.FailedPrecondition(StoreException.PEER_URL_EXISTS);
            }
          }
        }
        members.put(add.id(), new Member(add.id(), "", add.peerUrls(), List.of(), add.learner()));
      }
      case MemberCommand.Publish p -> {
        Member old = members.get(p.id());
        boolean learner = old != null && old.learner();
        List<String> peers = p.peerUrls().isEmpty() && old != null ? old.peerUrls() : p.peerUrls();
        members.put(p.id(), new Member(p.id(), p.name(), peers, p.clientUrls(), learner));
      }
      case MemberCommand.Remove r -> members.remove(r.id());
    }
    return List.copyOf(members.values());
  }

  synchronized Member get(long id) {
    return members.get(id);
  }

  synchronized List<Member> all() {
    return List.copyOf(members.values());
  }

  synchronized void writeTo(DataOutput out) throws IOException {
    Wire.writeLength(out, members.size());
    for (Member m : members.values()) {
      CommandCodec.writeMember(out, m);
    }
  }

  /** Replaces the whole table with the one in a snapshot. */
  synchronized void readFrom(DataInput in) throws IOException {
    int n = Wire.readLength(in);
    List<Member> loaded = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      loaded.add(CommandCodec.readMember(in));
    }
    members.clear();
    for (Member m : loaded) {
      members.put(m.id(), m);
    }
  }
}
