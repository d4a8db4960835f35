package io.kube4j.bench.api;

import java.nio.charset.StandardCharsets;

/**
 * Realistic pod manifests for the load: one container with ports, env, resources, probes, a
 * projected service-account volume and tolerations, labels like a Deployment's, about 2.5 KiB of
 * JSON as sent (more once the server has defaulted it). Stateless; thread-safe.
 */
final class PodManifests {
  private PodManifests() {}

  static String name(long seq) {
    return String.format(java.util.Locale.ROOT, "web-%08d", seq);
  }

  /** The pod {@code name(seq)} in {@code namespace}, as a create body. */
  static byte[] create(String namespace, long seq) {
    return json(namespace, seq, 0).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The same pod with annotation {@code bench.kube4j.io/revision} set to {@code revision}, as an
   * unconditional update body (no resourceVersion: pods allow it, as upstream).
   */
  static byte[] update(String namespace, long seq, long revision) {
    return json(namespace, seq, revision).getBytes(StandardCharsets.UTF_8);
  }

  private static String json(String namespace, long seq, long revision) {
    String name = name(seq);
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%1$s","namespace":"%2$s",\
        "labels":{"app.kubernetes.io/name":"web","app.kubernetes.io/instance":"web-frontend",\
        "app.kubernetes.io/component":"frontend","pod-template-hash":"7c9d8b6f5d","bench.kube4j.io/shard":"s%3$d"},\
        "annotations":{"bench.kube4j.io/revision":"%4$d",\
        "kubectl.kubernetes.io/default-container":"web","prometheus.io/scrape":"true","prometheus.io/port":"9090"}},\
        "spec":{"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",\
        "serviceAccountName":"default","schedulerName":"default-scheduler","priority":0,\
        "securityContext":{"runAsNonRoot":true,"runAsUser":1000,"fsGroup":2000},\
        "containers":[{"name":"web","image":"registry.example.com/team/web-frontend:v1.27.3",\
        "imagePullPolicy":"IfNotPresent","args":["--listen=:8080","--metrics=:9090","--log-level=info"],\
        "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],\
        "env":[{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},\
        {"name":"POD_NAMESPACE","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}},\
        {"name":"CACHE_SIZE_MB","value":"256"},{"name":"UPSTREAM_URL","value":"http://backend.%2$s.svc.cluster.local:8080"}],\
        "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},\
        "readinessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"periodSeconds":10,\
        "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},\
        "livenessProbe":{"httpGet":{"path":"/livez","port":8080,"scheme":"HTTP"},"initialDelaySeconds":15,\
        "periodSeconds":20,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},\
        "volumeMounts":[{"name":"config","mountPath":"/etc/web","readOnly":true},\
        {"name":"kube-api-access","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":true}],\
        "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],\
        "volumes":[{"name":"config","configMap":{"name":"web-config","defaultMode":420}},\
        {"name":"kube-api-access","projected":{"defaultMode":420,"sources":[{"serviceAccountToken":\
        {"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":\
        [{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":\
        {"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}}],\
        "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},\
        {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}}
        """.formatted(name, namespace, seq % 16, revision).strip();
  }

  /** A namespace create body. */
  static byte[] namespace(String name) {
    return ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
