package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterSizeAdviceTest {

  @Test
  void oddCountsNeedNoAdvice() {
    assertThat(ClusterSizeAdvice.evenMemberWarning(1)).isEmpty();
    assertThat(ClusterSizeAdvice.evenMemberWarning(3)).isEmpty();
    assertThat(ClusterSizeAdvice.evenMemberWarning(5)).isEmpty();
    assertThat(ClusterSizeAdvice.evenMemberWarning(7)).isEmpty();
  }

  @Test
  void fourMembersTolerateOneFailureLikeThree() {
    assertThat(ClusterSizeAdvice.evenMemberWarning(4)).hasValueSatisfying(text -> assertThat(text)
        .contains("4 members")
        .contains("odd count is better")
        .contains("majority (3 of 4)")
        .contains("tolerate 1 failure, the same as 3")
        .contains("more votes")
        .contains("Use 3 or 5 members"));
  }

  @Test
  void twoMembersTolerateNoFailure() {
    assertThat(ClusterSizeAdvice.evenMemberWarning(2)).hasValueSatisfying(text -> assertThat(text)
        .contains("majority (2 of 2)")
        .contains("tolerate no failure, the same as 1")
        .contains("losing either member stops the cluster"));
  }

  @Test
  void sixMembersTolerateTwoFailuresLikeFive() {
    assertThat(ClusterSizeAdvice.evenMemberWarning(6)).hasValueSatisfying(text -> assertThat(text)
        .contains("majority (4 of 6)")
        .contains("tolerate 2 failures, the same as 5"));
  }
}
