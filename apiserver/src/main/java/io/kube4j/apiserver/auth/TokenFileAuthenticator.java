package io.kube4j.apiserver.auth;

import io.kube4j.apiserver.errors.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens from a static token file ({@code --token-auth-file}), upstream's format: one CSV
 * record per token, {@code token,user,uid[,"group1,group2"]}; more columns are ignored. As
 * upstream: a record with an empty token is skipped with a warning; of two records with one token
 * the later wins (with a warning). A group list's empty entries are dropped. The file is read once.
 *
 * <p>A request whose bearer token is not in the file gets 401: a presented but unknown token never
 * falls back to anonymous. Immutable after loading; thread-safe.
 */
public final class TokenFileAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(TokenFileAuthenticator.class);

    private final Map<String, UserInfo> users;

    private TokenFileAuthenticator(Map<String, UserInfo> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads the token file.
     *
     * @throws IllegalArgumentException naming the file and every bad line (with its number and
     *                                  what is wrong) when any record is malformed
     * @throws IOException              when the file cannot be read
     */
    public static TokenFileAuthenticator load(Path csv) throws IOException {
        return parse(csv.toString(), Files.readString(csv, StandardCharsets.UTF_8));
    }

    /** Parses token-file text; {@code source} names it in messages. Errors as {@link #load}. */
    public static TokenFileAuthenticator parse(String source, String text) {
        CsvRecords.Parsed parsed = CsvRecords.parse(text);
        Map<Integer, String> problems = new TreeMap<>();
        parsed.problems().forEach(p -> problems.put(p.number(), p.message()));
        Map<String, UserInfo> users = new HashMap<>();
        for (CsvRecords.Line line : parsed.records()) {
            List<String> f = line.fields();
            if (f.size() < 3) {
                problems.put(line.number(), "must have at least 3 columns (token, user name, user uid), found " + f.size());
                continue;
            }
            if (f.get(0).isEmpty()) {
                LOG.warn("empty token in token file '{}', line {}: skipped", source, line.number());
                continue;
            }
            List<String> groups = f.size() >= 4
                    ? Arrays.stream(f.get(3).split(",")).filter(g -> !g.isEmpty()).toList()
                    : List.of();
            if (users.put(f.get(0), new UserInfo(f.get(1), f.get(2), groups, Map.of())) != null) {
                LOG.warn("duplicate token in token file '{}', line {}: the later record wins", source, line.number());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("token file '" + source + "' is invalid: " + problems.entrySet().stream()
                    .map(e -> "line " + e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
        }
        return new TokenFileAuthenticator(users);
    }

    /** How many tokens the file holds. */
    public int size() {
        return users.size();
    }

    /** The user {@code token} names, or empty when the file does not hold it. */
    public Optional<UserInfo> user(String token) {
        return Optional.ofNullable(users.get(token));
    }

    @Override
    public Optional<UserInfo> authenticate(Request request) {
        return BearerToken.from(request).map(token -> user(token).orElseThrow(ApiException.Unauthorized::new));
    }
}
