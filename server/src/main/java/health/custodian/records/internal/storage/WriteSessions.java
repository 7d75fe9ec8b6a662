package health.custodian.records.internal.storage;

import health.custodian.records.internal.search.SearchIndexer;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Opens {@link WriteSession}s, each inside its own database transaction. */
@Component
public class WriteSessions {

  private final ResourceRepository repository;
  private final SearchIndexer indexer;
  private final ApplicationEventPublisher events;
  private final WriteSettings settings;
  private final TransactionTemplate transactions;
  private final ConsentDenials consents;
  private final Clock clock;

  WriteSessions(
      ResourceRepository repository,
      SearchIndexer indexer,
      ApplicationEventPublisher events,
      WriteSettings settings,
      TransactionTemplate transactions,
      ConsentDenials consents) {
    this.consents = consents;
    this.repository = repository;
    this.indexer = indexer;
    this.events = events;
    this.settings = settings;
    this.transactions = transactions;
    this.clock = Clock.systemUTC();
  }

  /**
   * Runs {@code work} in one transaction with a fresh session, flushing it before commit. Any
   * exception rolls everything back: nothing of a failed request is stored or visible.
   */
  public <T> T inTransaction(Function<WriteSession, T> work) {
    return inTransaction(null, work);
  }

  /**
   * {@link #inTransaction(Function)} with the records gateway's guard on the session: every change
   * staged and written is authorised for the caller the guard stands for.
   */
  public <T> T inTransaction(@Nullable WriteGuard guard, Function<WriteSession, T> work) {
    return transactions.execute(
        status -> {
          WriteSession session =
              new WriteSession(
                  repository, indexer, events, settings, consents, guard, clock.instant());
          T result = work.apply(session);
          session.flush();
          return result;
        });
  }

  public WriteSettings settings() {
    return settings;
  }
}
