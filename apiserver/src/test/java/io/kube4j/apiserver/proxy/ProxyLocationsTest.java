package io.kube4j.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ProxyLocationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Objects from maps, as the apiserver's stores answer (404 for a missing one). */
    private static final class Objects implements ProxyObjects {
        final Map<String, ObjectNode> nodes = new HashMap<>();
        final Map<String, ObjectNode> pods = new HashMap<>();
        final Map<String, ObjectNode> services = new HashMap<>();
        final Map<String, List<ObjectNode>> slices = new HashMap<>();

        @Override
        public ObjectNode node(String name) {
            return found(nodes.get(name), "nodes", name);
        }

        @Override
        public ObjectNode pod(String namespace, String name) {
            return found(pods.get(namespace + "/" + name), "pods", name);
        }

        @Override
        public ObjectNode service(String namespace, String name) {
            return found(services.get(namespace + "/" + name), "services", name);
        }

        @Override
        public List<ObjectNode> endpointSlices(String namespace, String service) {
            return slices.getOrDefault(namespace + "/" + service, List.of());
        }

        private static ObjectNode found(ObjectNode o, String resource, String name) {
            if (o == null) {
                throw new ApiException.NotFound(resource, "", name);
            }
            return o;
        }
    }

    private final Objects objects = new Objects();
    private final ProxyLocations locations = new ProxyLocations(objects, new SplittableRandom(7));

    private static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }

    private void node(String name, String addresses, int port) {
        objects.nodes.put(name, json("{'metadata':{'name':'" + name + "'},'status':{'addresses':" + addresses
                + ",'daemonEndpoints':{'kubeletEndpoint':{'Port':" + port + "}}}}"));
    }

    private void pod(String name, String ip, String containers) {
        objects.pods.put("ns/" + name, json("{'metadata':{'name':'" + name + "','namespace':'ns'},'spec':{'containers':"
                + containers + "},'status':" + (ip == null ? "{}" : "{'podIP':'" + ip + "','podIPs':[{'ip':'" + ip
                + "'}]}") + "}"));
    }

    private static ApiException error(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    @Test
    void idsParseAsUpstreamsSplitSchemeNamePort() {
        assertThat(ProxyId.parse("web", "pod")).isEqualTo(new ProxyId("", "web", ""));
        assertThat(ProxyId.parse("web:8080", "pod")).isEqualTo(new ProxyId("", "web", "8080"));
        assertThat(ProxyId.parse("https:web:http", "pod")).isEqualTo(new ProxyId("https", "web", "http"));
        assertThat(ProxyId.parse("web:", "pod")).isEqualTo(new ProxyId("", "web", ""));
        for (String bad : List.of("ftp:web:80", ":80", "a:b:c:d", "")) {
            ApiException e = error(() -> ProxyId.parse(bad, "service"));
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("invalid service request \"" + bad + "\"");
        }
    }

    @Test
    void nodeGoesToItsKubeletUnlessAnotherPortIsAsked() {
        node("n1", "[{'type':'Hostname','address':'n1.example'},{'type':'InternalIP','address':'10.1.2.3'}]", 10250);
        assertThat(locations.node("n1")).isEqualTo(new ProxyTarget(URI.create("https://10.1.2.3:10250"), true));
        assertThat(locations.node("n1:10250")).isEqualTo(new ProxyTarget(URI.create("https://10.1.2.3:10250"), true));
        // the kubelet port with another scheme is still the kubelet (upstream keeps its transport)
        assertThat(locations.node("http:n1:10250").kubelet()).isTrue();
        assertThat(locations.node("n1:9100")).isEqualTo(new ProxyTarget(URI.create("http://10.1.2.3:9100"), false));
        assertThat(locations.node("https:n1:9443")).isEqualTo(new ProxyTarget(URI.create("https://10.1.2.3:9443"), false));
        ApiException missing = error(() -> locations.node("n2"));
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.getMessage()).isEqualTo("nodes \"n2\" not found");
        assertThat(error(() -> locations.node("n1:http")).code()).isEqualTo(400);
    }

    @Test
    void nodeAddressesThatMayNotBeProxiedToAreRefused() {
        node("linklocal", "[{'type':'InternalIP','address':'169.254.169.254'}]", 10250);
        node("v6", "[{'type':'InternalIP','address':'fd00::5'}]", 10250);
        ApiException e = error(() -> locations.node("linklocal"));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("address not allowed");
        assertThat(locations.node("v6:8080").base()).isEqualTo(URI.create("http://[fd00::5]:8080"));
    }

    @Test
    void podPortIsTheGivenNumberOrNameOrTheFirstDeclared() {
        pod("web", "10.42.0.7", "[{'name':'side'},{'name':'app','ports':[{'name':'http','containerPort':8080},"
                + "{'name':'admin','containerPort':9090}]}]");
        assertThat(locations.pod("ns", "web").base()).isEqualTo(URI.create("http://10.42.0.7:8080"));
        assertThat(locations.pod("ns", "web:81").base()).isEqualTo(URI.create("http://10.42.0.7:81"));
        assertThat(locations.pod("ns", "web:admin").base()).isEqualTo(URI.create("http://10.42.0.7:9090"));
        assertThat(locations.pod("ns", "https:web:443")).isEqualTo(new ProxyTarget(URI.create("https://10.42.0.7:443"),
                false));
        pod("bare", "10.42.0.8", "[{'name':'app'}]");
        assertThat(locations.pod("ns", "bare").base()).isEqualTo(URI.create("http://10.42.0.8"));
        ApiException unnamed = error(() -> locations.pod("ns", "web:nope"));
        assertThat(unnamed.code()).isEqualTo(400);
        assertThat(unnamed.getMessage()).contains("no container port named \"nope\"");
    }

    @Test
    void podErrors() {
        pod("pending", null, "[{'name':'app'}]");
        pod("local", "169.254.1.1", "[{'name':'app'}]");
        assertThat(error(() -> locations.pod("ns", "pending")).getMessage()).isEqualTo("address not allowed");
        assertThat(error(() -> locations.pod("ns", "pending")).code()).isEqualTo(400);
        assertThat(error(() -> locations.pod("ns", "local")).code()).isEqualTo(400);
        ApiException missing = error(() -> locations.pod("ns", "gone:80"));
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.getMessage()).isEqualTo("pods \"gone\" not found");
        assertThat(error(() -> locations.pod("ns", "a:b:c:d")).getMessage()).isEqualTo("invalid pod request \"a:b:c:d\"");
    }

    private void service(String name, String ports) {
        objects.services.put("ns/" + name, json("{'metadata':{'name':'" + name + "','namespace':'ns'},'spec':{'ports':"
                + ports + "}}"));
    }

    private void slice(String service, String ports, String endpoints) {
        objects.slices.computeIfAbsent("ns/" + service, k -> new ArrayList<>()).add(json(
                "{'metadata':{'name':'" + service + "-x','namespace':'ns'},'addressType':'IPv4','ports':" + ports
                        + ",'endpoints':" + endpoints + "}"));
    }

    private static String endpoint(String ip, String pod, Boolean ready) {
        return "{'addresses':['" + ip + "']" + (ready == null ? "" : ",'conditions':{'ready':" + ready + "}")
                + (pod == null ? "" : ",'targetRef':{'kind':'Pod','namespace':'ns','name':'" + pod + "'}") + "}";
    }

    @Test
    void serviceGoesToAReadyEndpointOfThePortPickedAtRandom() {
        service("web", "[{'name':'http','port':80},{'name':'metrics','port':9100}]");
        pod("w1", "10.42.0.1", "[]");
        pod("w2", "10.42.0.2", "[]");
        pod("w3", "10.42.0.3", "[]");
        slice("web", "[{'name':'http','port':8080},{'name':'metrics','port':9101}]",
                "[" + endpoint("10.42.0.1", "w1", true) + "," + endpoint("10.42.0.2", "w2", null) + ","
                        + endpoint("10.42.0.3", "w3", false) + "]");
        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(locations.service("ns", "web:http").base());
        }
        assertThat(seen).containsExactlyInAnyOrder(URI.create("http://10.42.0.1:8080"), URI.create("http://10.42.0.2:8080"));
        // a port number is the service port's name; the endpoint's port is the slice's
        assertThat(locations.service("ns", "https:web:9100").base().toString()).matches("https://10\\.42\\.0\\.[12]:9101");
    }

    @Test
    void serviceWithAnUnnamedPort() {
        service("one", "[{'port':80}]");
        pod("o1", "10.42.1.1", "[]");
        slice("one", "[{'port':8080}]", "[" + endpoint("10.42.1.1", "o1", true) + "]");
        assertThat(locations.service("ns", "one").base()).isEqualTo(URI.create("http://10.42.1.1:8080"));
        assertThat(locations.service("ns", "one:80").base()).isEqualTo(URI.create("http://10.42.1.1:8080"));
    }

    @Test
    void serviceErrors() {
        assertThat(error(() -> locations.service("ns", "gone")).code()).isEqualTo(404);
        service("empty", "[{'name':'http','port':80}]");
        ApiException none = error(() -> locations.service("ns", "empty:http"));
        assertThat(none.code()).isEqualTo(503);
        assertThat(none.getMessage()).isEqualTo("no endpoints available for service \"empty\"");
        ApiException noPort = error(() -> locations.service("ns", "empty:81"));
        assertThat(noPort.code()).isEqualTo(503);
        assertThat(noPort.getMessage()).isEqualTo("no service port 81 found for service \"empty\"");

        // endpoints that do not count: not ready, no pod target, a pod without that IP, a missing pod, another port
        service("stale", "[{'name':'http','port':80}]");
        pod("moved", "10.42.2.9", "[]");
        slice("stale", "[{'name':'http','port':8080}]", "[" + endpoint("10.42.2.1", "moved", true) + ","
                + endpoint("10.42.2.2", null, true) + "," + endpoint("10.42.2.3", "gone", true) + ","
                + endpoint("10.42.2.9", "moved", false) + "]");
        slice("stale", "[{'name':'other','port':8081}]", "[" + endpoint("10.42.2.9", "moved", true) + "]");
        ApiException stale = error(() -> locations.service("ns", "stale:http"));
        assertThat(stale.code()).isEqualTo(503);
        assertThat(stale.getMessage()).isEqualTo("no endpoints available for service \"stale:http\"");
        assertThat(locations.service("ns", "stale:other").base()).isEqualTo(URI.create("http://10.42.2.9:8081"));
        assertThat(error(() -> locations.service("ns", "x:y:z:w")).code()).isEqualTo(400);
    }
}
