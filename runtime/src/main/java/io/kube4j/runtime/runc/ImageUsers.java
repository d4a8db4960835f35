package io.kube4j.runtime.runc;

import io.kube4j.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a container's user the way container runtimes do: a numeric "uid[:gid]", or names
 * looked up in the image's /etc/passwd and /etc/group; a user's primary group comes from passwd,
 * and the groups that list the user by name are added as supplementary groups. Stateless.
 */
final class ImageUsers {

    /** The process identity: uid, gid and supplementary gids. */
    record Identity(long uid, long gid, List<Long> additionalGids) {}

    private ImageUsers() {}

    /**
     * @param rootfs the container's mounted root
     * @param imageUser the image's USER ("" for root)
     * @param runAsUser overrides the uid (null: the image's)
     * @param runAsGroup overrides the gid (null: from the user)
     */
    static Identity resolve(Path rootfs, String imageUser, Long runAsUser, Long runAsGroup, List<Long> supplemental) {
        List<String[]> passwd = table(rootfs.resolve("etc/passwd"));
        List<String[]> groups = table(rootfs.resolve("etc/group"));
        String userPart = imageUser == null ? "" : imageUser;
        String groupPart = null;
        int colon = userPart.indexOf(':');
        if (colon >= 0) {
            groupPart = userPart.substring(colon + 1);
            userPart = userPart.substring(0, colon);
        }
        long uid;
        Long gid = null;
        String userName = null;
        if (runAsUser != null) {
            uid = runAsUser;
            String[] entry = find(passwd, 2, Long.toString(uid));
            if (entry != null) {
                userName = entry[0];
                gid = number(entry[3]);
            }
            if (runAsGroup == null && groupPart != null && !groupPart.isEmpty()) {
                gid = group(groups, groupPart);
            }
        } else if (userPart.isEmpty()) {
            uid = 0;
            userName = "root";
            gid = groupPart == null || groupPart.isEmpty() ? 0L : group(groups, groupPart);
        } else {
            String[] entry = isNumeric(userPart) ? find(passwd, 2, userPart) : find(passwd, 0, userPart);
            if (entry == null && !isNumeric(userPart)) {
                throw new RuntimeFailure(RuntimeFailure.Reason.CREATE,
                        "unable to find user " + userPart + ": no matching entries in the image's /etc/passwd");
            }
            uid = entry == null ? Long.parseLong(userPart) : number(entry[2]);
            userName = entry == null ? null : entry[0];
            gid = entry == null ? null : number(entry[3]);
            if (groupPart != null && !groupPart.isEmpty()) {
                gid = group(groups, groupPart);
            }
        }
        long finalGid = runAsGroup != null ? runAsGroup : gid == null ? 0 : gid;
        Set<Long> extra = new LinkedHashSet<>();
        if (userName != null) {
            for (String[] g : groups) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(userName)) {
                    Long id = number(g[2]);
                    if (id != null && id != finalGid) {
                        extra.add(id);
                    }
                }
            }
        }
        extra.addAll(supplemental);
        return new Identity(uid, finalGid, List.copyOf(extra));
    }

    private static long group(List<String[]> groups, String nameOrId) {
        if (isNumeric(nameOrId)) {
            return Long.parseLong(nameOrId);
        }
        String[] entry = find(groups, 0, nameOrId);
        if (entry == null || number(entry[2]) == null) {
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE,
                    "unable to find group " + nameOrId + ": no matching entries in the image's /etc/group");
        }
        return number(entry[2]);
    }

    private static String[] find(List<String[]> table, int column, String value) {
        for (String[] row : table) {
            if (row.length > column && row[column].equals(value)) {
                return row;
            }
        }
        return null;
    }

    private static List<String[]> table(Path file) {
        List<String[]> rows = new ArrayList<>();
        try {
            // The image's own file: never follow a link out of the root (an absolute link would name the host's)
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return rows;
            }
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.split(":", -1);
                    if (fields.length >= 3) {
                        rows.add(fields.length >= 4 ? fields : new String[] {fields[0], fields[1], fields[2], ""});
                    }
                }
            }
        } catch (IOException e) {
            return rows;
        }
        return rows;
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static Long number(String s) {
        return isNumeric(s) ? Long.parseLong(s) : null;
    }
}
