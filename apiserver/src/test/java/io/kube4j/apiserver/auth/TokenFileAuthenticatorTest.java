package io.kube4j.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenFileAuthenticatorTest {

    record Good(String name, String file, String token, UserInfo expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Good> validFiles() {
        return Stream.of(
                new Good("three columns", "tok1,alice,uid-1\n", "tok1", user("alice", "uid-1")),
                new Good("quoted groups", "tok1,alice,uid-1,\"dev,ops\"\n", "tok1", user("alice", "uid-1", "dev", "ops")),
                new Good("single group unquoted", "tok1,alice,uid-1,dev", "tok1", user("alice", "uid-1", "dev")),
                new Good("empty groups dropped", "tok1,alice,uid-1,\",dev,,\"", "tok1", user("alice", "uid-1", "dev")),
                new Good("escaped quote in token", "\"to\"\"k\",bob,u2\n", "to\"k", user("bob", "u2")),
                new Good("quoted comma in name", "t,\"smith, j\",u3\n", "t", user("smith, j", "u3")),
                new Good("crlf and blank lines", "\r\n\na,x,1\r\n\r\nb,y,2,g\r\n", "b", user("y", "2", "g")),
                new Good("extra columns ignored", "t,carol,u4,g1,ignored,more\n", "t", user("carol", "u4", "g1")),
                new Good("spaces are kept", "t, dave,u5\n", "t", user(" dave", "u5")),
                new Good("later duplicate wins", "t,first,1\nt,second,2\n", "t", user("second", "2")),
                new Good("empty token skipped", ",ghost,0\nt,real,1\n", "t", user("real", "1")));
    }

    @ParameterizedTest
    @MethodSource
    void validFiles(Good c) {
        TokenFileAuthenticator tokens = TokenFileAuthenticator.parse("test.csv", c.file());
        assertThat(tokens.user(c.token())).contains(c.expected());
        assertThat(tokens.user("unknown")).isEmpty();
        assertThat(tokens.user("")).isEmpty();
    }

    record Bad(String name, String file, List<String> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> invalidFiles() {
        return Stream.of(
                new Bad("too few columns", "ok,a,1\n\nshort,b\n",
                        List.of("line 3: must have at least 3 columns (token, user name, user uid), found 2")),
                new Bad("bare quote", "ok,a,1\nt,b\"c,2\n", List.of("line 2: bare \" in non-quoted field")),
                new Bad("text after closing quote", "\"t\"x,a,1\n", List.of("line 1: extraneous or missing \" in quoted field")),
                new Bad("unterminated quote", "ok,a,1\nt,a,1,\"g1,g2\n", List.of("line 2: extraneous or missing \"")),
                new Bad("every bad line named", "one\nok,a,1\ntwo,2\nt,x\"y,1\n", List.of(
                        "line 1: must have at least 3 columns (token, user name, user uid), found 1",
                        "line 3: must have at least 3 columns (token, user name, user uid), found 2",
                        "line 4: bare \" in non-quoted field")));
    }

    @ParameterizedTest
    @MethodSource
    void invalidFiles(Bad c) {
        assertThatThrownBy(() -> TokenFileAuthenticator.parse("tokens.csv", c.file()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("token file 'tokens.csv' is invalid: ")
                .satisfies(e -> assertThat(e.getMessage()).contains(c.messages()));
    }

    @Test
    void quotedFieldsMaySpanLinesAndLaterLinesAreNumberedByTheFile() {
        String file = "t1,a,1,\"g1,\ng2\"\nt2,b\n";
        assertThatThrownBy(() -> TokenFileAuthenticator.parse("f", file))
                .hasMessageContaining("line 3: must have at least 3 columns");
        TokenFileAuthenticator ok = TokenFileAuthenticator.parse("f", "t1,a,1,\"g1,\ng2\"\n");
        assertThat(ok.user("t1").orElseThrow().groups()).containsExactly("g1", "\ng2");
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("tokens.csv");
        Files.writeString(csv, "s3cr3t,admin,admin-uid,\"system:masters\"\nother,viewer,v\n");
        TokenFileAuthenticator tokens = TokenFileAuthenticator.load(csv);
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.user("s3cr3t")).contains(new UserInfo("admin", "admin-uid", List.of("system:masters"), Map.of()));
        Files.writeString(csv, "broken\n");
        assertThatThrownBy(() -> TokenFileAuthenticator.load(csv)).hasMessageContaining(csv.toString()).hasMessageContaining("line 1");
    }

    private static UserInfo user(String name, String uid, String... groups) {
        return new UserInfo(name, uid, List.of(groups), Map.of());
    }
}
