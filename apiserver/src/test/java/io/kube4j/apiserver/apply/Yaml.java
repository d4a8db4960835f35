package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.json.KubeJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Test helpers: JSON with single quotes, and managedFields lookups. */
final class Yaml {
    private Yaml() {
    }

    static ObjectNode obj(String singleQuoted) {
        return (ObjectNode) KubeJson.json().readTree(singleQuoted.replace('\'', '"'));
    }

    static JsonNode entry(JsonNode obj, String manager, String operation) {
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            if (e.path("manager").asString().equals(manager) && e.path("operation").asString().equals(operation)) {
                return e;
            }
        }
        return null;
    }

    static String deployment(int replicas, String image) {
        return "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'}},"
                + "'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'app','image':'" + image
                + "','ports':[{'containerPort':80}]}]}}}}";
    }
}
