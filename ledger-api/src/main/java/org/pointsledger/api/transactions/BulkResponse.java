package org.pointsledger.api.transactions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The answer to a bulk request: the platform's result shape, plus which items were refused
 * (each as sent, with its {@code index} and {@code errorMessages}).
 */
record BulkResponse(int accepted, List<JsonNode> notAccepted, List<String> errorMessages,
                    List<Integer> missingDefinitionIds, List<String> missingContactIds) {
}
