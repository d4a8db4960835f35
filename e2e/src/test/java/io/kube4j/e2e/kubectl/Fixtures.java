package io.kube4j.e2e.kubectl;

/** The manifests the suites create: small, valid objects with labels to select on. */
final class Fixtures {

  private Fixtures() {}

  /** Two config maps (app=web/tier=front, app=db/tier=back), a pod (app=web) and a deployment. */
  static final String MIXED = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: front
        labels: {app: web, tier: front}
      data: {color: blue}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: back
        labels: {app: db, tier: back}
      data: {color: green}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: runner
        labels: {app: web}
      spec:
        containers:
        - name: main
          image: nginx:1.27
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app: web}
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.27
      """;

  /** A config map named {@code name} with {@code data.key = value}. */
  static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
        data:
          key: "%s"
        """.formatted(name, value);
  }

  /** A one-replica stateful set named {@code name}. */
  static String statefulSet(String name) {
    return """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: %1$s
        spec:
          serviceName: %1$s
          replicas: 1
          selector:
            matchLabels: {app: %1$s}
          template:
            metadata:
              labels: {app: %1$s}
            spec:
              containers:
              - name: main
                image: postgres:16
        """.formatted(name);
  }
}
