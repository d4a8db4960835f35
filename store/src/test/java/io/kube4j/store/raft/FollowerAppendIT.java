package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.mvcc.StoreCommand;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto.AppendResult;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower must never acknowledge a log entry it does not hold: the leader's match index for it only
 * grows, and Ratis' leader prefers matchIndex + 1 over the follower's own "next index" hint, so an
 * over-acknowledged follower is never sent the missing entries again and stays without a leader (it
 * serves no linearizable read) until leadership moves. This happened to a member restarted behind a busy
 * leader (ClusterE2E): the leader resent a longer batch from an index whose shorter batch the follower
 * was still appending, and Ratis' composed append answered the longer one with the shorter one's result.
 *
 * <p>Here the leader is this test: one member of a three-member group (the other two never start)
 * receives two AppendEntries from the same index back to back, the second carrying more entries, as a
 * leader does after resetting its next index while the first is in flight.
 */
@Timeout(120)
class FollowerAppendIT {
  private static final long TERM = 1;
  private static final ClientId CLIENT = ClientId.randomId();
  @TempDir Path dir;

  @Test
  void aResentLongerBatchIsAcknowledgedOnlyOnceEveryEntryOfItIsInTheLog() throws Exception {
    Map<String, URI> peers = RaftTestSupport.cluster(3);
    try (RaftKvStore follower = RaftKvStore.open(RaftTestSupport.config("m0", dir.resolve("m0"), peers, "new", 100_000),
        RaftTuning.defaults())) {
      RaftServer.Division division = follower.division();
      RaftServer server = division.getRaftServer();
      RaftPeerId leader = division.getRaftConf().getAllPeers().stream().map(RaftPeer::getId)
          .filter(id -> !id.equals(server.getId())).findFirst().orElseThrow();

      for (int round = 0; round < 5; round++) {
        long from = division.getRaftLog().getNextIndex();
        int shorter = 2_000;
        int longer = shorter + 5;
        List<CompletableFuture<AppendEntriesReplyProto>> replies = new ArrayList<>();
        // Back to back, as a pipelining leader sends them: the first is still being written when the second arrives.
        replies.add(server.appendEntriesAsync(append(division, leader, 2L * round, from, shorter)));
        replies.add(server.appendEntriesAsync(append(division, leader, 2L * round + 1, from, longer)));

        for (CompletableFuture<AppendEntriesReplyProto> future : replies) {
          AppendEntriesReplyProto reply = future.get(30, TimeUnit.SECONDS);
          if (reply.getResult() != AppendResult.SUCCESS) {
            continue; // refusing is safe: the leader resends
          }
          long lastInLog = division.getRaftLog().getLastEntryTermIndex().getIndex();
          assertThat(reply.getMatchIndex())
              .as("round %d: index acknowledged to the leader vs the follower's last log entry %d", round, lastInLog)
              .isLessThanOrEqualTo(lastInLog);
        }
      }
    }
  }

  private static AppendEntriesRequestProto append(RaftServer.Division follower, RaftPeerId leader, long callId,
      long from, int count) {
    AppendEntriesRequestProto.Builder request = AppendEntriesRequestProto.newBuilder()
        .setServerRequest(RaftRpcRequestProto.newBuilder()
            .setRequestorId(leader.toByteString())
            .setReplyId(follower.getId().toByteString())
            .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(follower.getGroup().getGroupId().toByteString()))
            .setCallId(callId))
        .setLeaderTerm(TERM)
        .setLeaderCommit(0) // nothing commits: only what the follower logs and acknowledges matters here
        .setInitializing(false);
    if (from > 0) {
      request.setPreviousLog(follower.getRaftLog().getTermIndex(from - 1).toProto());
    }
    for (long index = from; index < from + count; index++) {
      byte[] command = CommandCodec.encode(new RaftCommand.Kv(new StoreCommand.Write(
          PutRequest.of(Bytes.of("/k" + index), Bytes.of("v")))));
      request.addEntries(LogEntryProto.newBuilder().setTerm(TERM).setIndex(index)
          .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFrom(command))
              .setClientId(CLIENT.toByteString()).setCallId(index)));
    }
    return request.build();
  }
}
