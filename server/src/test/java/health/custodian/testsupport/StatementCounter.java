package health.custodian.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements that HTTP request threads prepare or create, to assert that a request
 * costs a fixed number of statements however many resources it returns (no N+1). Background work
 * (event publication, start-up) runs on other threads and is not counted. Import with
 * {@code @Import(StatementCounter.Config.class)}.
 */
public final class StatementCounter {

  private static final String AUDIT_PACKAGE = "health.custodian.audit.";

  private static final StackWalker STACK = StackWalker.getInstance();

  private final AtomicLong count = new AtomicLong();

  public long count() {
    return count.get();
  }

  /** Statements issued while {@code action} runs (an HTTP call from the test thread). */
  public long during(Runnable action) {
    long before = count.get();
    action.run();
    return count.get() - before;
  }

  private DataSource wrap(DataSource target) {
    return new DelegatingDataSource(target) {
      @Override
      public Connection getConnection() throws SQLException {
        return counting(super.getConnection());
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        return counting(super.getConnection(user, password));
      }
    };
  }

  /**
   * A request thread may commit the read audit records of itself and of concurrent requests as the
   * group-commit leader (docs/audit.md): that is the audit log's cost, measured by {@code
   * AuditBenchmark}, not the request's own data access, so statements prepared by the audit
   * module's code are not counted. Told by the caller's stack, not by the SQL text, so that a
   * change to the audit's statements cannot make them count again.
   */
  private static boolean fromAuditModule() {
    return STACK.walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith(AUDIT_PACKAGE)));
  }

  private Connection counting(Connection c) {
    InvocationHandler h =
        (proxy, method, args) -> {
          String name = method.getName();
          if ((name.equals("prepareStatement")
                  || name.equals("createStatement")
                  || name.equals("prepareCall"))
              && Thread.currentThread().getName().contains("http-nio")
              && !fromAuditModule()) {
            count.incrementAndGet();
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            StatementCounter.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  @TestConfiguration
  public static class Config {

    @Bean
    static StatementCounter statementCounter() {
      return new StatementCounter();
    }

    @Bean
    static BeanPostProcessor countingDataSource(
        org.springframework.beans.factory.ObjectProvider<StatementCounter> counter) {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (bean instanceof DataSource ds && !(bean instanceof DelegatingDataSource)) {
            return counter.getObject().wrap(ds);
          }
          return bean;
        }
      };
    }
  }
}
