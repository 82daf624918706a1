package org.pointsledger.api.transactions;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import org.pointsledger.api.accounts.ContactIds;
import org.pointsledger.api.problems.InvalidRequestException;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.PageResponse;
import org.pointsledger.api.web.Paging;
import org.pointsledger.api.web.Parameters;
import org.pointsledger.commands.transactions.TransactionWriter;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.pointsledger.projections.transactions.TransactionQuery;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Point transactions: add one, read one, list an account's. */
@RestController
class TransactionsController {

    private final TransactionWriter writer;
    private final TransactionQueries transactions;
    private final AccountQueries accounts;
    private final Clock clock;

    TransactionsController(TransactionWriter writer, TransactionQueries transactions,
                           AccountQueries accounts, Clock clock) {
        this.writer = writer;
        this.transactions = transactions;
        this.accounts = accounts;
        this.clock = clock;
    }

    @PostMapping("/api/v3/point-transactions")
    ResponseEntity<TransactionResponse> add(@RequestBody AddTransactionRequest request) {
        TransactionWriter.Written written = writer.add(request.checked(clock.instant()));
        TransactionResponse body = TransactionResponse.of(written.transaction());
        if (!written.created()) {
            return ResponseEntity.ok(body);
        }
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v3/point-transactions/{id}").buildAndExpand(body.id()).toUri();
        return ResponseEntity.created(location).body(body);
    }

    @GetMapping({"/api/v3/point-transactions/{id}", "/api/v3/point-accounts/transactions/{id}"})
    TransactionResponse one(@PathVariable String id) {
        if (!TransactionRules.TRANSACTION_ID.matcher(id).matches()) {
            throw new InvalidRequestException("id", "must be a transaction id: 1 to "
                    + TransactionRules.TRANSACTION_ID_LENGTH_MAX
                    + " characters from [A-Za-z0-9._:~-]");
        }
        return transactions.byId(id).map(TransactionResponse::of)
                .orElseThrow(() -> new NotFound("Point transaction not found: " + id));
    }

    @GetMapping("/api/v3/point-transactions")
    PageResponse<TransactionResponse> list(@RequestParam(required = false) String id,
                                           @RequestParam(required = false) String filter,
                                           @RequestParam(required = false) String sortBy,
                                           @RequestParam(required = false) String sortOrder,
                                           @RequestParam(required = false) String offset,
                                           @RequestParam(required = false) String count) {
        RequestValidation validation = new RequestValidation();
        validation.require(id != null, "id", "is required");
        validation.require(id == null || Parameters.accountId(id) != null, "id",
                "must be a point account id (a UUID)");
        return page(Parameters.accountId(id), filter, sortBy, sortOrder, offset, count,
                validation);
    }

    /** The platform's v2 form: by accountId, or by contactId together with definitionId. */
    @GetMapping("/api/v3/point-accounts/transactions")
    PageResponse<TransactionResponse> listByAccount(
            @RequestParam(required = false) String accountId,
            @RequestParam(required = false) String contactId,
            @RequestParam(required = false) String definitionId,
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) String sortBy,
            @RequestParam(required = false) String sortOrder,
            @RequestParam(required = false) String offset,
            @RequestParam(required = false) String count) {
        RequestValidation validation = new RequestValidation();
        String account = accountId == null ? null : Parameters.accountId(accountId);
        validation.require(accountId == null || account != null, "accountId",
                "must be a point account id (a UUID)");
        if (accountId == null) {
            validation.require(contactId != null || definitionId != null, "accountId",
                    "is required, or contactId together with definitionId");
            if (contactId != null || definitionId != null) {
                ContactIds.check(contactId, "contactId", validation);
                Integer definition = Parameters.positiveInteger(definitionId);
                validation.require(definition != null, "definitionId",
                        "must be a positive whole number");
                if (validation.isValid()) {
                    account = AccountId.of(contactId, definition).toString();
                }
            }
        }
        return page(account, filter, sortBy, sortOrder, offset, count, validation);
    }

    private PageResponse<TransactionResponse> page(String accountId, String filterText,
            String sortByText, String sortOrderText, String offset, String count,
            RequestValidation validation) {
        TransactionQuery.Filter filter = filter(filterText, validation);
        TransactionQuery.SortBy sortBy = sortBy(sortByText, validation);
        Boolean ascending = ascending(sortOrderText, validation);
        Paging paging = Paging.parse(offset, count, validation);
        validation.throwIfInvalid();
        if (accountId == null || !accounts.exists(accountId)) {
            throw new NotFound("Point account not found: " + accountId);
        }
        TransactionQuery query = new TransactionQuery(accountId, filter, sortBy, ascending,
                paging.offset(), paging.count());
        return PageResponse.of(transactions.page(query, clock.instant()),
                TransactionResponse::of);
    }

    private static TransactionQuery.Filter filter(String text, RequestValidation validation) {
        String value = text == null || text.isBlank() ? "all" : text.toLowerCase(Locale.ROOT);
        return switch (value) {
            case "all" -> TransactionQuery.Filter.ALL;
            case "active" -> TransactionQuery.Filter.ACTIVE;
            case "pending" -> TransactionQuery.Filter.PENDING;
            default -> {
                validation.require(false, "filter", "must be All, Active or Pending");
                yield TransactionQuery.Filter.ALL;
            }
        };
    }

    private static TransactionQuery.SortBy sortBy(String text, RequestValidation validation) {
        String value = text == null || text.isBlank() ? "transactiondate"
                : text.toLowerCase(Locale.ROOT);
        return switch (value) {
            case "transactiondate" -> TransactionQuery.SortBy.TRANSACTION_DATE;
            case "createdon" -> TransactionQuery.SortBy.CREATED_ON;
            default -> {
                validation.require(false, "sortBy", "must be TransactionDate or CreatedOn");
                yield TransactionQuery.SortBy.TRANSACTION_DATE;
            }
        };
    }

    private static Boolean ascending(String text, RequestValidation validation) {
        String value = text == null || text.isBlank() ? "descending"
                : text.toLowerCase(Locale.ROOT);
        return switch (value) {
            case "descending", "desc" -> false;
            case "ascending", "asc" -> true;
            default -> {
                validation.require(false, "sortOrder", "must be Ascending or Descending");
                yield false;
            }
        };
    }
}
