package dev.c2a.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.testing.Http;

final class HttpApiTestSupport {
    private HttpApiTestSupport() {
    }

    static long totalJobs(Http http) {
        long n = 0;
        for (JsonNode c : http.get("/v1/service").json().path("jobs")) {
            n += c.asLong();
        }
        return n;
    }
}
