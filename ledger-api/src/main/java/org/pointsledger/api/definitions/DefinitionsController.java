package org.pointsledger.api.definitions;

import java.time.Clock;
import org.pointsledger.api.problems.InvalidRequestException;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.PageResponse;
import org.pointsledger.api.web.Parameters;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.domain.errors.Conflict;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Point definitions: the kinds of points, and their rules. */
@RestController
@RequestMapping("/api/v3/point-accounts/definitions")
class DefinitionsController {

    static final int NAME_LENGTH_MAX = 200;
    static final int DESCRIPTION_LENGTH_MAX = 1000;
    /** A hundred years: longer validity is "never expires", which is null. */
    static final int VALIDITY_MONTHS_MAX = 1200;

    private final Definitions definitions;
    private final Clock clock;

    DefinitionsController(Definitions definitions, Clock clock) {
        this.definitions = definitions;
        this.clock = clock;
    }

    @GetMapping
    PageResponse<DefinitionResponse> list() {
        var all = definitions.all();
        return PageResponse.of(new Page<>(all, all.size(), 0), DefinitionResponse::of);
    }

    @GetMapping("/{id}")
    DefinitionResponse one(@PathVariable String id) {
        return DefinitionResponse.of(find(id));
    }

    @PutMapping("/{id}")
    ResponseEntity<DefinitionResponse> put(@PathVariable String id,
                                           @RequestBody DefinitionRequest request) {
        RequestValidation validation = new RequestValidation();
        Integer definitionId = Parameters.positiveInteger(id);
        validation.require(definitionId != null, "id", "must be a positive whole number");
        validation.text(request.name(), "name", true, NAME_LENGTH_MAX);
        validation.text(request.description(), "description", false, DESCRIPTION_LENGTH_MAX);
        Integer months = request.defaultValidityMonths();
        validation.require(months == null || (months >= 1 && months <= VALIDITY_MONTHS_MAX),
                "defaultValidityMonths", "must be between 1 and " + VALIDITY_MONTHS_MAX
                        + ", or null for points that never expire");
        validation.throwIfInvalid();
        if (definitions.byId(definitionId).isEmpty()
                && definitions.count() >= Definitions.DEFINITIONS_MAX) {
            throw new Conflict("At most " + Definitions.DEFINITIONS_MAX
                    + " point definitions");
        }
        Definition definition = new Definition(definitionId, request.name(),
                request.description(), Boolean.TRUE.equals(request.allowNegativeBalance()),
                months);
        boolean created = definitions.put(definition, clock.instant());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(DefinitionResponse.of(definition));
    }

    private Definition find(String id) {
        Integer definitionId = Parameters.integer(id);
        if (definitionId == null) {
            throw new InvalidRequestException("id", "must be a whole number");
        }
        return definitions.byId(definitionId)
                .orElseThrow(() -> new NotFound("Point definition not found: " + id));
    }

}
