package org.pointsledger.api.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The web slices' client: the calls of {@link Api}, served by MockMvc through the filters,
 * controllers and problem answers of the service, without a server. It answers
 * {@link Api.Response}, so {@link Problems} asserts the same things of a slice's answers as of
 * the server's. Like Api it sends {@link Api#TEST_API_KEY} unless told otherwise, and after
 * each request it checks the {@link Tripwire}, naming the request that reached it.
 */
public final class SliceApi {

    private final MockMvc mvc;
    private final Tripwire tripwire;
    private final String apiKey;

    SliceApi(MockMvc mvc, Tripwire tripwire, String apiKey) {
        this.mvc = mvc;
        this.tripwire = tripwire;
        this.apiKey = apiKey;
    }

    /** The same slice, with another key in the apikey header. */
    public SliceApi withKey(String key) {
        return new SliceApi(mvc, tripwire, key);
    }

    /** The same slice, with no key at all. */
    public SliceApi withoutKey() {
        return new SliceApi(mvc, tripwire, null);
    }

    public Api.Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Api.Response post(String path, String json) {
        return post(path, json, Map.of());
    }

    public Api.Response post(String path, String json, Map<String, String> headers) {
        Map<String, String> withType = new LinkedHashMap<>();
        withType.put("Content-Type", "application/json");
        withType.putAll(headers);
        return send("POST", path, json, withType);
    }

    public Api.Response put(String path, String json) {
        return send("PUT", path, json, Map.of("Content-Type", "application/json"));
    }

    /** Any method, any body, any headers: for the tests of bad input. */
    public Api.Response send(String method, String path, String body,
                             Map<String, String> headers) {
        return sendRaw(method, path,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * Any method and headers, with a body of raw bytes. The path is taken as it is written,
     * percent-escapes included, as a client would send it.
     */
    public Api.Response sendRaw(String method, String path, byte[] body,
                                Map<String, String> headers) {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(
                HttpMethod.valueOf(method), URI.create(path));
        headers.forEach(request::header);
        if (apiKey != null && headers.keySet().stream().noneMatch(name ->
                name.equalsIgnoreCase(Api.API_KEY_HEADER)
                        || name.equalsIgnoreCase("Authorization"))) {
            request.header(Api.API_KEY_HEADER, apiKey);
        }
        if (body != null) {
            request.content(body);
        }
        Api.Response response = perform(request);
        tripwire.assertNotReached(method + " " + path);
        return response;
    }

    private Api.Response perform(MockHttpServletRequestBuilder request) {
        try {
            MockHttpServletResponse answer = mvc.perform(request).andReturn().getResponse();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : answer.getHeaderNames()) {
                headers.put(name, answer.getHeaders(name));
            }
            return new Api.Response(answer.getStatus(), headers,
                    answer.getContentAsString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("the slice failed to answer", e);
        }
    }
}
