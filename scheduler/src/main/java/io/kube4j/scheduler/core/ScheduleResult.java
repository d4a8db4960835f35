package io.kube4j.scheduler.core;

/**
 * A successful placement decision.
 *
 * @param suggestedHost  the chosen node
 * @param evaluatedNodes nodes filtered (feasible plus rejected)
 * @param feasibleNodes  nodes that passed every filter
 */
public record ScheduleResult(String suggestedHost, int evaluatedNodes, int feasibleNodes) {
}
