package health.custodian;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** The Custodian server: one Spring Modulith application, one top-level package per module. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CustodianApplication {

  /** Starts the server with the given Spring arguments (e.g. {@code --server.port=8080}). */
  public static ConfigurableApplicationContext start(String... args) {
    return SpringApplication.run(CustodianApplication.class, args);
  }

  public static void main(String[] args) {
    start(args);
  }
}
