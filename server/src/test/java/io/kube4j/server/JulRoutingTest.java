package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** gRPC logs through java.util.logging; after the launcher's setup those records reach Logback. */
class JulRoutingTest {

  @Test
  void julRecordsReachLogbackAndLibraryNoiseStaysOut() {
    Kube4j.routeJulToSlf4j();
    Logger grpc = (Logger) LoggerFactory.getLogger("io.grpc.internal.SomeGrpcClass");
    Logger ours = (Logger) LoggerFactory.getLogger("io.kube4j.julcheck");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    grpc.addAppender(seen);
    ours.addAppender(seen);
    try {
      java.util.logging.Logger.getLogger("io.kube4j.julcheck").info("through jul");
      java.util.logging.Logger.getLogger("io.grpc.internal.SomeGrpcClass").info("grpc chatter");
      java.util.logging.Logger.getLogger("io.grpc.internal.SomeGrpcClass").warning("grpc trouble");

      assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("through jul", "grpc trouble");
    } finally {
      grpc.detachAppender(seen);
      ours.detachAppender(seen);
    }
  }
}
