package org.pointsledger.api.rebuild;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read models as an administrator sees them: the state and progress of their latest
 * rebuild on this node, and a way to start one. Admin only (the security filter guards
 * /api/v3/admin/).
 */
@RestController
@RequestMapping(ProjectionsController.PATH)
class ProjectionsController {

    static final String PATH = "/api/v3/admin/projections";

    private final ProjectionRebuild rebuild;

    ProjectionsController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @GetMapping
    ProjectionsResponse status() {
        return new ProjectionsResponse(rebuild.status());
    }

    /** 202 with the status so far and where to follow it; 409 while another rebuild runs. */
    @PostMapping("/rebuild")
    ResponseEntity<ProjectionsResponse> rebuild() {
        RebuildStatus started = rebuild.start();
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(PATH))
                .body(new ProjectionsResponse(started));
    }

    record ProjectionsResponse(RebuildStatus rebuild) {
    }
}
