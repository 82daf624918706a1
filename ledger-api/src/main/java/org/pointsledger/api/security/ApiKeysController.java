package org.pointsledger.api.security;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.PageResponse;
import org.pointsledger.api.web.Paging;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** API keys, for admins: mint one (shown once), list them (never a key), revoke one. */
@RestController
@RequestMapping("/api/v3/admin/api-keys")
class ApiKeysController {

    private final ApiKeys keys;

    ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping
    ResponseEntity<ApiKeyResponse> mint(@RequestBody ApiKeyRequest request) {
        Set<Scope> scopes = validScopes(request);
        ApiKeys.Minted minted = keys.mint(request.name(), scopes, request.requestsPerSecond(),
                request.burst());
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v3/admin/api-keys/{id}").buildAndExpand(minted.stored().id())
                .toUri();
        return ResponseEntity.created(location)
                .body(ApiKeyResponse.of(minted.stored(), minted.key()));
    }

    @GetMapping
    PageResponse<ApiKeyResponse> list(@RequestParam(required = false) String offset,
                                      @RequestParam(required = false) String count) {
        RequestValidation validation = new RequestValidation();
        Paging paging = Paging.parse(offset, count, validation);
        validation.throwIfInvalid();
        return PageResponse.of(new Page<>(keys.page(paging.offset(), paging.count()),
                keys.count(), paging.offset()), ApiKeyResponse::of);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        if (!keys.revoke(id)) {
            throw new NotFound("API key not found: " + id);
        }
        return ResponseEntity.noContent().build();
    }

    private static Set<Scope> validScopes(ApiKeyRequest request) {
        RequestValidation validation = new RequestValidation();
        validation.require(request.name() != null, "name", "is required");
        validation.matches(request.name(), ApiKeyRules.NAME, "name", "must be 1 to "
                + ApiKeyRules.NAME_LENGTH_MAX + " characters from [A-Za-z0-9._-]");
        List<String> names = request.scopes();
        validation.require(names != null && !names.isEmpty(), "scopes",
                "must name at least one of points:read, points:write, admin");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names == null ? List.<String>of() : names) {
            Optional<Scope> scope = Scope.fromWireName(name);
            validation.require(scope.isPresent(), "scopes",
                    "has an unknown scope; known: points:read, points:write, admin");
            scope.ifPresent(scopes::add);
        }
        String range = "must be between 1 and " + ApiKeyRules.RATE_MAX;
        validation.require(ApiKeyRules.isValidRate(request.requestsPerSecond()),
                "requestsPerSecond", range);
        validation.require(ApiKeyRules.isValidRate(request.burst()), "burst", range);
        validation.throwIfInvalid();
        return scopes;
    }
}
