package org.pointsledger.api.deadletters;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administration of parked events: how many there are per processing group, and a retry once
 * their cause is fixed. Admin only (the security filter guards /api/v3/admin/).
 */
@RestController
@RequestMapping("/api/v3/admin/dead-letters")
class DeadLettersController {

    private final DeadLetters deadLetters;

    DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    DeadLettersResponse list() {
        return new DeadLettersResponse(deadLetters.counts().entrySet().stream()
                .map(entry -> new GroupCount(entry.getKey(), entry.getValue())).toList());
    }

    @PostMapping("/{processingGroup}/retry")
    DeadLetters.Retry retry(@PathVariable String processingGroup) {
        return deadLetters.retry(processingGroup);
    }

    record DeadLettersResponse(List<GroupCount> processingGroups) {
    }

    record GroupCount(String processingGroup, long deadLetters) {
    }
}
