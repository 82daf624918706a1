package org.pointsledger.api.accounts;

import java.net.URI;
import java.time.Clock;
import org.pointsledger.api.problems.InvalidRequestException;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.PageResponse;
import org.pointsledger.api.web.Paging;
import org.pointsledger.api.web.Parameters;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.domain.account.OpenAccount;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.balances.AccountView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Point accounts: one per contact and definition, with balance as of the read. */
@RestController
@RequestMapping("/api/v3/point-accounts")
class AccountsController {

    private final AccountQueries accounts;
    private final Definitions definitions;
    private final LedgerCommands ledger;
    private final Clock clock;

    AccountsController(AccountQueries accounts, Definitions definitions, LedgerCommands ledger,
                       Clock clock) {
        this.accounts = accounts;
        this.definitions = definitions;
        this.ledger = ledger;
        this.clock = clock;
    }

    @GetMapping
    PageResponse<AccountResponse> list(@RequestParam(required = false) String contactId,
                                       @RequestParam(required = false) String offset,
                                       @RequestParam(required = false) String count) {
        RequestValidation validation = new RequestValidation();
        ContactIds.check(contactId, "contactId", validation);
        Paging paging = Paging.parse(offset, count, validation);
        validation.throwIfInvalid();
        return PageResponse.of(accounts.byContact(contactId, paging.offset(), paging.count(),
                clock.instant()), AccountResponse::of);
    }

    @GetMapping("/{id}")
    AccountResponse one(@PathVariable String id) {
        return AccountResponse.of(find(id));
    }

    @PostMapping
    ResponseEntity<AccountResponse> open(@RequestBody OpenAccountRequest request) {
        RequestValidation validation = new RequestValidation();
        ContactIds.check(request.contactId(), "contactId", validation);
        validation.require(request.definitionId() != null, "definitionId", "is required");
        validation.throwIfInvalid();
        definitions.byId(request.definitionId()).orElseThrow(() -> new NotFound(
                "Point definition not found: " + request.definitionId()));
        OpenAccount command = OpenAccount.of(request.contactId(), request.definitionId());
        boolean created = ledger.send(command);
        AccountResponse account = AccountResponse.of(find(command.accountId().toString()));
        if (!created) {
            return ResponseEntity.ok(account);
        }
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v3/point-accounts/{id}").buildAndExpand(account.id()).toUri();
        return ResponseEntity.created(location).body(account);
    }

    private AccountView find(String id) {
        String accountId = Parameters.accountId(id);
        if (accountId == null) {
            throw new InvalidRequestException("id", "must be a point account id (a UUID)");
        }
        return accounts.byId(accountId, clock.instant())
                .orElseThrow(() -> new NotFound("Point account not found: " + id));
    }
}
