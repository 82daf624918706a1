package org.pointsledger.api.web;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A related call a client can make, as the points API shows them. */
public record Link(String href, String method, String rel) {

    public static Link get(String path, String rel) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        return new Link(base + path, "GET", rel);
    }
}
