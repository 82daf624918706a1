package org.pointsledger.api.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.Link;
import org.pointsledger.api.web.PageResponse;
import org.pointsledger.api.web.Paging;
import org.pointsledger.api.web.Parameters;
import org.pointsledger.api.web.WireTimes;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.eventstore.EventStoreReader;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For auditors: an account's events as recorded, its balance as of any instant replayed from
 * them, and a verification of its hash chain and read models. All read the event store.
 */
@RestController
@RequestMapping("/api/v3/point-accounts/{id}")
class AuditController {

    /** At most this many lots are listed in a balance; the answer says when there were more. */
    static final int BALANCE_LOTS_MAX = 1000;

    private final EventStoreReader events;
    private final AccountHistory history;
    private final LedgerVerifier verifier;
    private final Clock clock;

    AuditController(EventStoreReader events, AccountHistory history, LedgerVerifier verifier,
                    Clock clock) {
        this.events = events;
        this.history = history;
        this.verifier = verifier;
        this.clock = clock;
    }

    @GetMapping("/events")
    PageResponse<EventResponse> events(@PathVariable String id,
                                       @RequestParam(required = false) String offset,
                                       @RequestParam(required = false) String count) {
        RequestValidation validation = new RequestValidation();
        String accountId = accountId(id, validation);
        Paging paging = Paging.parse(offset, count, validation);
        validation.throwIfInvalid();
        long total = events.count(accountId);
        if (total == 0) {
            throw notFound(id);
        }
        List<EventResponse> items = events.page(accountId, paging.offset(), paging.count())
                .stream().map(EventResponse::of).toList();
        return new PageResponse<>(links(accountId, paging, total), items.size(),
                paging.offset(), items, total);
    }

    @GetMapping("/balance")
    BalanceResponse balance(@PathVariable String id,
                            @RequestParam(required = false) String asOf) {
        RequestValidation validation = new RequestValidation();
        String accountId = accountId(id, validation);
        Instant at = asOf == null ? null : instant(asOf, validation);
        validation.throwIfInvalid();
        Instant now = at == null ? clock.instant() : at;
        ReplayedAccount account = history.asOf(accountId, at).orElseThrow(() -> at == null
                ? notFound(id) : new NotFound("Point account " + id + " had no events"
                        + " recorded at " + at));
        List<ReplayedAccount.LotState> lots = account.lotsHoldingPointsAt(now);
        boolean truncated = lots.size() > BALANCE_LOTS_MAX;
        return new BalanceResponse(accountId, now, account.balanceAt(now), account.pendingAt(now),
                account.balanceExpiresAt(now), account.eventCount(),
                truncated ? lots.subList(0, BALANCE_LOTS_MAX) : lots, truncated);
    }

    @GetMapping("/verify")
    Verification verify(@PathVariable String id) {
        RequestValidation validation = new RequestValidation();
        String accountId = accountId(id, validation);
        validation.throwIfInvalid();
        return verifier.verify(accountId).orElseThrow(() -> notFound(id));
    }

    private static String accountId(String id, RequestValidation validation) {
        String accountId = Parameters.accountId(id);
        validation.require(accountId != null, "id", "must be a point account id (a UUID)");
        return accountId;
    }

    private static Instant instant(String text, RequestValidation validation) {
        try {
            return WireTimes.instant(OffsetDateTime.parse(text), "asOf", validation);
        } catch (DateTimeParseException e) {
            validation.require(false, "asOf", "must be an ISO-8601 instant with an offset,"
                    + " e.g. 2024-11-13T08:16:27.949Z");
            return null;
        }
    }

    private static List<Link> links(String accountId, Paging paging, long total) {
        String path = "/api/v3/point-accounts/" + accountId + "/events?count=" + paging.count()
                + "&offset=";
        List<Link> links = new ArrayList<>();
        links.add(Link.get("/api/v3/point-accounts/" + accountId, "account"));
        if (paging.offset() > 0) {
            links.add(Link.get(path + Math.max(0, paging.offset() - paging.count()), "previous"));
        }
        if (paging.offset() + paging.count() < total) {
            links.add(Link.get(path + (paging.offset() + paging.count()), "next"));
        }
        return links;
    }

    private static NotFound notFound(String id) {
        return new NotFound("Point account not found: " + id);
    }
}
