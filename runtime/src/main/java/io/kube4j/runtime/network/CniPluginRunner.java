package io.kube4j.runtime.network;

import io.kube4j.runtime.RuntimeFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Executes one CNI plugin binary as the CNI spec's protocol says: the operation and the container
 * in CNI_* environment variables, the network configuration on stdin, the result (or an error
 * object with {@code code}, {@code msg}, {@code details}) on stdout.
 *
 * <p>Stateless and thread-safe.
 */
final class CniPluginRunner {

    private static final Logger log = LoggerFactory.getLogger(CniPluginRunner.class);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path pluginDir;
    private final Duration timeout;

    CniPluginRunner(Path pluginDir, Duration timeout) {
        this.pluginDir = pluginDir;
        this.timeout = timeout;
    }

    /** One invocation's parameters (the CNI_* variables). */
    record Invocation(String command, String containerId, String netns, String ifName, String args) {}

    /**
     * Runs {@code type} with {@code config} on stdin.
     *
     * @return the plugin's result (ADD), or null when it printed nothing (DEL, CHECK)
     * @throws RuntimeFailure NETWORK naming the plugin and its error message
     */
    JsonNode run(String type, Invocation call, JsonNode config) {
        Path binary = pluginDir.resolve(type);
        if (!Files.isExecutable(binary)) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK,
                    "CNI plugin " + type + " not found in " + pluginDir);
        }
        ProcessBuilder builder = new ProcessBuilder(binary.toString());
        Map<String, String> env = builder.environment();
        env.put("CNI_COMMAND", call.command());
        env.put("CNI_CONTAINERID", call.containerId());
        env.put("CNI_NETNS", call.netns());
        env.put("CNI_IFNAME", call.ifName());
        env.put("CNI_ARGS", call.args());
        env.put("CNI_PATH", pluginDir.toString());
        builder.redirectErrorStream(false);
        byte[] stdin = JSON.writeValueAsBytes(config);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "CNI plugin " + type + " could not start: " + e.getMessage(), e);
        }
        try {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            Thread outReader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), stdout));
            Thread errReader = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), stderr));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK,
                        "CNI plugin " + type + " " + call.command() + " did not finish within " + timeout.toSeconds() + "s");
            }
            outReader.join();
            errReader.join();
            String out = stdout.toString(StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "CNI plugin " + type + " " + call.command()
                        + " failed: " + errorMessage(out, stderr.toString(StandardCharsets.UTF_8).trim(), process.exitValue()));
            }
            if (stderr.size() > 0) {
                log.debug("CNI plugin {} {} for {} wrote to stderr: {}", type, call.command(), call.containerId(),
                        stderr.toString(StandardCharsets.UTF_8).trim());
            }
            if (out.isEmpty()) {
                return null;
            }
            try {
                return JSON.readTree(out);
            } catch (JacksonException e) {
                throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK,
                        "CNI plugin " + type + " " + call.command() + " printed a result that is not JSON: " + abbreviate(out));
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "CNI plugin " + type + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "interrupted while CNI plugin " + type + " ran", e);
        }
    }

    /** The spec's error object's msg and details, or whatever the plugin said if it printed none. */
    static String errorMessage(String stdout, String stderr, int exitCode) {
        if (!stdout.isEmpty()) {
            try {
                JsonNode error = JSON.readTree(stdout);
                String msg = error.path("msg").asString("");
                String details = error.path("details").asString("");
                if (!msg.isEmpty()) {
                    return details.isEmpty() ? msg : msg + ": " + details;
                }
            } catch (JacksonException notJson) {
                return abbreviate(stdout);
            }
        }
        return stderr.isEmpty() ? "exit code " + exitCode : abbreviate(stderr);
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process died; what was read is what there is
        }
    }
}
